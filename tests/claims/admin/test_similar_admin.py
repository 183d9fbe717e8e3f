"""Claims like the words typed on an article's page: the script's JSON endpoint, the page
that shows them without the script, and the POST that attaches the words as an appearance,
each for who may add appearances only, with the services' refusals as messages."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from claims.models import Appearance
from claims.services import claim_submit
from tests.claims.admin.pages import messages_of
from tests.claims.helpers import publish
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

TYPED = "The soldiers crossed the border by accident, the ministry said."


@pytest.fixture
def article():
    return SourceFactory(title="Paratroopers strayed, says Moscow", publisher="Example Daily")


@pytest.fixture
def accident(researcher, reviewer):
    """The "by accident" claim, in review, first published by another outlet."""
    claim = ReadyClaimFactory(
        created_by=researcher,
        text="The captured Russian soldiers crossed the border into Ukraine by accident.",
        quote="the soldiers had crossed the border by accident",
        claimant=ClaimantFactory(name="Russian Defence Ministry"),
    )
    return claim_submit(claim=claim, by=researcher, reviewer=reviewer)


def _url(name: str, article) -> str:
    return reverse(f"admin:sources_source_{name}", args=[article.pk])


def test_the_endpoint_suggests_the_claim_with_its_shared_words_level_and_reasons(
    researcher_client, article, accident
):
    response = researcher_client.get(_url("similar", article), {"text": TYPED})

    assert response.status_code == 200
    body = response.json()
    best = body["results"][0]
    assert best["claim"]["id"] == accident.pk
    assert best["claim"]["admin_url"] == reverse("admin:claims_claim_change", args=[accident.pk])
    assert best["level"] == "same"
    assert "".join(piece["text"] for piece in best["pieces"]) == accident.text
    assert [p["text"] for p in best["pieces"] if p["shared"]] == [
        "soldiers",
        "crossed",
        "border",
        "accident",
    ]
    assert any(r["kind"] == "wording" for r in best["reasons"])
    assert body["semantic"]["used"] is False
    assert body["semantic"]["reason"]


def test_the_endpoint_refuses_text_without_words_in_the_apis_shape(researcher_client, article):
    response = researcher_client.get(_url("similar", article), {"text": "the, and, said"})

    assert response.status_code == 400
    assert response.json()["code"] == "text_without_words"


def test_the_endpoint_is_for_who_may_add_appearances_only(
    outsider_client, client, article, accident
):
    refused = outsider_client.get(_url("similar", article), {"text": TYPED})
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_permitted"

    anonymous = client.get(_url("similar", article), {"text": TYPED})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))


def test_the_article_page_carries_the_panel_and_script_only_for_who_may_attach(
    researcher_client, outsider, article
):
    page = researcher_client.get(reverse("admin:sources_source_change", args=[article.pk]))
    html = page.content.decode()
    assert 'id="similar-claims"' in html
    assert "claims/admin/similar.js" in html
    assert 'id="similar-attach"' in html
    assert "csrfmiddlewaretoken" in html

    # Someone who may read the article but not log appearances gets the page as it was.
    outsider.user_permissions.add(Permission.objects.get(codename="view_source"))
    viewer = Client()
    viewer.force_login(outsider)
    page = viewer.get(reverse("admin:sources_source_change", args=[article.pk]))
    assert page.status_code == 200
    assert "similar-claims" not in page.content.decode()


def test_without_the_script_find_similar_shows_the_suggestions_and_their_attach_forms(
    researcher_client, article, accident
):
    response = researcher_client.get(_url("find_similar", article), {"text": TYPED})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<section class="similar-suggestions" aria-live="polite"' in html
    assert "<mark>crossed</mark>" in html
    assert "<mark>accident</mark>" in html
    assert "Likely the same claim" in html
    assert "shares the words" in html
    assert f'name="claim" value="{accident.pk}"' in html
    assert "Attach as an appearance of this claim" in html


def test_find_similar_says_why_it_cannot_look_up_a_text_without_words(researcher_client, article):
    response = researcher_client.get(_url("find_similar", article), {"text": "?!"})

    assert response.status_code == 200
    assert "has no words to match" in response.content.decode()


def test_attach_logs_the_words_as_an_appearance_of_the_claim_in_this_article(
    researcher_client, researcher, article, accident
):
    response = researcher_client.post(
        _url("attach", article),
        {"claim": accident.pk, "quote": TYPED, "position": "4", "made_on": "2014-08-27"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_source_change", args=[article.pk])
    added = Appearance.objects.get(source=article)
    assert (added.claim_id, added.quote, added.position, added.created_by) == (
        accident.pk,
        TYPED,
        4,
        researcher,
    )
    assert str(added.made_on) == "2014-08-27"
    assert added.history.get().history_change_reason == "added"
    accident.refresh_from_db()
    assert TYPED in accident.appearance_words
    assert messages_of(response) == [
        f"Logged these words as an appearance of claim {accident.pk}, “{accident}”, at position 4."
    ]


def test_attach_to_a_published_claim_is_a_reviewers_and_the_service_says_so(
    researcher_client, reviewer_client, researcher, reviewer, article
):
    claim = ReadyClaimFactory(created_by=researcher, text="Crossed the border by accident.")
    publish(claim, researcher=researcher, reviewer=reviewer)
    post = {"claim": claim.pk, "quote": TYPED}

    refused = researcher_client.post(_url("attach", article), post)
    assert refused.status_code == 302
    assert "only a reviewer" in messages_of(refused)[0]
    assert not Appearance.objects.filter(source=article).exists()

    reviewer_client.post(_url("attach", article), post)
    assert Appearance.objects.filter(source=article, claim=claim).count() == 1


@pytest.mark.parametrize(
    ("post", "said"),
    [
        ({"quote": TYPED}, "This field is required."),
        ({"claim": "99999", "quote": TYPED}, "That claim is not there any more, or was merged."),
        ({"claim": "{claim}", "quote": "  "}, "Give the exact words as they were published here."),
        ({"claim": "{claim}", "quote": TYPED, "position": "-1"}, "greater than or equal to 0"),
        ({"claim": "{claim}", "quote": TYPED, "language": "not a tag"}, "BCP 47"),
    ],
)
def test_a_bad_attach_post_is_a_message_and_writes_nothing(
    researcher_client, article, accident, post, said
):
    post = {name: value.format(claim=accident.pk) for name, value in post.items()}

    response = researcher_client.post(_url("attach", article), post)

    assert response.status_code == 302
    assert said in " ".join(messages_of(response))
    assert not Appearance.objects.filter(source=article).exists()


def test_the_same_words_at_the_same_place_twice_are_refused_as_the_service_refuses_them(
    researcher_client, article, accident
):
    post = {"claim": accident.pk, "quote": TYPED, "position": "2"}
    researcher_client.post(_url("attach", article), post)

    again = researcher_client.post(_url("attach", article), post)

    assert again.status_code == 302
    assert Appearance.objects.filter(source=article).count() == 1
    assert messages_of(again)


def test_attach_is_a_post_and_for_who_may_add_appearances_only(
    researcher_client, outsider_client, article, accident
):
    assert researcher_client.get(_url("attach", article)).status_code == 405
    refused = outsider_client.post(_url("attach", article), {"claim": accident.pk, "quote": TYPED})
    assert refused.status_code == 403
    assert not Appearance.objects.filter(source=article).exists()


def test_the_endpoint_costs_the_same_queries_for_1_and_30_suggestions(
    researcher_client, researcher, article, accident
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counted() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = researcher_client.get(
                _url("similar", article), {"text": TYPED, "claimant": accident.claimant_id}
            )
        return len(response.json()["results"]), len(queries)

    one = counted()
    for number in range(30):
        ReadyClaimFactory(
            created_by=researcher,
            text=f"Soldiers crossed the border by accident near post {number}.",
            quote=f"crossed the border by accident near post {number}",
        )

    many = counted()

    assert (one[0], many[0]) == (1, 5)
    assert many[1] == one[1]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"text": "border " * 800}, "text_too_long"),
        ({"text": ""}, "text_required"),
        ({"text": TYPED, "claimant": "99999"}, "invalid"),
        ({"text": TYPED, "claimant": "x"}, "invalid"),
    ],
)
def test_the_endpoint_refuses_what_it_cannot_look_up_with_a_400(
    researcher_client, article, query, code
):
    response = researcher_client.get(_url("similar", article), query)

    assert response.status_code == 400
    assert response.json()["code"] == code
