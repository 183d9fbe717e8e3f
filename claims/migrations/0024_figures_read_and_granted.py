"""The figures of the appearances already logged, read as a save of each quote now reads
them; and what each role may do with figures: researchers and reviewers correct, add and
remove them (on a published claim the services leave that to reviewers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.figures import extract_figures
from claims.figures.units import normalised

ACTIONS = ["view", "add", "change", "delete"]
KINDS = {
    "killed", "wounded", "casualties", "fled", "bodies", "shells", "distance", "population",
    "duration", "soldiers", "detained", "vehicles", "money", "age", "share", "weight", "other",
}  # fmt: skip


def read(apps, schema_editor):
    Appearance = apps.get_model("claims", "Appearance")
    Figure = apps.get_model("claims", "Figure")
    rows = []
    for appearance in Appearance.objects.only("pk", "quote").iterator(chunk_size=500):
        for found in extract_figures(appearance.quote):
            value, unit = normalised(found.value, found.unit)
            rows.append(
                Figure(
                    appearance_id=appearance.pk, value=found.value, upper=found.upper,
                    qualifier=found.qualifier, unit=found.unit,
                    kind=found.kind if found.kind in KINDS else "other",
                    start=found.start, end=found.end,
                    words=appearance.quote[found.start : found.end][:200],
                    normalised_value=value, normalised_unit=unit, origin="read",
                )
            )  # fmt: skip
    Figure.objects.bulk_create(rows, batch_size=500)


def forget(apps, schema_editor):
    apps.get_model("claims", "Figure").objects.filter(origin="read").delete()


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="claims", codename=f"{action}_figure")
        for action in ACTIONS
    ]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name in ("Researchers", "Reviewers"):
        Group.objects.get(name=name).permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ("Researchers", "Reviewers"):
        Group.objects.get(name=name).permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("claims", "0023_figures")]

    operations = [migrations.RunPython(read, forget), migrations.RunPython(grant, revoke)]
