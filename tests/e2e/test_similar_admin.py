"""In a real browser: a researcher logging the claims of an article types a quote that
another outlet carried, sees the claim it is suggested under the field with its reasons and
the shared words marked, attaches the quote to it in one click, and once the claim is
published a reader sees both appearances on its page."""

import datetime
import re

import pytest

from claims.models import Appearance, Rating
from claims.services import claim_submit, verdict_draft, verdict_publish
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TYPED = "The soldiers crossed the border by accident, the ministry said."
QUOTE = "#id_appearances-0-quote"
SUGGESTIONS = "#id_appearances-0-quote-similar"


@pytest.fixture
def logged():
    """The "by accident" claim as VICE News carried it, in review; and the wire's article,
    where the researcher is logging claims."""
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
        published_on=datetime.date(2014, 8, 27),
    )
    claim = ReadyClaimFactory(
        created_by=researcher,
        text="The captured Russian soldiers crossed the border into Ukraine by accident.",
        appearance=vice,
        quote="the soldiers had crossed the border by accident",
        made_on=datetime.date(2014, 8, 26),
        claimant=ClaimantFactory(name="Russian Defence Ministry"),
    )
    claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    return {"researcher": researcher, "reviewer": reviewer, "claim": claim, "wire": wire}


def _publish(claim, reviewer) -> None:
    verdict = verdict_draft(
        claim=claim,
        by=reviewer,
        rating=Rating.objects.get(slug="false"),
        summary="They were captured 20 km inside Ukraine.",
        rationale="The capture was **far from the border**.",
    )
    verdict_publish(verdict=verdict, by=reviewer)


def _scoped_axe_violations(page, axe_source: str, *selectors: str) -> list[dict]:
    """axe's violations within the parts of the page this feature adds. The admin page as a
    whole has some of Django's own (its autocomplete widgets' comboboxes have no name, the
    inline table has an empty header, the breadcrumbs' links differ by colour alone)."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "async (selectors) => (await axe.run({include: selectors.map((s) => [s])}, "
        "{resultTypes: ['violations']})).violations",
        list(selectors),
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result]


def test_a_researcher_attaches_a_quote_to_the_claim_suggested_and_a_reader_sees_both(
    new_page, logged, axe_source, artifacts
):
    claim, wire = logged["claim"], logged["wire"]
    page = new_page(logged["researcher"])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/admin/sources/source/{wire.pk}/change/")

    page.locator(QUOTE).press_sequentially(TYPED, delay=10)
    page.fill("#id_appearances-0-position", "2")

    region = page.locator(SUGGESTIONS)
    suggestion = region.locator("li.similar-suggestion").first
    suggestion.wait_for()
    assert region.get_attribute("aria-live") == "polite"
    assert suggestion.locator(".similar-claim").inner_text() == claim.text
    assert suggestion.locator(".similar-claim mark").all_inner_texts() == [
        "soldiers",
        "crossed",
        "border",
        "accident",
    ]
    level, score, claimant, status = re.fullmatch(
        r"(.+), score (\d\.\d\d) · (.+) · (.+)", suggestion.locator(".similar-facts").inner_text()
    ).groups()
    assert (level, claimant, status) == (
        "Likely the same claim",
        "Russian Defence Ministry",
        "In review",
    )
    assert 0.78 <= float(score) <= 1
    assert (
        suggestion.locator(".similar-reasons li")
        .first.inner_text()
        .startswith("shares the words soldiers, crossed, border, accident")
    )
    assert "Matched by wording" in region.inner_text()
    attach = suggestion.get_by_role("button", name="Attach as an appearance of this claim")
    assert attach.get_attribute("aria-describedby") == (
        suggestion.locator(".similar-claim").get_attribute("id")
    )
    assert _scoped_axe_violations(page, axe_source, "#similar-claims", SUGGESTIONS) == []
    page.screenshot(path=str(artifacts / "admin-similar-claims.png"), full_page=True)

    attach.click()
    page.wait_for_url(f"**/admin/sources/source/{wire.pk}/change/")
    assert f"Logged these words as an appearance of claim {claim.pk}" in page.inner_text(
        ".messagelist"
    )
    added = Appearance.objects.get(source=wire)
    assert (added.claim_id, added.quote, added.position) == (claim.pk, TYPED, 2)
    assert errors == []

    _publish(claim, logged["reviewer"])
    reader = new_page()
    reader.goto(f"/claims/{claim.slug}/")
    quotes = reader.locator("li.appearance blockquote.quote").all_inner_texts()
    assert sorted(quotes) == sorted(["the soldiers had crossed the border by accident", TYPED])
    assert "Example Wire (example data)" in reader.inner_text("main")


def test_suggestions_go_when_the_words_left_have_no_content(new_page, logged):
    from playwright.sync_api import expect

    page = new_page(logged["researcher"])
    page.goto(f"/admin/sources/source/{logged['wire'].pk}/change/")
    field = page.locator(QUOTE)
    field.press_sequentially(TYPED, delay=10)
    expect(page.locator(f"{SUGGESTIONS} li.similar-suggestion")).to_have_count(1)

    field.fill("")
    with page.expect_response(lambda response: "/similar/?" in response.url) as answer:
        field.press_sequentially("the, and", delay=10)

    assert answer.value.status == 400
    expect(page.locator(f"{SUGGESTIONS} li")).to_have_count(0)


def test_without_the_script_find_similar_claims_shows_them_on_a_page_of_their_own(
    new_page, logged, axe_source
):
    page = new_page(logged["researcher"])
    page.goto(f"/admin/sources/source/{logged['wire'].pk}/change/")
    page.fill("#similar-find-text", TYPED)
    page.get_by_role("button", name="Find similar claims").click()

    page.wait_for_url("**/find-similar/?text=*")
    found = page.locator("li.similar-suggestion")
    assert found.count() == 1
    assert found.locator("mark").all_inner_texts() == ["soldiers", "crossed", "border", "accident"]
    assert found.get_by_role("button", name="Attach as an appearance of this claim").is_visible()
    assert _scoped_axe_violations(page, axe_source, "#content-main") == []
