"""Nothing in draft or in review, and no unpublished verdict, reaches an anonymous reader."""

import re

import pytest
from django.urls import reverse

from claims.models import Rating
from claims.services import (
    appearance_add,
    claim_submit,
    claim_unpublish,
    verdict_draft,
    verdict_save,
)
from claims.site.sitemaps import SITEMAPS
from tests.factories import AttributionFactory, ClaimantFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

SECRET = "SECRET-DRAFT"


@pytest.fixture
def mixed_site(publish, correct, researcher, reviewer):
    """One article and one claimant shared by public claims and by every kind of non-public
    work, each carrying a marker that must never be shown."""
    public = publish(text="A public claim.")
    article, claimant = public.first_appearance.source, public.claimant
    same_place = {"appearance": article, "claimant": claimant, "created_by": researcher}

    ReadyClaimFactory(text=f"{SECRET} draft claim", quote=f"{SECRET} draft quote", **same_place)

    # The public claim carried again elsewhere, where a draft appears too, with its chain.
    second_article = SourceFactory()
    appearance_add(
        claim=public, by=reviewer, source=second_article, quote="The public claim, again."
    )
    draft_there = ReadyClaimFactory(
        text=f"{SECRET} draft in the second article",
        quote=f"{SECRET} words in the second article",
        appearance=second_article,
        created_by=researcher,
    )
    AttributionFactory(claim=draft_there, claimant=ClaimantFactory(name=f"{SECRET} hop"))

    in_review = claim_submit(
        claim=ReadyClaimFactory(text=f"{SECRET} claim in review", **same_place),
        by=researcher,
        reviewer=reviewer,
    )
    verdict_draft(
        claim=in_review,
        by=reviewer,
        rating=Rating.objects.get(slug="false"),
        summary=f"{SECRET} draft verdict summary",
        rationale=f"{SECRET} draft rationale",
    )

    unpublished = publish(text=f"{SECRET} unpublished claim", appearance=article, claimant=claimant)
    claim_unpublish(claim=unpublished, by=reviewer, reason="Retracted.")

    corrected = publish(text="A claim being corrected.", appearance=article, claimant=claimant)
    draft_correction = correct(corrected, rating="true", note=f"{SECRET} note", publish=False)
    verdict_save(
        verdict=draft_correction,
        by=reviewer,
        rating=Rating.objects.get(slug="true"),
        summary=f"{SECRET} correction summary",
        rationale=f"{SECRET} correction rationale",
    )
    return {
        "public": [public, corrected],
        "hidden": [in_review, unpublished],
        "article": article,
        "second_article": second_article,
        "claimant": claimant,
    }


def public_urls(site) -> list[str]:
    urls = [
        reverse("claims:home"),
        reverse("claims:list"),
        # Words only the hidden claims contain; the page echoes the query, not the marker.
        reverse("claims:list") + "?q=draft",
        reverse("claims:list") + "?q=unpublished",
        reverse("claims:list") + "?q=claim&sort=oldest",
        reverse("claims:list") + f"?article={site['article'].pk}",
        reverse("claims:list") + f"?article={site['second_article'].pk}",
        reverse("claims:list") + "?q=second+article",
        reverse("claims:list") + f"?claimant={site['claimant'].slug}",
        reverse("claims:ratings"),
        reverse("claims:article", kwargs={"pk": site["article"].pk}),
        reverse("claims:article", kwargs={"pk": site["second_article"].pk}),
        reverse("claims:claimant", kwargs={"slug": site["claimant"].slug}),
        reverse("claims:feed-rss"),
        reverse("claims:feed-atom"),
        reverse("claims:sitemap"),
        *(reverse("claims:sitemap-section", kwargs={"section": name}) for name in SITEMAPS),
        reverse("claims:robots"),
    ]
    urls += [reverse("claims:claim", kwargs={"slug": c.slug}) for c in site["public"]]
    return urls


def test_no_draft_text_reaches_any_public_url_or_feed(client, mixed_site):
    walked = 0
    for url in public_urls(mixed_site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        walked += 1
    assert walked >= 18


def test_links_on_public_pages_lead_only_to_public_pages(client, mixed_site):
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SECRET not in html, url
        queue += [
            link
            for link in re.findall(r'href="(/[^"]*)"', html)
            if not link.startswith(("/static/", "/admin/")) and "?" not in link
        ]
    assert len(seen) >= 8


def test_pages_of_hidden_claims_are_404(client, mixed_site):
    for claim in mixed_site["hidden"]:
        assert client.get(reverse("claims:claim", kwargs={"slug": claim.slug})).status_code == 404


def test_claimant_counts_ignore_unpublished_verdicts(client, mixed_site):
    response = client.get(reverse("claims:claimant", kwargs={"slug": mixed_site["claimant"].slug}))
    counts = {r.slug: r.claims for r in response.context["track_record"]}
    # The public claim and the one being corrected (still shown with its published verdict).
    assert sum(counts.values()) == 2
    assert counts["true"] == 0


def test_a_claim_under_correction_shows_its_published_verdict(client, mixed_site):
    corrected = mixed_site["public"][1]
    html = client.get(reverse("claims:claim", kwargs={"slug": corrected.slug})).content.decode()
    assert "Mostly false" in html
    assert "Corrected on" not in html
