"""Sentence embeddings of what a claim says (its text, and each appearance's words), by model,
for finding claims that say the same thing in other words.

Derived data: the worker writes them when a claim or an appearance is saved, a sweep finds
any it missed, and the matcher (claims.similar) searches them. `revision` is the claim's or
appearance's revision when it was embedded, so a save since shows as stale in one indexed
comparison; `sha256` is of the text as embedded, so a save that did not change the words
only moves the revision on and costs no model call.
"""

import hashlib

import numpy as np
from django.db import models
from django.db.models import Q

DIMENSIONS_MAX = 4096


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Embedding(models.Model):
    """The vector of one text of a claim: its own text (no appearance) or an appearance's
    words, as one model embedded it (float32, normalised to length 1)."""

    claim = models.ForeignKey("Claim", on_delete=models.CASCADE, related_name="embeddings")
    appearance = models.ForeignKey(
        "Appearance", on_delete=models.CASCADE, null=True, blank=True, related_name="embeddings"
    )
    model = models.CharField(max_length=200, help_text="The model that made the vector.")
    revision = models.PositiveIntegerField(
        help_text="The claim's or appearance's revision when its text was embedded."
    )
    sha256 = models.CharField(max_length=64, help_text="Of the text as it was embedded.")
    vector = models.BinaryField(help_text="float32 values, little-endian, length 1.")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "model"],
                condition=Q(appearance__isnull=True),
                name="embedding_claim_text_once_per_model",
            ),
            models.UniqueConstraint(
                fields=["appearance", "model"],
                condition=Q(appearance__isnull=False),
                name="embedding_appearance_once_per_model",
            ),
        ]

    def __str__(self) -> str:
        what = f"appearance {self.appearance_id}" if self.appearance_id else "text"
        return f"Embedding of claim {self.claim_id} ({what}) by {self.model}"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype="<f4")

    @staticmethod
    def pack(vector) -> bytes:
        array = np.asarray(vector, dtype="<f4")
        if array.ndim != 1 or not 0 < array.size <= DIMENSIONS_MAX:
            raise ValueError(f"An embedding is one row of 1 to {DIMENSIONS_MAX} numbers.")
        return array.tobytes()
