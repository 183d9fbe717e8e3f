"""The matcher's matrix of stored vectors: kept in step with the table in one query, searched
for the best row of each claim, without claims merged away or rows deleted."""

import numpy as np
import pytest

from claims.models import Claim, Embedding
from claims.similar.vectors import Vectors
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db

MODEL = "test-model"


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _store(claim: Claim, vector: np.ndarray, appearance=None, model: str = MODEL) -> Embedding:
    return Embedding.objects.create(
        claim=claim,
        appearance=appearance,
        model=model,
        revision=1,
        sha256="0" * 64,
        vector=Embedding.pack(vector),
    )


@pytest.fixture
def claims():
    return [ClaimFactory() for _ in range(3)]


def test_it_reads_only_its_models_rows(claims):
    _store(claims[0], _unit(1, 0, 0))
    _store(claims[1], _unit(0, 1, 0), model="another-model")
    vectors = Vectors(MODEL)
    vectors.refresh()
    assert vectors.counts() == {"vectors": 1, "claims": 1, "dimensions": 3}


def test_nothing_changed_costs_one_query(claims, django_assert_num_queries):
    _store(claims[0], _unit(1, 0, 0))
    vectors = Vectors(MODEL)
    vectors.refresh()
    with django_assert_num_queries(1):
        assert vectors.refresh() == 0


def test_new_and_changed_rows_are_read_and_only_they(claims, django_assert_num_queries):
    first = _store(claims[0], _unit(1, 0, 0))
    vectors = Vectors(MODEL)
    vectors.refresh()
    _store(claims[1], _unit(0, 1, 0))
    first.vector = Embedding.pack(_unit(0, 0, 1))
    first.save()
    with django_assert_num_queries(2):
        assert vectors.refresh() == 2
    assert vectors.counts()["vectors"] == 2
    with django_assert_num_queries(1):
        assert vectors.search(_unit(0, 0, 1), 1) == [{"claim": claims[0].pk, "score": 1.0}]


def test_a_claim_counts_once_by_its_best_row(claims):
    appearance = AppearanceFactory(claim=claims[0])
    _store(claims[0], _unit(1, 0, 0))
    _store(claims[0], _unit(1, 1, 0), appearance=appearance)
    _store(claims[1], _unit(1, 0.2, 0))
    vectors = Vectors(MODEL)
    vectors.refresh()
    found = vectors.search(_unit(1, 1, 0), 5)
    assert [row["claim"] for row in found] == [claims[0].pk, claims[1].pk]
    assert found[0]["score"] == pytest.approx(1.0)


def test_merged_claims_and_deleted_rows_are_not_found(claims):
    for claim, vector in zip(
        claims, [_unit(1, 0, 0), _unit(1, 0.1, 0), _unit(1, 0.3, 0)], strict=True
    ):
        _store(claim, vector)
    vectors = Vectors(MODEL)
    vectors.refresh()
    Claim.objects.filter(pk=claims[0].pk).update(status=Claim.Status.MERGED)
    Embedding.objects.filter(claim=claims[1]).delete()
    assert vectors.search(_unit(1, 0, 0), 2) == [
        {"claim": claims[2].pk, "score": pytest.approx(float(_unit(1, 0.3, 0)[0]), abs=1e-6)}
    ]
    # The deleted row is gone from the matrix; the merged claim's stays, should it come back.
    assert vectors.counts()["vectors"] == 2


def test_it_grows_past_its_first_capacity(claims):
    appearances = [AppearanceFactory(claim=claims[0]) for _ in range(4)]
    for i, appearance in enumerate(appearances):
        _store(claims[0], _unit(1, i, 0), appearance=appearance)
    _store(claims[1], _unit(0, 0, 1))
    vectors = Vectors(MODEL, capacity=2)
    vectors.refresh()
    assert vectors.counts() == {"vectors": 5, "claims": 2, "dimensions": 3}
    assert [row["claim"] for row in vectors.search(_unit(0, 0, 1), 3)] == [
        claims[1].pk,
        claims[0].pk,
    ]
