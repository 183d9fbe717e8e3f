"""Who claims are attributed to, under every name outlets give them, and the topics claims
are filed under."""

from anyascii import anyascii
from django.db import models
from django.db.models import Q

from config.validators import no_bidi_controls, no_bidi_reordering

from .languages import MAX_TAG_LENGTH, validate_language_tag
from .records import history_with_reasons


def name_key(name: str) -> str:
    """A name as it is compared: in Latin letters, without case, accents, apostrophes (the
    soft sign's transliteration) or extra spaces, hyphens read as spaces, so "Мильчаков",
    "Milchakov" and "MILCHAKOV " meet."""
    latin = anyascii(name).casefold().replace("-", " ")
    return " ".join("".join(ch for ch in latin if ch.isalnum() or ch.isspace()).split())


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True, validators=[no_bidi_controls])
    slug = models.SlugField(max_length=80, unique=True, validators=[no_bidi_controls])

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

    name = models.CharField(max_length=200, validators=[no_bidi_controls])
    slug = models.SlugField(max_length=80, unique=True, validators=[no_bidi_controls])
    kind = models.CharField(max_length=20, choices=Kind.choices)
    affiliation = models.CharField(max_length=200, blank=True, validators=[no_bidi_controls])
    description = models.TextField(blank=True, validators=[no_bidi_reordering])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = history_with_reasons()

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


class NameKind(models.TextChoices):
    SPELLING = "spelling", "Another spelling"
    TRANSLITERATION = "transliteration", "A transliteration"
    ORIGINAL = "original", "In the original script"
    FULL = "full", "Full name"
    OTHER = "other", "Other name"


class ClaimantName(models.Model):
    """Another name a claimant is published under: a spelling, a transliteration, the name
    in its original script. Searches and suggestions match every name, so one person is one
    claimant however outlets spell them."""

    Kind = NameKind

    claimant = models.ForeignKey(Claimant, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200, validators=[no_bidi_controls])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SPELLING)
    language = models.CharField(
        max_length=MAX_TAG_LENGTH,
        blank=True,
        validators=[validate_language_tag],
        help_text="The language or script of this name, as a BCP 47 tag (ru, uk, ru-Latn).",
    )
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["claimant", "name"]
        constraints = [
            models.UniqueConstraint(fields=["claimant", "name"], name="claimant_name_once"),
            models.CheckConstraint(condition=~Q(name=""), name="claimant_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)[: self._meta.get_field("key").max_length]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "key"}
        super().save(*args, **kwargs)
