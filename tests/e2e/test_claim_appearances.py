"""In a real browser: a reader opens a published claim that two outlets carried, each through
its own chain, and sees both appearances with both chains and who reported it first."""

import datetime

import pytest

from claims.models import Rating
from claims.services import appearance_add, claim_submit, verdict_draft, verdict_publish
from tests.factories import (
    AttributionFactory,
    ClaimantFactory,
    ReadyClaimFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def chain(appearance, *hops: tuple[str, str]) -> None:
    for position, (name, verb) in enumerate(hops, start=1):
        AttributionFactory(
            appearance=appearance, position=position, claimant=ClaimantFactory(name=name), verb=verb
        )


@pytest.fixture
def travelled():
    """The "by accident" denial, published by the reviewer with two appearances: VICE
    News's, through Reuters, and an example wire's a day earlier, translated from Russian,
    through RIA Novosti."""
    researcher = UserFactory(username="rita-researcher", groups=["Researchers"])
    reviewer = UserFactory(username="victor-reviewer", groups=["Reviewers"])
    vice = SourceFactory(
        title="Ukraine Captures Russian Paratroopers",
        publisher="VICE News",
        published_on=datetime.date(2014, 8, 26),
    )
    wire = SourceFactory(
        title="Example wire: soldiers strayed",
        publisher="Example Wire (example data)",
        published_on=datetime.date(2014, 8, 25),
    )
    claim = ReadyClaimFactory(
        created_by=researcher,
        text="The Russian paratroopers crossed into Ukraine by accident.",
        appearance=vice,
        quote="crossed the border by accident",
        made_on=datetime.date(2014, 8, 26),
        claimant=ClaimantFactory(name="Russian Defence Ministry"),
    )
    chain(
        claim.first_appearance,
        ("Reuters", "citing"),
        ("Russian news agencies", "quoting"),
        ("A defence ministry source", "said"),
    )
    other = appearance_add(
        claim=claim,
        by=researcher,
        source=wire,
        quote="were patrolling the border and most likely crossed it by accident",
        made_on=datetime.date(2014, 8, 25),
        original_language="ru",
        translated_by="outlet",
    )
    chain(other, ("RIA Novosti", "citing"), ("An unnamed Defence Ministry official", "said"))
    claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = verdict_draft(
        claim=claim,
        by=reviewer,
        rating=Rating.objects.get(slug="false"),
        summary="Ukraine's border guards say they were captured 20 km inside Ukraine.",
        rationale="The capture was **far from the border**.",
    )
    verdict_publish(verdict=verdict, by=reviewer)
    claim.refresh_from_db()
    return claim


def test_a_reader_sees_both_appearances_with_both_chains_and_who_reported_first(
    page, travelled, artifacts
):
    page.goto(f"/claims/{travelled.slug}/")

    first_reported = page.locator(".first-reported").inner_text()
    assert first_reported.startswith(
        "First reported by Example Wire (example data) on 25 August 2014"
    )
    appearances = page.locator("li.appearance")
    assert appearances.count() == 2
    wire, vice = appearances.nth(0), appearances.nth(1)

    assert wire.locator("h3").inner_text() == (
        "Example wire: soldiers strayed, Example Wire (example data)"
    )
    assert "translated by the outlet" in wire.inner_text()
    assert wire.locator("blockquote.quote").inner_text() == (
        "were patrolling the border and most likely crossed it by accident"
    )
    assert wire.locator("blockquote.quote").get_attribute("lang") == "en"
    assert wire.locator(".chain li").all_inner_texts() == [
        "RIA Novosti citing",
        "An unnamed Defence Ministry official said",
    ]

    assert vice.locator("h3").inner_text() == "Ukraine Captures Russian Paratroopers, VICE News"
    assert vice.locator("blockquote.quote").inner_text() == "crossed the border by accident"
    assert vice.locator(".chain li").all_inner_texts() == [
        "Reuters citing",
        "Russian news agencies quoting",
        "A defence ministry source said",
    ]
    assert vice.get_by_role("heading", name="How it reached VICE News").is_visible()
    page.screenshot(path=str(artifacts / "claim-with-two-appearances.png"), full_page=True)

    # Each outlet's name leads to the page of the article it appeared in.
    wire.locator("h3 a").click()
    page.wait_for_url("**/articles/*/")
    assert "The Russian paratroopers crossed into Ukraine by accident." in page.inner_text("main")


def test_a_claim_with_two_appearances_has_no_axe_violations(new_page, travelled, axe_source):
    from tests.e2e.test_safety_and_accessibility import axe_violations

    page = new_page(bypass_csp=True)
    for url in (
        f"/claims/{travelled.slug}/",
        f"/articles/{travelled.first_appearance.source_id}/",
    ):
        assert page.goto(url).status == 200, url
        assert axe_violations(page, axe_source) == [], url
