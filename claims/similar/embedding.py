"""Keeping every claim's stored vectors in step with its words: which texts a claim has,
which of them are missing or stale, and embedding those (through the matcher, which alone
holds the model) in one transaction per batch.

A text is re-embedded only when its words changed (its sha256 differs); a save that left
the words alone only moves the stored revision on, so it costs no model call.
"""

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from celery import signature
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from ..models import Appearance, Claim, Embedding, text_sha256
from . import matcher_client

logger = logging.getLogger(__name__)

# The embedding task's registered name: claims.tasks registers it, and saves send it by
# name, so this module need not import the tasks (which import it).
EMBED_TASK = "claims.tasks.embed_claim"


def model_name(setting: str | None = None) -> str:
    """The name stored vectors of SIMILAR_MODEL are recorded under: a package's own name, or
    a model folder's last part."""
    setting = setting or settings.SIMILAR_MODEL
    if _is_path(setting):
        return Path(setting).expanduser().resolve().name
    return setting


def model_folder(setting: str | None = None) -> Path:
    """The folder SIMILAR_MODEL's model loads from; FileNotFoundError saying why if none."""
    setting = setting or settings.SIMILAR_MODEL
    if _is_path(setting):
        folder = Path(setting).expanduser()
    else:
        try:
            spec = importlib.util.find_spec(setting)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(
                f"no package {setting!r} is installed (install the semantic extra, or set "
                "SIMILAR_MODEL to a model folder)"
            )
        folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "config.json").is_file() and not (folder / "modules.json").is_file():
        raise FileNotFoundError(f"{folder} holds no sentence-transformers model")
    return folder


def _is_path(setting: str) -> bool:
    return "/" in setting or "\\" in setting or setting.startswith((".", "~"))


@dataclass(frozen=True)
class Text:
    """One text of a claim as it is embedded: the claim's own (appearance None) or an
    appearance's words, with the revision it was read at."""

    appearance_id: int | None
    revision: int
    text: str

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def texts_to_embed(claim: Claim) -> list[Text]:
    """The claim's own text, then each appearance's words, cut to what the matcher reads."""
    cut = settings.SIMILAR_TEXT_MAX_CHARS
    texts = [Text(None, claim.revision, claim.text.strip()[:cut])]
    # Sorted here, not by the query, so that appearances prefetched for many claims serve.
    for appearance in sorted(claim.appearances.all(), key=lambda appearance: appearance.pk):
        texts.append(Text(appearance.pk, appearance.revision, appearance.quote.strip()[:cut]))
    return [text for text in texts if text.text]


def claims_needing_embeddings(model: str | None = None) -> QuerySet[Claim]:
    """Claims (not merged away) with a text that has no vector of model, or one made before
    the text's last save: the claim's revision, or an appearance's, is ahead of the stored
    one, or the vector still belongs to the claim an appearance moved from."""
    model = model or model_name()
    own = Embedding.objects.filter(
        claim=OuterRef("pk"),
        appearance__isnull=True,
        model=model,
        revision__gte=OuterRef("revision"),
    )
    words = Embedding.objects.filter(
        appearance=OuterRef("pk"),
        claim=OuterRef("claim"),
        model=model,
        revision__gte=OuterRef("revision"),
    )
    stale_appearances = Appearance.objects.filter(claim=OuterRef("pk")).filter(~Exists(words))
    return Claim.objects.exclude(status=Claim.Status.MERGED).filter(
        ~Exists(own) | Exists(stale_appearances)
    )


def _key(appearance_id: int | None, claim_id: int) -> tuple:
    return ("appearance", appearance_id) if appearance_id else ("claim", claim_id)


def _stored(claim_ids: list[int], appearance_ids: list[int], model: str) -> dict:
    rows = Embedding.objects.filter(model=model).filter(
        Q(claim_id__in=claim_ids, appearance__isnull=True) | Q(appearance_id__in=appearance_ids)
    )
    return {
        _key(row.appearance_id, row.claim_id): row
        for row in rows.only("pk", "claim_id", "appearance_id", "revision", "sha256")
    }


def _claims(claim_ids: list[int], *, lock: bool = False) -> list[Claim]:
    claims = Claim.objects.select_for_update() if lock else Claim.objects
    words = Appearance.objects.only("pk", "claim_id", "revision", "quote")
    return list(
        claims.filter(pk__in=claim_ids)
        .exclude(status=Claim.Status.MERGED)
        .only("pk", "text", "revision")
        .order_by("pk")
        .prefetch_related(Prefetch("appearances", queryset=words))
    )


def embed_claims(claim_ids: list[int], *, model: str | None = None) -> int:
    """Bring the stored vectors of these claims up to date: embed (through the matcher) the
    texts that have none or whose words changed, move the revision of those unchanged, and
    point vectors of appearances that moved at their new claim. Returns how many texts the
    matcher embedded. Raises matcher_client.MatcherUnavailable when it is needed and cannot
    help; nothing is written then.

    The model is asked outside any transaction; the rows are written in one, against the
    texts as they are then: a text saved again meanwhile keeps its old vector, stale, for
    the task that save sent.
    """
    model = model_name()
    claims = _claims(claim_ids)
    texts = {claim.pk: texts_to_embed(claim) for claim in claims}
    stored = _stored(
        list(texts),
        [t.appearance_id for ts in texts.values() for t in ts if t.appearance_id],
        model,
    )
    wanted: dict[str, str] = {}
    behind = False
    for claim_id, claim_texts in texts.items():
        for text in claim_texts:
            row = stored.get(_key(text.appearance_id, claim_id))
            if row is None or row.sha256 != text.sha256:
                wanted.setdefault(text.sha256, text.text)
            elif row.revision < text.revision or row.claim_id != claim_id:
                behind = True
    if not wanted and not behind:
        return 0
    vectors: dict[str, bytes] = {}
    batch = settings.SIMILAR_EMBED_BATCH
    pending = list(wanted.items())
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        answered, made = matcher_client.embed([text for _, text in chunk])
        if answered != model:
            raise matcher_client.MatcherRefused(
                f"the matcher runs the model {answered!r}, not {model!r}; give both processes "
                "the same SIMILAR_MODEL",
                "other_model",
            )
        for (sha, _), vector in zip(chunk, made, strict=True):
            vectors[sha] = Embedding.pack(vector)
    _write(claim_ids, model, vectors)
    return len(vectors)


@transaction.atomic
def _write(claim_ids: list[int], model: str, vectors: dict[str, bytes]) -> None:
    # The claims are locked (where the database can) so two tasks for one claim write in
    # turn, and read afresh: what is written matches the words as committed.
    texts = {claim.pk: texts_to_embed(claim) for claim in _claims(claim_ids, lock=True)}
    appearance_ids = [t.appearance_id for ts in texts.values() for t in ts if t.appearance_id]
    stored = _stored(list(texts), appearance_ids, model)
    now = timezone.now()
    created, changed, repointed, moved_on = [], [], [], []
    for claim_id, claim_texts in texts.items():
        for text in claim_texts:
            row = stored.get(_key(text.appearance_id, claim_id))
            if row is not None and row.sha256 == text.sha256:
                if row.claim_id != claim_id:
                    row.claim_id, row.revision, row.updated_at = claim_id, text.revision, now
                    repointed.append(row)
                elif row.revision < text.revision:
                    row.revision = text.revision
                    moved_on.append(row)
                continue
            vector = vectors.get(text.sha256)
            if vector is None:
                continue  # saved again after the matcher was asked: that save's task has it
            if row is None:
                row = Embedding(claim_id=claim_id, appearance_id=text.appearance_id, model=model)
                created.append(row)
            else:
                changed.append(row)
            row.claim_id, row.revision, row.sha256, row.vector = (
                claim_id,
                text.revision,
                text.sha256,
                vector,
            )
            # bulk_update leaves auto_now alone; the matcher finds changed rows by this time.
            row.updated_at = now
    Embedding.objects.bulk_create(created)
    Embedding.objects.bulk_update(
        changed, ["claim_id", "revision", "sha256", "vector", "updated_at"], batch_size=500
    )
    Embedding.objects.bulk_update(repointed, ["claim_id", "revision", "updated_at"], batch_size=500)
    # Only the revision moves: the vector is the same, and the matcher need not read it.
    Embedding.objects.bulk_update(moved_on, ["revision"], batch_size=500)


def embed_claim(claim_id: int) -> int:
    """`embed_claims` for one claim: the worker's task after a save."""
    return embed_claims([claim_id])


def embed_send(*, claim_id: int, countdown: float | None = None) -> None:
    """Send the embedding task for claim_id; a broker that is down costs a delay, not the
    vector: the sweep finds the claim."""
    try:
        signature(EMBED_TASK).apply_async((claim_id,), countdown=countdown)
    except OperationalError:
        logger.warning(
            "Claim %s needs embedding, but the broker could not be reached; the sweep will "
            "send it.",
            claim_id,
        )


def embed_sweep(limit: int | None = None) -> int:
    """Send the embedding task for claims needing it, at most limit (SIMILAR_SWEEP_LIMIT);
    none while the matcher cannot embed, since every task would only wait for it."""
    if not settings.SIMILAR_MATCHER_URL:
        return 0
    try:
        state = matcher_client.health()
    except matcher_client.MatcherUnavailable as unavailable:
        logger.info("Embedding sweep skipped: %s", unavailable)
        return 0
    if state.get("status") != "ok":
        logger.info("Embedding sweep skipped: the matcher says %s", state.get("detail", state))
        return 0
    limit = limit or settings.SIMILAR_SWEEP_LIMIT
    ids = list(
        claims_needing_embeddings(state.get("model"))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for claim_id in ids:
        embed_send(claim_id=claim_id)
    if ids:
        logger.info("Embedding sweep sent %s claims", len(ids))
    return len(ids)


def _on_save(claim_id: int | None) -> None:
    if claim_id is None or not settings.SIMILAR_MATCHER_URL:
        return
    transaction.on_commit(lambda: embed_send(claim_id=claim_id))


def on_claim_saved(sender, instance: Claim, raw: bool = False, **kwargs) -> None:
    if not raw:
        _on_save(instance.pk)


def on_appearance_saved(sender, instance: Appearance, raw: bool = False, **kwargs) -> None:
    if not raw:
        _on_save(instance.claim_id)
