"""Appearances: each place a claim was published, in the words it was published in there, with
how those words reached the outlet and whether we found them in its archived text."""

import hashlib

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from config.validators import no_bidi_controls, no_bidi_reordering
from sources.models import Source

from .languages import MAX_TAG_LENGTH, validate_language_tag
from .records import history_with_reasons, next_revision


def quote_words_key(text: str) -> str:
    """What makes two quotes the same words: their letters, case and runs of whitespace
    aside. Migration 0013 writes the same key for the rows it carries over."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest()


class QuoteStatus(models.TextChoices):
    NOT_CAPTURED = "not_captured", "Not yet captured"
    VERIFIED = "verified", "Verified"
    NOT_FOUND = "not_found", "Not found"
    NO_SOURCE = "no_source", "No cited source in that language"


class AppearanceQuerySet(models.QuerySet):
    def in_order(self) -> "AppearanceQuerySet":
        """First appearance first: the earliest by date, the undated last, and the first
        logged among equals. The services record the first of them on the claim."""
        return self.order_by(F("made_on").asc(nulls_last=True), "pk")


class TranslatedBy(models.TextChoices):
    OUTLET = "outlet", "The outlet that published it"
    NEWSROOM = "newsroom", "This newsroom"
    TRANSLATOR = "translator", "A named translator"


class Appearance(models.Model):
    """One place a claim was published: the source, the exact words there, and their chain.

    Where the words are a translation, the original words (when known), their language and
    who translated them. The published words are checked against the source's archived text;
    the original words against a cited source in their language.
    """

    TranslatedBy = TranslatedBy

    claim = models.ForeignKey("Claim", on_delete=models.CASCADE, related_name="appearances")
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="appearances",
        help_text="The article, post or video the words were published in.",
    )
    quote = models.TextField(
        validators=[no_bidi_reordering], help_text="The exact words as published in the source."
    )
    language = models.CharField(
        max_length=MAX_TAG_LENGTH,
        blank=True,
        validators=[validate_language_tag],
        help_text="The language of the words as published, as a BCP 47 tag (en, ru, uk); "
        "empty: the source's language.",
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Where in the source the words stand, in reading order."
    )
    made_on = models.DateField(
        "date", null=True, blank=True, help_text="When the words were published there."
    )
    original_quote = models.TextField(
        "original words",
        blank=True,
        validators=[no_bidi_reordering],
        help_text="Where the quote is a translation: the words as first said, if known.",
    )
    original_language = models.CharField(
        max_length=MAX_TAG_LENGTH,
        blank=True,
        validators=[validate_language_tag],
        help_text="Where the quote is a translation: the language it was said in (BCP 47).",
    )
    translated_by = models.CharField(
        max_length=10,
        choices=TranslatedBy.choices,
        blank=True,
        help_text="Where the quote is a translation: who translated it.",
    )
    translator = models.CharField(
        max_length=200,
        blank=True,
        validators=[no_bidi_controls],
        help_text="The translator's name, for a named translator.",
    )
    words_key = models.CharField(max_length=64, editable=False)
    quote_status = models.CharField(
        max_length=12,
        choices=QuoteStatus.choices,
        default=QuoteStatus.NOT_CAPTURED,
        editable=False,
        help_text="Whether the quote was found in the source's archived text.",
    )
    quote_capture = models.ForeignKey(
        "sources.Capture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The capture whose text the quote was checked against.",
    )
    quote_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quote_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quote_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    original_status = models.CharField(
        max_length=12,
        choices=QuoteStatus.choices,
        default=QuoteStatus.NOT_CAPTURED,
        editable=False,
        help_text="Whether the original words were found in a cited source in their language.",
    )
    original_capture = models.ForeignKey(
        "sources.Capture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    original_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    original_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every save, so a form opened before a save can tell it is stale.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = history_with_reasons()

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "made_on", "pk"]
        indexes = [
            models.Index(fields=["source", "position"], name="appearance_source_idx"),
            models.Index(fields=["claim", "made_on"], name="appearance_claim_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="appearance_quote_not_empty"),
            models.UniqueConstraint(
                fields=["source", "position", "words_key"],
                name="appearance_words_once_per_place",
                violation_error_message="These words at this place in the source are logged "
                "already.",
            ),
            models.CheckConstraint(
                condition=Q(translated_by="", original_language="", original_quote="")
                | (~Q(translated_by="") & ~Q(original_language="")),
                name="appearance_translation_complete",
                violation_error_message="A translation needs the original language and who "
                "translated it.",
            ),
            models.CheckConstraint(
                condition=Q(translated_by=TranslatedBy.TRANSLATOR, translator__gt="")
                | (~Q(translated_by=TranslatedBy.TRANSLATOR) & Q(translator="")),
                name="appearance_translator_named",
                violation_error_message="Name the translator, and only for a named translator.",
            ),
        ]

    def __str__(self) -> str:
        words = self.quote if len(self.quote) <= 60 else f"{self.quote[:59]}…"
        return f"“{words}” in {self.source}"

    def save(self, *args, **kwargs):
        next_revision(self, kwargs)
        self.words_key = quote_words_key(self.quote)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "words_key"}
        super().save(*args, **kwargs)

    @property
    def is_translation(self) -> bool:
        return bool(self.translated_by)


class Attribution(models.Model):
    """One hop in the chain by which an appearance's words reached its outlet, nearest first."""

    appearance = models.ForeignKey(
        Appearance, on_delete=models.CASCADE, related_name="attributions"
    )
    position = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="1 is the hop nearest the outlet."
    )
    claimant = models.ForeignKey("Claimant", on_delete=models.PROTECT, related_name="hops")
    verb = models.CharField(
        max_length=40,
        default="said",
        validators=[no_bidi_reordering],
        help_text='How this hop passed it on: "said", "citing"…',
    )
    history = history_with_reasons()

    class Meta:
        ordering = ["appearance", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["appearance", "position"],
                name="attribution_position_unique_per_appearance",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="attribution_position_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.claimant.name} ({self.verb})"
