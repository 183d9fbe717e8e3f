"""Researcher logs a claim in the admin, a reviewer publishes its verdict, a reader finds it."""

import json

import pytest

from claims.models import Claim, Claimant
from tests.factories import ClaimantFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def choose(page, field_id: str, text: str) -> None:
    """Pick text in one of the admin's autocomplete (select2) widgets, as a person does."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def test_a_claim_goes_from_the_admin_to_a_reader(new_page, site_url, artifacts, settings):
    settings.CLAIMTRAIL_PUBLISHER_NAME = "Example Fact Check"
    researcher = UserFactory(username="rita-researcher", groups=["Researchers"])
    reviewer = UserFactory(username="victor-reviewer", groups=["Reviewers"])
    SourceFactory(
        url="https://news.example.org/morgue",
        title="Shells fall on Donetsk",
        publisher="Example News",
    )
    ClaimantFactory(name="Chief mortician", kind=Claimant.Kind.PERSON)

    # The researcher logs the claim with its first appearance and its origin citation, and
    # sends it to the reviewer.
    desk = new_page(researcher)
    desk.goto("/admin/claims/claim/add/")
    desk.fill("#id_text", "A mortar shell hit the Donetsk morgue on Sunday morning.")
    choose(desk, "id_claimant", "Chief mortician")
    choose(desk, "id_appearances-0-source", "Shells fall on Donetsk")
    desk.fill(
        "#id_appearances-0-quote", "a mortar shell smashed through the ceiling of Donetsk morgue"
    )
    desk.fill("#id_appearances-0-made_on", "2014-08-24")
    choose(desk, "id_citations-0-source", "Shells fall on Donetsk")
    desk.select_option("#id_citations-0-role", "origin")
    with desk.expect_navigation():
        desk.click("input[name=_continue]")
    desk.wait_for_selector("#workflow")
    desk.select_option("#workflow-reviewer", label=str(reviewer))
    desk.click("input[value='Submit for review']")
    desk.wait_for_selector(".messagelist .success")
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.IN_REVIEW

    # The reviewer rates it and publishes from the verdict desk.
    review = new_page(reviewer)
    review.goto(f"/admin/claims/verdict/add/?claim={claim.pk}")
    review.select_option("#id_rating", label="True")
    review.fill("#id_summary", "The morgue was hit; photos and staff confirm it.")
    review.fill("#id_rationale", "Our reporter saw the **hole in the ceiling**.")
    review.click("input[name=_publish]")
    review.wait_for_selector(".messagelist .success")

    # An anonymous reader finds it by searching from the home page.
    reader = new_page()
    reader.goto("/")
    reader.fill("#site-search-q", "morgue")
    reader.press("#site-search-q", "Enter")
    reader.click("text=A mortar shell hit the Donetsk morgue on Sunday morning.")
    reader.wait_for_url(f"**/claims/{claim.slug}/")
    assert reader.locator("#verdict-heading .rating").inner_text() == "True"
    assert "photos and staff confirm it" in reader.inner_text("main")
    assert reader.locator(".rationale strong").inner_text() == "hole in the ceiling"
    assert reader.locator(".first-reported").inner_text() == (
        "First reported by Example News on 24 August 2014."
    )
    assert reader.locator("li.appearance blockquote.quote").inner_text() == (
        "a mortar shell smashed through the ceiling of Donetsk morgue"
    )
    reader.screenshot(path=str(artifacts / "claim-page.png"), full_page=True)

    review_ld = json.loads(reader.locator("script[type='application/ld+json']").text_content())
    published_at = claim.verdicts.get().published_at
    article = {
        "@type": "CreativeWork",
        "url": "https://news.example.org/morgue",
        "headline": "Shells fall on Donetsk",
        "publisher": {"@type": "Organization", "name": "Example News"},
        "datePublished": "2014-08-26",
    }
    assert review_ld == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{site_url}/claims/{claim.slug}/",
        "claimReviewed": "A mortar shell hit the Donetsk morgue on Sunday morning.",
        "datePublished": published_at.date().isoformat(),
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 5,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "True",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Chief mortician"},
            "datePublished": "2014-08-24",
            "appearance": [article],
            "firstAppearance": article,
        },
    }
