import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claimant
from claims.services import figures_read
from tests.claims.helpers import publish_claims
from tests.factories import AppearanceFactory, AttributionFactory, ClaimantNameFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


LISTS = [
    "/api/v1/claims/?page_size=100",
    "/api/v1/sources/?page_size=100",
    "/api/v1/appearances/?page_size=100",
    "/api/v1/claimants/?page_size=100",
    "/api/v1/claimant-names/?page_size=100",
]


def _name_every_claimant() -> None:
    for claimant in Claimant.objects.filter(names__isnull=True):
        ClaimantNameFactory(claimant=claimant)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_for_1_and_100_rows(
    anonymous, researcher_api, researcher, reviewer, url
):
    publish_claims(1, researcher=researcher, reviewer=reviewer)
    _name_every_claimant()
    one = [_queries(anonymous, url), _queries(researcher_api, url)]
    publish_claims(99, researcher=researcher, reviewer=reviewer)
    _name_every_claimant()

    hundred = [_queries(anonymous, url), _queries(researcher_api, url)]

    assert hundred == one
    # Staff pay for their token and their permissions.
    assert one[0] <= 6
    assert one[1] <= one[0] + 3


def test_a_claim_list_for_staff_reads_100_claims_in_9_queries(
    researcher_api, researcher, reviewer, django_assert_max_num_queries
):
    publish_claims(100, researcher=researcher, reviewer=reviewer)

    # The claims, their topics, appearances, chains, figures and verdicts; the count, the
    # token and the user's permissions.
    with django_assert_max_num_queries(9):
        response = researcher_api.get("/api/v1/claims/?page_size=100")

    assert len(response.json()["results"]) == 100


def _appear_again(claim, times: int) -> None:
    for n in range(times):
        appearance = AppearanceFactory(
            claim=claim, quote=f"At least {300 + n},000 fled and {n + 2} shells hit it"
        )
        figures_read(appearance)
        AttributionFactory(appearance=appearance, position=1)
        AttributionFactory(appearance=appearance, position=2)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/{pk}/",
        "/api/v1/claims/",
        "/api/v1/appearances/?claim={pk}&page_size=100",
        "/api/v1/attributions/?claim={pk}&page_size=100",
    ],
)
def test_a_claim_with_100_appearances_costs_what_one_with_1_does(anonymous, published_claim, url):
    url = url.format(pk=published_claim.pk)
    one = _queries(anonymous, url)
    _appear_again(published_claim, 99)

    hundred = _queries(anonymous, url)

    assert hundred == one
    claim = anonymous.get(f"/api/v1/claims/{published_claim.pk}/").json()
    assert len(claim["appearances"]) == 100
    assert sum(len(a["figures"]) for a in claim["appearances"]) >= 2 * 99
