"""The claims app's Celery tasks: thin wrappers that take an id or nothing and call a service.

Saves send the embedding task by its name (similar.embedding.EMBED_TASK) rather than
importing this module.
"""

import random

from celery import shared_task
from django.conf import settings

from sources.models import Source

from .services import discrepancies
from .similar import embedding, matcher_client
from .suggestions import build

# The longest wait between two tries while the matcher is down.
RETRY_MAX_SECONDS = 300.0


@shared_task(
    bind=True,
    name=embedding.EMBED_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=None,
)
def embed_claim(self, claim_id: int) -> None:
    try:
        embedding.embed_claim(claim_id)
    except matcher_client.MatcherRefused:
        # Asking again gets the same answer; the error is logged with the task, and the
        # sweep tries again once someone has fixed what the matcher objects to.
        raise
    except matcher_client.MatcherUnavailable as unavailable:
        if self.request.retries >= settings.SIMILAR_EMBED_RETRIES:
            raise
        ceiling = min(RETRY_MAX_SECONDS, 2.0 * 2**self.request.retries)
        delay = ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not a secret
        raise self.retry(exc=unavailable, countdown=delay) from unavailable


@shared_task(ignore_result=True)
def embed_missing() -> None:
    embedding.embed_sweep()


@shared_task(
    name=discrepancies.SIMILAR_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def discrepancies_across_similar(claim_id: int) -> None:
    discrepancies.discrepancies_across_similar(claim_id)


@shared_task(
    name=build.SUGGEST_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def suggest_claims(source_id: int) -> None:
    source = Source.objects.filter(pk=source_id).first()
    if source is not None:
        build.suggest_for_source(source)
