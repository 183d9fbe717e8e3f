import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import publish
from tests.factories import AttributionFactory, ReadyClaimFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _publish_claims(count: int, *, researcher, reviewer) -> None:
    topic = TopicFactory()
    for _ in range(count):
        claim = ReadyClaimFactory(created_by=researcher)
        claim.topics.add(topic)
        AttributionFactory(claim=claim, position=1)
        AttributionFactory(claim=claim, position=2)
        publish(claim, researcher=researcher, reviewer=reviewer)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/api/v1/claims/?page_size=100", "/api/v1/sources/?page_size=100"])
def test_a_list_costs_the_same_queries_for_1_and_100_rows(anonymous, researcher, reviewer, url):
    _publish_claims(1, researcher=researcher, reviewer=reviewer)
    one = _queries(anonymous, url)
    _publish_claims(99, researcher=researcher, reviewer=reviewer)

    hundred = _queries(anonymous, url)

    assert hundred == one
    assert one <= 6


def test_a_claim_list_for_staff_costs_the_same_queries_for_1_and_100_rows(
    researcher_api, researcher, reviewer, django_assert_max_num_queries
):
    _publish_claims(100, researcher=researcher, reviewer=reviewer)

    with django_assert_max_num_queries(8):
        response = researcher_api.get("/api/v1/claims/?page_size=100")

    assert len(response.json()["results"]) == 100
