"""In a real browser: a hostile rationale runs nothing, and every public page passes axe-core."""

import pytest

from claims.models import Rating
from claims.services import claim_submit, verdict_draft, verdict_publish
from tests.factories import AttributionFactory, ReadyClaimFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOSTILE = (
    "Plain words.\n\n"
    "<script>window.__ran = 'script'</script>\n\n"
    '<img src="x" onerror="window.__ran = \'onerror\'">\n\n'
    '<a href="javascript:window.__ran=\'link\'" id="bad-link">a link</a>\n\n'
    "<svg onload=\"window.__ran = 'svg'\"></svg>"
)


def published_claim(*, rationale: str = "It is **wrong**.", rating: str = "false"):
    researcher = UserFactory(username="rita-researcher", groups=["Researchers"])
    reviewer = UserFactory(username="victor-reviewer", groups=["Reviewers"])
    claim = ReadyClaimFactory(created_by=researcher, text="Seven shells hit the hospital.")
    AttributionFactory(claim=claim, position=1, verb="citing")
    claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
    verdict = verdict_draft(
        claim=claim,
        by=reviewer,
        rating=Rating.objects.get(slug=rating),
        summary="A caption in the same article says six.",
        rationale=rationale,
    )
    verdict_publish(verdict=verdict, by=reviewer)
    claim.refresh_from_db()
    return claim


def test_a_rationale_with_scripts_executes_nothing(new_page):
    claim = published_claim(rationale=HOSTILE)
    # Once with the site's CSP and once without it, so the sanitised HTML alone is shown to
    # be inert, not only the policy.
    dialogs = []
    for bypass_csp in (False, True):
        page = new_page(bypass_csp=bypass_csp)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"/claims/{claim.slug}/")
        assert "Plain words." in page.inner_text(".rationale")
        if page.locator("#bad-link").count():
            page.click("#bad-link")
        assert page.evaluate("window.__ran") is None
        assert page.locator(".rationale script, .rationale img, .rationale svg").count() == 0
        assert dialogs == []


def axe_violations(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result
    ]


def test_public_pages_have_no_axe_violations(new_page, axe_source):
    claim = published_claim()
    pages = {
        "home": "/",
        "list": "/claims/?q=shells",
        "claim": f"/claims/{claim.slug}/",
        "article": f"/articles/{claim.first_appearance.source_id}/",
        "claimant": f"/claimants/{claim.claimant.slug}/",
        "ratings": "/ratings/",
    }
    # axe is injected into the page, which the site's CSP rightly forbids; bypass it here.
    page = new_page(bypass_csp=True)
    found = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, url
        found[name] = axe_violations(page, axe_source)
    assert found == {name: [] for name in pages}


def test_the_claim_page_fits_a_phone_screen(new_page):
    claim = published_claim()
    page = new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/claims/{claim.slug}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
