"""Every claim becomes a claim with one appearance, its history and its chain included.

The appearance takes the claim's id, so the claim's history carries over row for row: each
historical version of a claim gives its appearance a historical version at the same moment,
by the same person, for the same reason, and a historical hop of the claim's chain now names
the appearance with the same id. Nothing is lost: where two claims had the same words at the
same place in one source (which the appearances' unique rule refuses), the later one moves to
the next free place.

Going back works while every claim still has one appearance; a claim that has gained a second
stops it with the claim named, rather than dropping words.
"""

import hashlib

from django.core.management.color import no_style
from django.db import migrations
from django.db.models import Count, F, OuterRef, Subquery

APPEARANCE_FIELDS = [
    "quote_status",
    "quote_capture_id",
    "quote_start",
    "quote_end",
    "quote_checked_at",
    "made_on",
    "created_by_id",
]


def _words_key(text: str) -> str:
    # The model's quote_words_key as it stands at this migration.
    return hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest()


def _free_positions(claims) -> dict[int, int]:
    """Each claim's place in its source, moved on where another claim holds the same words
    at the same place."""
    taken: set[tuple[int, int, str]] = set()
    positions = {}
    for claim_id, source_id, position, quote in claims:
        key = _words_key(quote)
        while (source_id, position, key) in taken:
            position += 1
        taken.add((source_id, position, key))
        positions[claim_id] = position
    return positions


def forwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Appearance = apps.get_model("claims", "Appearance")
    Attribution = apps.get_model("claims", "Attribution")
    HistoricalClaim = apps.get_model("claims", "HistoricalClaim")
    HistoricalAppearance = apps.get_model("claims", "HistoricalAppearance")
    HistoricalAttribution = apps.get_model("claims", "HistoricalAttribution")

    rows = Claim.objects.order_by("pk").values_list("pk", "appearance_id", "position", "quote")
    positions = _free_positions(rows.iterator())
    Appearance.objects.bulk_create(
        (
            Appearance(
                id=claim.pk,
                claim_id=claim.pk,
                source_id=claim.appearance_id,
                quote=claim.quote,
                position=positions[claim.pk],
                words_key=_words_key(claim.quote),
                **{name: getattr(claim, name) for name in APPEARANCE_FIELDS},
            )
            for claim in Claim.objects.order_by("pk").iterator()
        ),
        batch_size=500,
    )
    # bulk_create stamps auto_now_add and auto_now with this moment; the words were
    # logged when their claim was.
    claim = Claim.objects.filter(pk=OuterRef("claim_id"))
    Appearance.objects.update(
        created_at=Subquery(claim.values("created_at")[:1]),
        updated_at=Subquery(claim.values("updated_at")[:1]),
    )
    # update(), not save(): the claims' revisions and update times stay as they were.
    Claim.objects.update(first_appearance_id=F("pk"), appearance_words=F("quote"))
    Attribution.objects.update(appearance_id=F("claim_id"))

    HistoricalAppearance.objects.bulk_create(
        (
            HistoricalAppearance(
                id=version.id,
                claim_id=version.id,
                source_id=version.appearance_id,
                quote=version.quote,
                position=positions.get(version.id, version.position),
                words_key=_words_key(version.quote),
                revision=version.revision,
                created_at=version.created_at,
                updated_at=version.updated_at,
                history_date=version.history_date,
                history_change_reason=version.history_change_reason,
                history_type=version.history_type,
                history_user_id=version.history_user_id,
                **{name: getattr(version, name) for name in APPEARANCE_FIELDS},
            )
            for version in HistoricalClaim.objects.order_by("history_id").iterator()
        ),
        batch_size=500,
    )
    HistoricalAttribution.objects.update(appearance_id=F("claim_id"))

    if schema_editor.connection.vendor == "postgresql":
        # The appearances were written with their ids; the next one must not take one.
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Appearance]):
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Appearance = apps.get_model("claims", "Appearance")
    Attribution = apps.get_model("claims", "Attribution")
    HistoricalAppearance = apps.get_model("claims", "HistoricalAppearance")
    HistoricalAttribution = apps.get_model("claims", "HistoricalAttribution")

    several = (
        Appearance.objects.values("claim_id")
        .order_by()
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("claim_id", flat=True)
    )
    if several:
        raise RuntimeError(
            f"Claims {sorted(several)[:10]} have more than one appearance; this migration "
            "cannot go back without dropping their words. Split or remove the extra "
            "appearances first."
        )
    for appearance in Appearance.objects.iterator():
        Claim.objects.filter(pk=appearance.claim_id).update(
            appearance_id=appearance.source_id,
            quote=appearance.quote,
            position=appearance.position,
            **{name: getattr(appearance, name) for name in APPEARANCE_FIELDS},
        )
    HistoricalClaim = apps.get_model("claims", "HistoricalClaim")
    for version in HistoricalAppearance.objects.iterator():
        HistoricalClaim.objects.filter(id=version.id, history_date=version.history_date).update(
            appearance_id=version.source_id,
            quote=version.quote,
            position=version.position,
            **{name: getattr(version, name) for name in APPEARANCE_FIELDS},
        )
    # Which claim each appearance belongs to, those removed since included.
    claim_of = dict(
        HistoricalAppearance.objects.order_by("history_date").values_list("id", "claim_id")
    )
    claim_of.update(Appearance.objects.values_list("pk", "claim_id"))
    for hop in Attribution.objects.filter(appearance__isnull=False):
        Attribution.objects.filter(pk=hop.pk).update(claim_id=claim_of[hop.appearance_id])
    for appearance_id, claim_id in claim_of.items():
        HistoricalAttribution.objects.filter(appearance_id=appearance_id).update(claim_id=claim_id)
    HistoricalAttribution.objects.update(appearance_id=None)
    HistoricalAppearance.objects.all().delete()
    Attribution.objects.update(appearance_id=None)
    Claim.objects.update(first_appearance_id=None, appearance_words="")
    Appearance.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_appearances_names_merges")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
