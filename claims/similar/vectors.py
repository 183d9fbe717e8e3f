"""The matcher's copy of every stored vector of its model, in one float32 matrix, kept in
step with the Embedding table and searched by one matrix-vector product.

Rows are read incrementally: before each search, one indexed query lists the rows stamped
since the last refresh began, less a margin (a transaction commits a little after it stamps
its rows, and the writer's clock may be a little behind), and only the vectors of those new
or changed are read. A row deleted (its claim or
appearance was) is dropped when it would have been a result: every search checks its best
rows against the table, in one query by primary key, which also leaves out claims merged
into another since.
"""

import logging
import threading
from datetime import timedelta

import numpy as np
from django.utils import timezone

from ..models import Claim, Embedding

logger = logging.getLogger(__name__)

# Longer than any transaction that writes embeddings takes between stamping its rows and
# committing them.
COMMIT_MARGIN = timedelta(seconds=10)


class Vectors:
    """Every Embedding row of one model: its primary key, claim and vector, by matrix row."""

    def __init__(self, model: str, *, capacity: int = 4096) -> None:
        self.model = model
        self.capacity = capacity
        self.lock = threading.Lock()
        self.loaded = False
        self.size = 0
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.pks = np.zeros(0, dtype=np.int64)
        self.claims = np.zeros(0, dtype=np.int64)
        self.row_of: dict[int, int] = {}
        self.stamp_of: dict[int, object] = {}
        self.settled = None

    # Reading the table.

    def refresh(self) -> int:
        """Bring the matrix up to date with the table; returns the rows read."""
        with self.lock:
            rows = Embedding.objects.filter(model=self.model)
            # Every row stamped before this, less the margin, is committed by the time the
            # query below runs: the next refresh need not list it again.
            settled = timezone.now() - COMMIT_MARGIN
            if not self.loaded:
                read = self._read(rows)
                self.loaded, self.settled = True, settled
                logger.info("Holding %s vectors of %s", self.size, self.model)
                return read
            stamps = dict(rows.filter(updated_at__gte=self.settled).values_list("pk", "updated_at"))
            self.settled = settled
            changed = [pk for pk, stamp in stamps.items() if self.stamp_of.get(pk) != stamp]
            if not changed:
                return 0
            return self._read(rows.filter(pk__in=changed))

    def _read(self, rows) -> int:
        read = 0
        fields = ("pk", "claim_id", "vector", "updated_at")
        for pk, claim_id, vector, stamp in rows.order_by().values_list(*fields).iterator(2000):
            self._put(pk, claim_id, np.frombuffer(bytes(vector), dtype="<f4"), stamp)
            read += 1
        return read

    def _put(self, pk: int, claim_id: int, vector: np.ndarray, stamp) -> None:
        row = self.row_of.get(pk)
        if self.size == 0 and row is None:
            self.matrix = np.zeros((self.capacity, vector.size), dtype=np.float32)
            self.pks = np.zeros(self.capacity, dtype=np.int64)
            self.claims = np.zeros(self.capacity, dtype=np.int64)
        if vector.size != self.matrix.shape[1]:
            logger.error(
                "Embedding %s has %s numbers, not %s like the others of %s; left out",
                pk,
                vector.size,
                self.matrix.shape[1],
                self.model,
            )
            return
        if row is None:
            if self.size == len(self.pks):
                self._grow()
            row = self.size
            self.size += 1
            self.row_of[pk] = row
        self.matrix[row] = vector
        self.pks[row] = pk
        self.claims[row] = claim_id
        self.stamp_of[pk] = stamp

    def _grow(self) -> None:
        capacity = len(self.pks) * 2
        self.matrix = np.resize(self.matrix, (capacity, self.matrix.shape[1]))
        self.pks = np.resize(self.pks, capacity)
        self.claims = np.resize(self.claims, capacity)

    def _drop(self, gone: set[int]) -> None:
        keep = ~np.isin(self.pks[: self.size], np.fromiter(gone, dtype=np.int64))
        self.matrix = np.ascontiguousarray(self.matrix[: self.size][keep])
        self.pks = self.pks[: self.size][keep].copy()
        self.claims = self.claims[: self.size][keep].copy()
        self.size = len(self.pks)
        self.row_of = {int(pk): row for row, pk in enumerate(self.pks)}
        for pk in gone:
            self.stamp_of.pop(pk, None)

    # Searching.

    def search(self, query: np.ndarray, limit: int) -> list[dict]:
        """The claims whose best row is closest to query (normalised), best first, with
        that row's cosine: at most limit, none merged away or deleted."""
        query = query.astype(np.float32)
        # Claims have a few rows each: the best rows for several times the claims wanted
        # are nearly always enough; when checking them leaves too few, look further.
        wanted = max(limit * 2, 20)
        with self.lock:
            scores = None
            while self.size and query.size == self.matrix.shape[1]:
                if scores is None:
                    scores = self.matrix[: self.size] @ query
                results, gone = self._checked(_top(scores, min(wanted, self.size)), scores, limit)
                if gone:
                    # Rows of deleted claims or appearances: dropped, and the scores made
                    # again for the rows that remain.
                    self._drop(gone)
                    scores = None
                if len(results) >= limit or (not gone and wanted >= self.size):
                    return results
                if not gone:
                    wanted *= 4
            return []

    def _checked(self, rows: np.ndarray, scores: np.ndarray, limit: int) -> tuple[list, set]:
        """The results among rows as the table has them now, and the rows it no longer has."""
        pks = [int(self.pks[row]) for row in rows]
        current = {
            pk: (claim_id, status)
            for pk, claim_id, status in Embedding.objects.filter(pk__in=pks).values_list(
                "pk", "claim_id", "claim__status"
            )
        }
        gone = set(pks) - set(current)
        results, seen = [], set()
        for row, pk in zip(rows, pks, strict=True):
            if pk in gone:
                continue
            claim_id, status = current[pk]
            if status == Claim.Status.MERGED or claim_id in seen:
                continue
            seen.add(claim_id)
            results.append({"claim": claim_id, "score": round(float(scores[row]), 6)})
            if len(results) == limit:
                break
        return results, gone

    def counts(self) -> dict:
        with self.lock:
            return {
                "vectors": self.size,
                "claims": int(np.unique(self.claims[: self.size]).size),
                "dimensions": int(self.matrix.shape[1]) if self.size else 0,
            }


def _top(scores: np.ndarray, count: int) -> np.ndarray:
    """The indexes of the count highest scores, highest first."""
    if count < scores.size:
        part = np.argpartition(-scores, count - 1)[:count]
    else:
        part = np.arange(scores.size)
    return part[np.argsort(-scores[part], kind="stable")]
