"""Proposed changes to what a claim's page shows, and who may make and decide them.

Researchers propose (and read proposals); reviewers read and decide them, and may propose
too, for another reviewer to accept. The services hold who decides (claims.services.proposals).
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.conf import settings
from django.db import migrations, models

GRANTS = {
    "Researchers": ["view", "add"],
    "Reviewers": ["view", "add", "change"],
}


def _permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="claims", codename=f"{action}_proposal")
        for action in actions
    ]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group_name, actions in GRANTS.items():
        Group.objects.get(name=group_name).permissions.add(*_permissions(apps, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name, actions in GRANTS.items():
        Group.objects.get(name=group_name).permissions.remove(*_permissions(apps, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0019_claimant_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Proposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("claim", "Change the claim's place"),
                            ("appearance", "Change an appearance's date"),
                            ("citation_change", "Change a citation"),
                            ("citation_add", "Add a citation"),
                            ("citation_remove", "Remove a citation"),
                            ("hop_change", "Change a hop of an attribution chain"),
                            ("hop_add", "Add a hop to an attribution chain"),
                            ("hop_remove", "Remove a hop of an attribution chain"),
                            ("claimant", "Change the claimant's name or kind"),
                            ("source", "Change a source's title or publisher"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "target_id",
                    models.PositiveBigIntegerField(
                        blank=True,
                        help_text="The row the change is to (a citation, a hop, the claimant, a source…); empty for an addition.",
                        null=True,
                    ),
                ),
                ("values", models.JSONField(default=dict, verbose_name="proposed values")),
                (
                    "before",
                    models.JSONField(
                        default=dict,
                        help_text="Empty for an addition.",
                        verbose_name="values when proposed",
                    ),
                ),
                (
                    "values_key",
                    models.CharField(
                        editable=False,
                        help_text="A digest of the kind, the target and the values, so a pending proposal is made once.",
                        max_length=64,
                    ),
                ),
                (
                    "reason",
                    models.TextField(help_text="Why the change is needed; the reviewer reads it."),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("accepted", "Accepted"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decision_note", models.TextField(blank=True)),
                (
                    "basis_changed",
                    models.BooleanField(
                        default=False,
                        help_text="Accepted, it changed the evidence a published verdict rests on.",
                        verbose_name="may need a correction",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proposals",
                        to="claims.claim",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals_decided",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals_made",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["claim", "status"], name="proposal_claim_status_idx")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "claim",
                                    "appearance",
                                    "citation_change",
                                    "citation_add",
                                    "citation_remove",
                                    "hop_change",
                                    "hop_add",
                                    "hop_remove",
                                    "claimant",
                                    "source",
                                ],
                            )
                        ),
                        name="proposal_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["pending", "accepted", "rejected", "withdrawn"])
                        ),
                        name="proposal_status_valid",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("claim", "proposed_by", "values_key"),
                        name="proposal_pending_once",
                        violation_error_message="You have proposed this change already.",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
