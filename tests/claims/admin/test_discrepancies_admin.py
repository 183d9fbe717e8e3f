"""The desk of figures that disagree: a reviewer sees both quotes, both sources and both
figures in one unit, and confirms, dismisses (with a reason) or explains from the list."""

import pytest
from django.urls import reverse

from claims.models import Discrepancy
from claims.services import appearance_add, claim_create
from tests.claims.admin.pages import messages_of
from tests.factories import ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:claims_discrepancy_changelist")


@pytest.fixture
def shells(researcher):
    article = SourceFactory(title="Russian soldiers captured in Ukraine")
    claim = claim_create(
        by=researcher,
        text="Seven shells hit Kalinina hospital.",
        claimant=ClaimantFactory(),
        source=article,
        quote="Seven shells hit the territory of Kalinina hospital",
    )
    appearance_add(
        claim=claim,
        by=researcher,
        source=SourceFactory(title="A caption elsewhere"),
        quote="Six other shells hit the territory of this hospital",
    )
    return Discrepancy.objects.get()


def test_the_desk_shows_both_quotes_sources_and_values(reviewer_client, shells):
    page = reviewer_client.get(LIST).content.decode()
    assert "<mark>Seven</mark> shells hit the territory of Kalinina hospital" in page
    assert "<mark>Six</mark> other shells" in page
    assert "Russian soldiers captured in Ukraine" in page
    assert "A caption elsewhere" in page
    assert 'value="confirm"' in page
    assert 'value="dismiss"' in page


def test_a_reviewer_confirms_from_the_list(reviewer_client, shells, reviewer):
    response = reviewer_client.post(
        LIST, {"action": "confirm", "_selected_action": [shells.pk]}, follow=True
    )
    assert any("confirmed" in m for m in messages_of(response))
    shells.refresh_from_db()
    assert (shells.status, shells.decided_by) == ("confirmed", reviewer)
    assert shells.history.latest().history_user == reviewer


def test_a_dismissal_from_the_list_needs_a_reason(reviewer_client, shells):
    bare = reviewer_client.post(
        LIST, {"action": "dismiss", "_selected_action": [shells.pk]}, follow=True
    )
    assert any("Say why" in m for m in messages_of(bare))
    shells.refresh_from_db()
    assert shells.status == "proposed"
    reason = "1 + 6 = 7: the morgue is on the hospital's grounds"
    reviewer_client.post(
        LIST, {"action": "dismiss", "_selected_action": [shells.pk], "note": reason}
    )
    shells.refresh_from_db()
    assert (shells.status, shells.note) == ("dismissed", reason)
    page = reviewer_client.get(reverse("admin:claims_discrepancy_change", args=[shells.pk]))
    assert reason.replace("'", "&#x27;") in page.content.decode()


def test_a_researcher_sees_the_desk_but_decides_nothing(researcher_client, shells):
    page = researcher_client.get(LIST).content.decode()
    assert "<mark>Seven</mark>" in page
    assert 'value="confirm"' not in page
    researcher_client.post(LIST, {"action": "confirm", "_selected_action": [shells.pk]})
    shells.refresh_from_db()
    assert shells.status == "proposed"


def test_a_claims_page_links_to_its_pairs_on_the_desk(reviewer_client, shells, researcher):
    claim_page = reverse("admin:claims_claim_change", args=[shells.claim_id])
    page = reviewer_client.get(claim_page).content.decode()
    assert f"{LIST}?claim={shells.claim_id}" in page
    assert "Figures that disagree: 1 proposed" in page

    other = claim_create(
        by=researcher,
        text="Another claim.",
        claimant=ClaimantFactory(),
        source=SourceFactory(),
        quote="Four shells hit a school",
    )
    desk = reviewer_client.get(f"{LIST}?claim={shells.claim_id}").content.decode()
    assert "<mark>Seven</mark>" in desk
    assert reviewer_client.get(f"{LIST}?claim={other.pk}").content.decode().count("<mark>") == 0


@pytest.mark.parametrize("given", ["²", "٣", "-1", "x", "9" * 20])
def test_a_claim_that_is_no_id_lists_every_pair(reviewer_client, shells, given):
    response = reviewer_client.get(LIST, {"claim": given})
    assert response.status_code == 200
    assert "<mark>Seven</mark>" in response.content.decode()
