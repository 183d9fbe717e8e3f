"""What every reviewed row keeps: its history with the reason for each change, and a revision
that tells a form opened before a save that it is stale."""

from django.db import models
from simple_history.models import HistoricalRecords


def history_with_reasons(**kwargs) -> HistoricalRecords:
    # Services record why a row changed ("published", "unpublished: <reason>"); the default
    # 100-character column would cut a person's reason short.
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **kwargs)


def next_revision(obj: models.Model, save_kwargs: dict) -> None:
    """Move a saved row's revision on, so a form opened before the save can tell it is
    stale; a save of some fields writes the revision and updated_at with them."""
    if obj._state.adding:
        return
    obj.revision += 1
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "revision", "updated_at"}
