"""In a real browser: a researcher opens an archived article, reads the claims suggested from
its text, logs one from the form filled from the guesses, and dismisses another."""

import pytest

from claims.models import Attribution, Claim, SuggestedClaim
from claims.suggestions.build import suggest_for_source
from tests.claims.suggestions.conftest import archived
from tests.e2e.test_similar_admin import _scoped_axe_violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_researcher_logs_one_suggested_claim_and_dismisses_another(
    new_page, axe_source, artifacts
):
    researcher = UserFactory(username="rita-researcher", groups=["Researchers"])
    article = archived()
    suggest_for_source(article)
    page = new_page(researcher)
    page.goto(f"/admin/sources/source/{article.pk}/change/")

    panel = page.locator("#suggested-claims")
    assert panel.get_by_role("heading", name="Suggested claims from the archived text").is_visible()
    marked = panel.locator("li.suggested-claim mark").all_inner_texts()
    assert any(text.startswith("At least 344,000 people have fled") for text in marked)
    assert "Should the talks have been held at all?" not in marked
    assert _scoped_axe_violations(page, axe_source, "#suggested-claims") == []
    page.screenshot(path=str(artifacts / "admin-suggested-claims.png"), full_page=True)

    chain = SuggestedClaim.objects.get(source=article, sentence__startswith="Reuters cited")
    panel.locator(f"#suggestion-{chain.pk}").get_by_role("link", name="Log this claim").click()
    page.wait_for_url(f"**/suggested-claims/{chain.pk}/log/")
    assert page.locator("#id_chain").input_value() == (
        "Reuters (citing)\nRussian news agencies (quoting)\ndefence ministry source (said)"
    )
    page.fill("#id_text", "The captured soldiers crossed the border by accident.")
    page.fill("#id_quote", 'the soldiers had crossed the border "by accident."')
    page.get_by_role("button", name="Log this claim").click()
    page.wait_for_url(f"**/admin/sources/source/{article.pk}/change/")
    assert "as a draft" in page.locator(".messagelist").inner_text()

    claim = Claim.objects.get(text="The captured soldiers crossed the border by accident.")
    assert claim.claimant.name == "defence ministry source"
    assert [
        (hop.claimant.name, hop.verb)
        for hop in Attribution.objects.filter(appearance=claim.first_appearance).order_by(
            "position"
        )
    ] == [
        ("Reuters", "citing"),
        ("Russian news agencies", "quoting"),
        ("defence ministry source", "said"),
    ]

    director = SuggestedClaim.objects.get(source=article, sentence__startswith='"We heard')
    row = page.locator(f"#suggestion-{director.pk}")
    row.get_by_label("Not a claim to log, because").fill("A witness's account.")
    row.get_by_role("button", name="Dismiss").click()
    page.wait_for_url(f"**/admin/sources/source/{article.pk}/change/")
    assert page.locator(f"#suggestion-{director.pk}").count() == 0
    director.refresh_from_db()
    assert (director.status, director.dismissed_reason) == ("dismissed", "A witness's account.")
