"""Bidirectional controls: refused in URLs, names and slugs, and refused in words when they
reorder what follows; kept as they are in rows written before the rule. Through every write
path: the API, the admin, the services given plain values and the ClaimReview import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.claimreview import ImportRefused, claimreview_import
from claims.models import Appearance, Claim, Claimant, ClaimantName
from claims.services import claim_create
from sources.models import Source
from sources.services import source_create
from sources.urlnorm import normalize_url
from tests.adminforms import form_data
from tests.claims.claimreview.documents import review
from tests.factories import ClaimantFactory, SourceFactory

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override: "gnp.exe" reads "exe.png"
RLM = "\u200f"  # right-to-left mark: a word of Arabic or Hebrew text
SHAPE = {"code", "message", "fields"}
ARABIC_WITH_MARK = f"قال الوزير إن {RLM}120{RLM} جنديا عبروا الحدود."


def test_a_url_with_a_raw_override_is_refused_with_the_character_named():
    with pytest.raises(ValidationError) as refused:
        normalize_url(f"https://example.org/{RLO}gnp.exe")
    assert refused.value.code == "bidi_control"
    assert "U+202E RLO" in refused.value.messages[0]


def test_a_percent_encoded_override_in_a_path_is_kept_encoded_and_shown_encoded(publish, client):
    url = "https://example.org/%E2%80%AEgnp.exe"
    assert normalize_url(url) == url
    source, _ = source_create(url=url, send=False)
    claim = publish(appearance=source)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert ">https://example.org/%E2%80%AEgnp.exe</a>" in html
    assert RLO not in html


def test_the_api_refuses_an_override_in_a_source_url_and_in_a_claimant_name(researcher_api):
    source = researcher_api.post(
        "/api/v1/sources/", {"url": f"https://example.org/{RLO}gnp.exe"}, format="json"
    )
    assert source.status_code == 400
    assert set(source.json()) == SHAPE
    assert "url" in source.json()["fields"]
    claimant = researcher_api.post(
        "/api/v1/claimants/", {"name": f"Ivan {RLO}vonavI", "kind": "person"}, format="json"
    )
    assert claimant.status_code == 400
    assert "U+202E RLO" in str(claimant.json()["fields"]["name"])
    assert not Source.objects.exists()
    assert not Claimant.objects.exists()


def test_a_name_refuses_even_a_mark_and_words_keep_one(researcher_api):
    name = researcher_api.post(
        "/api/v1/claimants/", {"name": f"{RLM}Ministry", "kind": "government"}, format="json"
    )
    assert name.status_code == 400
    assert "U+200F RLM" in str(name.json()["fields"]["name"])

    source = researcher_api.post(
        "/api/v1/sources/", {"url": "https://example.org/a"}, format="json"
    ).json()
    claimant = researcher_api.post(
        "/api/v1/claimants/", {"name": "Ministry", "kind": "government"}, format="json"
    ).json()
    claim = {
        "text": ARABIC_WITH_MARK,
        "quote": ARABIC_WITH_MARK,
        "appearance_id": source["id"],
        "claimant_id": claimant["id"],
    }
    kept = researcher_api.post("/api/v1/claims/", claim, format="json")
    assert kept.status_code == 201, kept.json()
    assert Claim.objects.get().text == ARABIC_WITH_MARK

    reordered = researcher_api.post(
        "/api/v1/claims/",
        {**claim, "text": f"The {RLO}claim", "quote": "other words"},
        format="json",
    )
    assert reordered.status_code == 400
    assert "text" in reordered.json()["fields"]
    quoted = researcher_api.post(
        "/api/v1/claims/",
        {**claim, "text": "Another claim.", "quote": f"the convoy {RLO}dessorc"},
        format="json",
    )
    assert quoted.status_code == 400
    assert quoted.json()["code"] == "bidi_control"
    assert "quote" in quoted.json()["fields"]
    assert Claim.objects.count() == 1


def test_the_services_refuse_controls_given_as_plain_values(researcher):
    claimant, source = ClaimantFactory(), SourceFactory()
    with pytest.raises(ValidationError) as refused:
        claim_create(
            by=researcher,
            text="The convoy crossed.",
            claimant=claimant,
            source=source,
            quote=f"the convoy {RLO}dessorc",
        )
    assert refused.value.code == "bidi_control"
    assert set(refused.value.message_dict) == {"quote"}
    assert not Claim.objects.exists()
    assert not Appearance.objects.exists()
    with pytest.raises(ValidationError):
        ClaimantName.objects.create(claimant=claimant, name=f"{RLO}nomis")
    with pytest.raises(ValidationError):
        source_create(url="https://example.org/b", title="ok", publisher=f"{RLO}sretueR")


def test_the_admin_shows_a_form_error(researcher_client):
    data = form_data(researcher_client, reverse("admin:claims_claimant_add"))
    data.update({"name": f"Ivan {RLO}vonavI", "kind": "person", "slug": "ivan"})
    response = researcher_client.post(reverse("admin:claims_claimant_add"), data)
    assert response.status_code == 200
    assert "U+202E RLO" in str(response.context["adminform"].form.errors["name"])
    assert not Claimant.objects.exists()


def test_the_admin_refuses_an_override_in_a_new_claims_words_logged_on_the_article_page(
    researcher_client,
):
    article = SourceFactory()
    page = reverse("admin:sources_source_change", args=[article.pk])
    data = form_data(researcher_client, page)
    data.update(
        {
            "appearances-0-new_claim_text": f"The soldiers {RLO}tnedicca",
            "appearances-0-quote": "crossed the border by accident",
            "appearances-0-new_claim_claimant": str(ClaimantFactory().pk),
        }
    )
    response = researcher_client.post(page, data)
    assert response.status_code == 200
    assert "U+202E RLO" in response.content.decode()
    assert not Claim.objects.exists()


def test_the_claimreview_import_refuses_an_override_in_any_field_it_stores(editor):
    document = [
        review(1),
        review(
            2,
            itemReviewed={
                "@type": "Claim",
                "author": {"@type": "Person", "name": "Jane Minister"},
                "appearance": {
                    "@type": "CreativeWork",
                    "url": "https://news.example.org/bread",
                    "headline": "Bread prices",
                    "publisher": {"@type": "Organization", "name": f"{RLO}sweN elpmaxE"},
                },
            },
        ),
    ]
    with pytest.raises(ImportRefused) as refused:
        claimreview_import(document=document, by=editor)
    assert [entry.index for entry in refused.value.refused] == [1]
    entry = refused.value.refused[0]
    assert entry.code == "bidi_control"
    assert "U+202E RLO" in entry.reason
    assert not Claim.objects.exists()
    assert not Source.objects.exists()


def test_a_row_stored_before_the_rule_keeps_its_words_until_that_field_is_edited(researcher):
    claimant = ClaimantFactory(name="Ministry")
    Claimant.objects.filter(pk=claimant.pk).update(name=f"Ivan {RLO}vonavI")
    claimant.refresh_from_db()
    claimant.description = "Saving another field leaves the stored name alone."
    claimant.save()
    assert Claimant.objects.get(pk=claimant.pk).name == f"Ivan {RLO}vonavI"
    claimant.name = f"Ivan {RLO}vonavI!"
    with pytest.raises(ValidationError) as refused:
        claimant.save()
    assert set(refused.value.message_dict) == {"name"}


def test_words_with_a_mark_are_shown_in_an_element_of_their_own_direction(publish, client):
    claim = publish(text=ARABIC_WITH_MARK, quote=ARABIC_WITH_MARK)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f'<h1 id="claim-heading" dir="auto">{ARABIC_WITH_MARK}</h1>' in html
    quote = html.split('<blockquote class="quote" dir="auto"', 1)[1].split("</blockquote>", 1)[0]
    assert f"<p>{ARABIC_WITH_MARK}</p>" in quote
    listed = client.get("/claims/").content.decode()
    assert '<h3 class="claim-row__text" dir="auto">' in listed
