"""One log line per history row: every workflow step (submitted, assigned, drafted,
published, corrected, discarded, unpublished, merged, unmerged…) is saved with its reason in
django-simple-history, so this one receiver logs them all, for every app with history."""

import structlog
from django.db import transaction
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

log = structlog.get_logger("claimtrail.records")

CHANGES = {"+": "created", "~": "changed", "-": "deleted"}


@receiver(post_create_historical_record, dispatch_uid="claimtrail-log-history-row")
def _log_history_row(sender, instance, history_instance, using: str, **kwargs) -> None:
    fields = {
        "model": instance._meta.label_lower,
        "object_id": instance.pk,
        "change": CHANGES.get(history_instance.history_type, history_instance.history_type),
        "reason": history_instance.history_change_reason or "",
        "by_user_id": history_instance.history_user_id,
    }
    # After the commit: a step that was refused and rolled back did not happen.
    transaction.on_commit(lambda: log.info("recorded", **fields), using=using)
