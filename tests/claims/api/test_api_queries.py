import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.claims.helpers import publish_claims

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/api/v1/claims/?page_size=100", "/api/v1/sources/?page_size=100"])
def test_a_list_costs_the_same_queries_for_1_and_100_rows(anonymous, researcher, reviewer, url):
    publish_claims(1, researcher=researcher, reviewer=reviewer)
    one = _queries(anonymous, url)
    publish_claims(99, researcher=researcher, reviewer=reviewer)

    hundred = _queries(anonymous, url)

    assert hundred == one
    assert one <= 6


def test_a_claim_list_for_staff_costs_the_same_queries_for_1_and_100_rows(
    researcher_api, researcher, reviewer, django_assert_max_num_queries
):
    publish_claims(100, researcher=researcher, reviewer=reviewer)

    with django_assert_max_num_queries(8):
        response = researcher_api.get("/api/v1/claims/?page_size=100")

    assert len(response.json()["results"]) == 100
