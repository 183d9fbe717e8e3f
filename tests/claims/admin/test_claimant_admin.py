"""Claimants under every name outlets give them: other names logged on the claimant's page,
found by any of them in any script, and two claimants who are one merged by a reviewer."""

import pytest
from django.urls import reverse

from claims.models import Claimant, ClaimantName
from tests.adminforms import form_data
from tests.claims.admin.pages import messages_of
from tests.factories import AttributionFactory, ClaimantFactory, ClaimantNameFactory, ClaimFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claimant_changelist")


def _page(claimant) -> str:
    return reverse("admin:claims_claimant_change", args=[claimant.pk])


def _names(client, claimant, rows: list[tuple[str, str, str]]):
    data = form_data(client, _page(claimant))
    data["names-TOTAL_FORMS"] = str(len(rows))
    for i, (name, kind, language) in enumerate(rows):
        data.update(
            {f"names-{i}-name": name, f"names-{i}-kind": kind, f"names-{i}-language": language}
        )
    return client.post(_page(claimant), data)


@pytest.fixture
def paratrooper():
    return ClaimantFactory(name="Ivan Milchankov")


def test_a_researcher_logs_a_claimants_other_names(researcher_client, paratrooper):
    response = _names(
        researcher_client,
        paratrooper,
        [
            ("Ivan Vasilyevich Milchakov", "full", ""),
            ("Мильчаков", "original", "RU"),
        ],
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    names = {(n.name, n.kind, n.language, n.key) for n in paratrooper.names.all()}
    assert names == {
        ("Ivan Vasilyevich Milchakov", "full", "", "ivan vasilyevich milchakov"),
        ("Мильчаков", "original", "ru", "milchakov"),
    }


def test_a_name_in_a_language_tag_that_is_not_bcp_47_is_refused(researcher_client, paratrooper):
    response = _names(researcher_client, paratrooper, [("Мильчаков", "original", "russian")])
    assert response.status_code == 200
    [names] = response.context["inline_admin_formsets"]
    assert names.formset.forms[0].errors["language"] == [
        "“russian” is not a BCP 47 language tag. Use one such as en, ru, uk or pt-BR."
    ]
    assert not ClaimantName.objects.exists()


def _found(client, term: str) -> list[str]:
    return [c.name for c in client.get(CHANGELIST, {"q": term}).context["cl"].result_list]


def test_the_list_finds_a_claimant_by_any_of_their_names_across_scripts(
    researcher_client, paratrooper
):
    ClaimantNameFactory(claimant=paratrooper, name="Мильчаков", language="ru")
    latin = ClaimantFactory(name="Оксана Петренко")
    ClaimantNameFactory(claimant=latin, name="Oksana Petrenko")
    ClaimantFactory(name="Reuters", kind="media")

    assert _found(researcher_client, "Мильчаков") == ["Ivan Milchankov"]
    assert _found(researcher_client, "milchakov") == ["Ivan Milchankov"]
    assert _found(researcher_client, "Петренко") == ["Оксана Петренко"]
    assert _found(researcher_client, "Reut") == ["Reuters"]


def test_a_search_by_other_names_counts_each_claim_once(researcher_client, paratrooper):
    ClaimantNameFactory(claimant=paratrooper, name="Ivan Milchakov")
    ClaimantNameFactory(claimant=paratrooper, name="Ivan Vasilyevich Milchakov")
    ClaimFactory(claimant=paratrooper)
    [listed] = researcher_client.get(CHANGELIST, {"q": "milchakov"}).context["cl"].result_list
    assert listed.claim_count == 1


def test_the_claimant_autocomplete_finds_a_claimant_by_another_spelling(
    researcher_client, paratrooper
):
    ClaimantNameFactory(claimant=paratrooper, name="Мильчаков")
    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "claims",
            "model_name": "claim",
            "field_name": "claimant",
            "term": "Milchakov",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Ivan Milchankov"]


def _merge(client, claimant, into):
    return client.post(
        reverse("admin:claims_claimant_merge", args=[claimant.pk]),
        {"into": str(into.pk) if into else ""},
        follow=True,
    )


def test_a_reviewer_merges_two_claimants_keeping_the_one_chosen(reviewer_client, paratrooper):
    other = ClaimantFactory(name="Ivan Milchakov")
    ClaimantNameFactory(claimant=other, name="Мильчаков")
    claim = ClaimFactory(claimant=other)
    hop = AttributionFactory(claim=ClaimFactory(), claimant=other)
    assert "Merge into the claimant kept" in reviewer_client.get(_page(other)).content.decode()

    response = _merge(reviewer_client, other, paratrooper)

    assert response.redirect_chain[-1][0] == _page(paratrooper)
    assert messages_of(response) == [
        "“Ivan Milchakov” was merged into “Ivan Milchankov”: their claims and hops name Ivan "
        "Milchankov now, and their names are among its other names."
    ]
    assert not Claimant.objects.filter(pk=other.pk).exists()
    claim.refresh_from_db()
    hop.refresh_from_db()
    assert claim.claimant == hop.claimant == paratrooper
    assert set(paratrooper.names.values_list("name", flat=True)) == {"Ivan Milchakov", "Мильчаков"}


def test_merging_a_claimant_into_itself_or_into_nobody_is_refused(reviewer_client, paratrooper):
    assert messages_of(_merge(reviewer_client, paratrooper, paratrooper)) == [
        "A claimant cannot be merged into itself."
    ]
    assert messages_of(_merge(reviewer_client, paratrooper, None)) == [
        "Choose the claimant to keep."
    ]
    assert Claimant.objects.filter(pk=paratrooper.pk).exists()


def test_researchers_are_neither_offered_nor_allowed_a_claimant_merge(
    researcher_client, paratrooper
):
    other = ClaimantFactory(name="Ivan Milchakov")
    assert (
        "Merge into the claimant kept" not in researcher_client.get(_page(other)).content.decode()
    )

    response = _merge(researcher_client, other, paratrooper)

    assert messages_of(response) == [
        "Only members of Reviewers can merge claimants; rita-researcher is not one."
    ]
    assert Claimant.objects.filter(pk=other.pk).exists()


def test_an_outsider_can_neither_open_a_claimant_nor_merge_claimants(outsider_client, paratrooper):
    other = ClaimantFactory()
    assert outsider_client.get(_page(other)).status_code == 403
    response = outsider_client.post(
        reverse("admin:claims_claimant_merge", args=[other.pk]), {"into": str(paratrooper.pk)}
    )
    assert response.status_code == 403
    assert Claimant.objects.filter(pk=other.pk).exists()
