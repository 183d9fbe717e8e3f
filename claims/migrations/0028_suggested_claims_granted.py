"""What each role may do with suggested claims: researchers and reviewers read them and
decide on them (log or dismiss), as they log claims. Articles archived before are read by
`manage.py suggest_claims`, not here: reading every archived text is a worker's job."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_suggestedclaim", "change_suggestedclaim"]
GROUPS = ("Researchers", "Reviewers")


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="claims", codename__in=CODENAMES)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get(name=name).permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get(name=name).permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("claims", "0027_suggested_claims")]

    operations = [migrations.RunPython(grant, revoke)]
