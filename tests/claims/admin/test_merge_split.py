"""A reviewer merges claims that turn out to be one, undoes a merge, and splits an appearance
out into a claim of its own, from the claim page, the claim list and the appearance page."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimMerge
from claims.services import claim_merge
from tests.claims.admin.pages import CHANGELIST, claim_page, messages_of
from tests.factories import AppearanceFactory, ReadyClaimFactory

pytestmark = pytest.mark.django_db


def _workflow(client, claim, **data):
    return client.post(reverse("admin:claims_claim_workflow", args=[claim.pk]), data, follow=True)


def _merge(client, claim, into, reason="The same denial, reported twice."):
    return _workflow(client, claim, action="merge", into=str(into.pk), reason=reason)


@pytest.fixture
def pair(researcher):
    kept = ReadyClaimFactory(created_by=researcher, text="The soldiers crossed by accident.")
    twin = ReadyClaimFactory(created_by=researcher, text="The soldiers strayed across.")
    return kept, twin


def test_a_reviewer_merges_a_claim_into_another_from_its_page(reviewer_client, pair):
    kept, twin = pair
    moved = twin.first_appearance

    response = _merge(reviewer_client, twin, kept)

    assert response.redirect_chain[-1][0] == claim_page(twin)
    assert messages_of(response) == [
        f"“{twin.text}” was merged into claim {kept.pk}, “{kept.text}”: its appearances, "
        "citations and topics are there now. Undo the merge from this claim's page."
    ]
    twin.refresh_from_db()
    assert (twin.status, twin.merged_into) == (Claim.Status.MERGED, kept)
    assert set(kept.appearances.all()) == {kept.first_appearance, moved}
    page = response.content.decode()
    assert f'<a href="{claim_page(kept)}">claim {kept.pk}, “{kept.text}”</a>' in page
    assert "Undo the merge" in page
    kept_page = reviewer_client.get(claim_page(kept)).content.decode()
    assert f"Claim {twin.pk}, “{twin.text}”" in kept_page


def test_the_merge_panel_chooses_the_other_claim_among_those_not_merged(
    reviewer_client, reviewer, pair
):
    kept, twin = pair
    gone = ReadyClaimFactory(text="The soldiers crossed on purpose.")
    claim_merge(claim=gone, into=kept, by=reviewer, reason="One claim.")
    page = reviewer_client.get(claim_page(twin)).content.decode()
    assert 'data-model-name="claimmerge"' in page
    assert 'name="into"' in page
    response = reviewer_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claimmerge", "field_name": "into", "term": "sold"},
    )
    assert {r["id"] for r in response.json()["results"]} == {str(kept.pk), str(twin.pk)}


def test_merging_a_claim_into_itself_is_refused(reviewer_client, pair):
    kept, _ = pair
    response = _merge(reviewer_client, kept, kept)
    assert messages_of(response) == ["A claim cannot be merged into itself."]
    kept.refresh_from_db()
    assert kept.status == Claim.Status.DRAFT


def test_merging_into_a_claim_that_is_gone_is_refused(reviewer_client, pair):
    kept, twin = pair
    gone = twin.pk + 100
    response = _workflow(reviewer_client, kept, action="merge", into=str(gone), reason="One.")
    assert messages_of(response) == [
        f"There is no claim {gone} (any more); reload and choose another."
    ]
    assert not ClaimMerge.objects.exists()


def test_a_merge_needs_a_reason_and_a_claim_to_merge_into(reviewer_client, pair):
    kept, twin = pair
    assert messages_of(_merge(reviewer_client, twin, kept, reason=" ")) == [
        "Say why these are one claim; the reason is kept in history."
    ]
    assert messages_of(_workflow(reviewer_client, twin, action="merge", reason="One.")) == [
        "Choose the claim to merge it into."
    ]
    assert not ClaimMerge.objects.exists()


def test_merging_two_claims_with_published_verdicts_is_refused(reviewer_client, publish):
    first, second = publish(), publish()
    response = _merge(reviewer_client, second, first)
    [said] = messages_of(response)
    assert said.startswith(f"Claims {second.pk} and {first.pk} both have published verdicts")
    second.refresh_from_db()
    assert second.status == Claim.Status.PUBLISHED


def test_a_reviewer_undoes_a_merge_from_the_merged_claims_page(reviewer_client, reviewer, pair):
    kept, twin = pair
    moved = twin.first_appearance
    claim_merge(claim=twin, into=kept, by=reviewer, reason="One claim.")

    refused = _workflow(reviewer_client, twin, action="unmerge", reason="")
    assert messages_of(refused) == ["Say why the merge is undone; the reason is kept in history."]
    response = _workflow(reviewer_client, twin, action="unmerge", reason="Two claims after all.")

    assert messages_of(response) == [
        f"The merge of “{twin.text}” is undone: its appearances, citations and topics are back."
    ]
    twin.refresh_from_db()
    assert (twin.status, twin.merged_into) == (Claim.Status.DRAFT, None)
    assert list(twin.appearances.all()) == [moved]


def test_the_claim_list_merges_the_chosen_claims_and_hides_merged_claims_unless_asked(
    reviewer_client, pair
):
    kept, twin = pair
    response = reviewer_client.post(
        CHANGELIST,
        {
            "action": "merge_into_chosen",
            "_selected_action": [twin.pk, kept.pk],
            "into": str(kept.pk),
            "reason": "One claim.",
        },
        follow=True,
    )
    said = messages_of(response)
    assert f"“{kept.text}”: A claim cannot be merged into itself." in said
    assert any(m.startswith(f"“{twin.text}” was merged into claim {kept.pk}") for m in said)

    def listed(query: str = "") -> list[Claim]:
        return list(reviewer_client.get(CHANGELIST + query).context["cl"].result_list)

    assert listed() == [kept]
    assert listed("?status=merged") == [twin]
    assert set(listed("?status=all")) == {kept, twin}


def test_researchers_are_neither_offered_nor_allowed_merges(researcher_client, pair):
    kept, twin = pair
    page = researcher_client.get(claim_page(twin)).content.decode()
    assert 'id="merge"' not in page
    actions = researcher_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "merge_into_chosen" not in {name for name, _ in actions}

    response = _merge(researcher_client, twin, kept)

    assert messages_of(response) == [
        "Only members of Reviewers can merge claims; rita-researcher is not one."
    ]
    twin.refresh_from_db()
    assert twin.status == Claim.Status.DRAFT


def test_an_outsider_cannot_merge(outsider_client, pair):
    kept, twin = pair
    response = outsider_client.post(
        reverse("admin:claims_claim_workflow", args=[twin.pk]),
        {"action": "merge", "into": str(kept.pk), "reason": "One."},
    )
    assert response.status_code == 403
    assert not ClaimMerge.objects.exists()


def _split(client, appearance, **data):
    return client.post(
        reverse("admin:claims_appearance_split", args=[appearance.pk]), data, follow=True
    )


def test_a_reviewer_splits_an_appearance_out_into_a_claim_of_its_own(reviewer_client, pair):
    claim, _ = pair
    caption = AppearanceFactory(claim=claim, quote="a pre-war population of nearly one million")
    page = reviewer_client.get(
        reverse("admin:claims_appearance_change", args=[caption.pk])
    ).content.decode()
    assert "Split into a new claim" in page

    response = _split(
        reviewer_client, caption, reason="Another figure.", text="Nearly a million lived there."
    )

    caption.refresh_from_db()
    new = caption.claim
    assert new != claim
    assert (new.text, new.status, new.claimant) == (
        "Nearly a million lived there.",
        Claim.Status.DRAFT,
        claim.claimant,
    )
    assert response.redirect_chain[-1][0] == claim_page(new)
    [said] = messages_of(response)
    assert said.startswith(f"{caption} is a claim of its own now: claim {new.pk}")
    assert list(claim.appearances.all()) == [claim.first_appearance]


def test_splitting_needs_a_reason_and_another_appearance_left(reviewer_client, pair):
    claim, _ = pair
    only = claim.first_appearance
    assert messages_of(_split(reviewer_client, only, reason="")) == [
        "Say why these words are a claim of their own; the reason is kept in history."
    ]
    assert messages_of(_split(reviewer_client, only, reason="Other words.")) == [
        "This is the claim's only appearance, so it is already a claim of its own."
    ]
    assert Claim.objects.count() == 2


def test_researchers_are_neither_offered_nor_allowed_a_split(researcher_client, pair):
    claim, _ = pair
    caption = AppearanceFactory(claim=claim)
    url = reverse("admin:claims_appearance_change", args=[caption.pk])
    assert "Split into a new claim" not in researcher_client.get(url).content.decode()

    response = _split(researcher_client, caption, reason="Other words.")

    assert messages_of(response) == [
        "Only members of Reviewers can split claims; rita-researcher is not one."
    ]
    caption.refresh_from_db()
    assert caption.claim == claim


def test_an_outsider_cannot_split(outsider_client, pair):
    claim, _ = pair
    caption = AppearanceFactory(claim=claim)
    response = outsider_client.post(
        reverse("admin:claims_appearance_split", args=[caption.pk]), {"reason": "Other words."}
    )
    assert response.status_code == 403
    caption.refresh_from_db()
    assert caption.claim == claim
