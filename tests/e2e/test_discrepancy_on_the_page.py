"""In a real browser: a published claim's page shows the figures that disagree once a
reviewer confirms them, under the verdict, and never one that is only proposed or dismissed."""

import pytest

from claims.models import Discrepancy, Rating
from claims.services import (
    appearance_add,
    claim_submit,
    discrepancy_confirm,
    discrepancy_dismiss,
    verdict_draft,
    verdict_publish,
)
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _published(researcher, reviewer, text: str, quotes: list[str]):
    claim = ReadyClaimFactory(created_by=researcher, text=text, claimant=ClaimantFactory())
    for position, quote in enumerate(quotes, start=1):
        appearance_add(
            claim=claim,
            by=researcher,
            source=SourceFactory(title=f"Outlet {position}"),
            quote=quote,
        )
    claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = verdict_draft(
        claim=claim, by=reviewer, rating=Rating.objects.get(slug="unproven"), summary="Unclear."
    )
    verdict_publish(verdict=verdict, by=reviewer)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def people():
    return (
        UserFactory(username="rita-researcher", groups=["Researchers"]),
        UserFactory(username="victor-reviewer", groups=["Reviewers"]),
    )


def test_only_a_confirmed_discrepancy_shows_under_the_verdict(page, people, artifacts):
    researcher, reviewer = people
    shells = _published(
        researcher,
        reviewer,
        "Seven shells hit Kalinina hospital.",
        ["Seven shells hit the territory of Kalinina hospital", "Six other shells hit it"],
    )
    march = _published(
        researcher,
        reviewer,
        "The march was 45 miles.",
        ["a planned three-day, 45-mile march", "a 100 km march"],
    )
    proposed = Discrepancy.objects.get(claim=shells)
    assert Discrepancy.objects.filter(claim=march).count() == 1

    page.goto(f"/claims/{shells.slug}/")
    assert page.locator(".verdict").is_visible()
    assert page.locator(".disagreements").count() == 0
    assert "Sources disagree" not in page.inner_text("main")

    discrepancy_confirm(discrepancy=proposed, by=reviewer)
    discrepancy_dismiss(
        discrepancy=Discrepancy.objects.get(claim=march), by=reviewer, note="Two marches."
    )

    page.goto(f"/claims/{shells.slug}/")
    shown = page.locator(".verdict .disagreements")
    assert shown.get_by_role("heading", name="Sources disagree").is_visible()
    sides = shown.locator("li li").all_inner_texts()
    assert len(sides) == 2
    # Each quote (in <q>, which draws its own quotation marks), in one unit, and its source.
    assert sides[0] == "Seven shells hit the territory of Kalinina hospital (7) in Outlet 1"
    assert sides[1] == "Six other shells hit it (6) in Outlet 2"
    assert shown.get_by_role("link", name="Outlet 1").get_attribute("href").startswith("https://")
    assert shown.locator("mark").all_inner_texts() == ["Seven", "Six"]
    page.screenshot(path=str(artifacts / "claim-with-sources-disagreeing.png"), full_page=True)

    # A dismissed one is the desk's business, not the reader's.
    page.goto(f"/claims/{march.slug}/")
    assert page.locator(".verdict").is_visible()
    assert page.locator(".disagreements").count() == 0
