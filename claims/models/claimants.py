"""Who claims are attributed to, and the topics claims are filed under."""

from django.db import models
from django.db.models import Q


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimantKind(models.TextChoices):
    PERSON = "person", "Person"
    GOVERNMENT = "government", "Government"
    MILITARY = "military", "Military"
    ARMED_GROUP = "armed_group", "Armed group"
    MEDIA = "media", "Media"
    ORGANISATION = "organisation", "Organisation"
    UNNAMED = "unnamed", "Unnamed source"


class Claimant(models.Model):
    """Whoever a claim is attributed to: a person, a government, a newsroom, an unnamed source."""

    Kind = ClaimantKind

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    affiliation = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="claimant_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ClaimantKind.values), name="claimant_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name
