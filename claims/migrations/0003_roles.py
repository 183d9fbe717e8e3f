from django.contrib.auth.management import create_permissions
from django.db import migrations

# app label -> model -> actions. Researchers log sources, claims and their evidence; they
# can read verdicts but never write them. Reviewers read everything, rate claims, and may
# add evidence while they review; neither role deletes sources, claimants or claims, whose
# history must survive.
ROLES = {
    "Researchers": {
        "sources": {"source": ["view", "add", "change"], "capture": ["view"]},
        "claims": {
            "claim": ["view", "add", "change"],
            "claimant": ["view", "add", "change"],
            "attribution": ["view", "add", "change", "delete"],
            "citation": ["view", "add", "change", "delete"],
            "topic": ["view", "add", "change"],
            "rating": ["view"],
            "verdict": ["view"],
        },
    },
    "Reviewers": {
        "sources": {"source": ["view", "add", "change"], "capture": ["view"]},
        "claims": {
            "claim": ["view", "change"],
            "claimant": ["view"],
            "attribution": ["view"],
            "citation": ["view", "add", "change", "delete"],
            "topic": ["view"],
            "rating": ["view"],
            "verdict": ["view", "add", "change"],
        },
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make them now so
    # the groups can refer to them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, apps_models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in apps_models.items()
            for model, actions in models.items()
            for action in actions
        ]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_rating_scale"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
