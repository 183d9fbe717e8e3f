"""The figures that disagree among the claims already logged, proposed as a save of each
appearance now proposes them; and what each role may do with them: researchers see them,
reviewers decide on them (the services hold the rule; the permission opens the desk)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

from claims.figures.compare import AGREE, label


def _side(figure):
    appearance, source = figure.appearance, figure.appearance.source
    return {
        "figure": figure.pk, "appearance": appearance.pk, "claim": appearance.claim_id,
        "source": source.pk, "source_title": source.title or source.url,
        "source_url": source.url, "quote": appearance.quote, "words": figure.words,
        "start": figure.start, "end": figure.end, "value": figure.value,
        "upper": figure.upper, "qualifier": figure.qualifier, "unit": figure.unit,
        "normalised_value": figure.normalised_value,
        "normalised_unit": figure.normalised_unit,
    }  # fmt: skip


def propose(apps, schema_editor):
    Figure = apps.get_model("claims", "Figure")
    Discrepancy = apps.get_model("claims", "Discrepancy")
    rows = (
        Figure.objects.filter(stale=False, removed=False)
        .exclude(kind="other")
        .exclude(appearance__claim__status="merged")
        .select_related("appearance__source")
        .order_by("appearance_id", "start", "pk")
    )
    first = {}
    for figure in rows.iterator(chunk_size=500):
        first.setdefault((figure.appearance_id, figure.kind), figure)
    by_source = {}
    for figure in first.values():
        by_source.setdefault((figure.appearance.source_id, figure.kind), []).append(figure)
    made = []
    now = timezone.now()
    for figures in by_source.values():
        for i, a in enumerate(figures):
            for b in figures[i + 1 :]:
                if a.appearance_id == b.appearance_id or a.normalised_unit != b.normalised_unit:
                    continue
                found = label(a, b)
                if found == AGREE:
                    continue
                a, b = (a, b) if a.pk < b.pk else (b, a)
                same_claim = a.appearance.claim_id == b.appearance.claim_id
                made.append(
                    Discrepancy(
                        figure=a, other=b, claim_id=a.appearance.claim_id,
                        other_claim_id=b.appearance.claim_id, kind=a.kind, label=found,
                        scope="claim" if same_claim else "article",
                        stated=[_side(a), _side(b)], proposed_at=now,
                    )
                )  # fmt: skip
    Discrepancy.objects.bulk_create(made, batch_size=500, ignore_conflicts=True)


def forget(apps, schema_editor):
    apps.get_model("claims", "Discrepancy").objects.filter(status="proposed").delete()


PERMISSIONS = {
    "Researchers": ["view_discrepancy"],
    "Reviewers": ["view_discrepancy", "change_discrepancy"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in PERMISSIONS.items():
        Group.objects.get(name=name).permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in PERMISSIONS.items():
        Group.objects.get(name=name).permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [("claims", "0025_discrepancies")]

    operations = [migrations.RunPython(propose, forget), migrations.RunPython(grant, revoke)]
