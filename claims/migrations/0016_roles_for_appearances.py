"""What each role may do with appearances, claimants' other names and claim merges.

Researchers log where and in what words a claim appeared, and claimants' other spellings;
reviewers may too, since on a published claim that is theirs alone to do (the services say
so). Merging claims is a reviewer's act; researchers may read what was merged.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Researchers": {
        "appearance": ["view", "add", "change", "delete"],
        "claimantname": ["view", "add", "change", "delete"],
        "claimmerge": ["view"],
    },
    "Reviewers": {
        "appearance": ["view", "add", "change", "delete"],
        "claimantname": ["view", "add", "change", "delete"],
        "claimmerge": ["view", "add", "change"],
    },
}


def _permissions(apps, group_name):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="claims", codename=f"{action}_{model}")
        for model, actions in GRANTS[group_name].items()
        for action in actions
    ]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group_name in GRANTS:
        Group.objects.get(name=group_name).permissions.add(*_permissions(apps, group_name))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name in GRANTS:
        Group.objects.get(name=group_name).permissions.remove(*_permissions(apps, group_name))


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_claim_search_index_words")]

    operations = [migrations.RunPython(grant, revoke)]
