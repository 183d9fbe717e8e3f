"""Figures: the numbers an appearance's quote states, each with its qualifier, unit, what it
counts and where it stands in the quote, read by claims.figures when the quote is saved and
corrected by researchers."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from config.validators import no_bidi_controls

from ..figures.units import normalised
from .records import history_with_reasons


class FigureQualifier(models.TextChoices):
    EXACT = "", "as stated"
    ABOUT = "about", "about"
    NEARLY = "nearly", "nearly"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    UP_TO = "up_to", "up to"
    FEWER_THAN = "fewer_than", "fewer than"


class FigureKind(models.TextChoices):
    KILLED = "killed", "people killed"
    WOUNDED = "wounded", "people wounded"
    CASUALTIES = "casualties", "casualties"
    FLED = "fled", "people who fled"
    BODIES = "bodies", "bodies"
    SHELLS = "shells", "shells, rockets and missiles"
    DISTANCE = "distance", "distance"
    POPULATION = "population", "population"
    DURATION = "duration", "duration"
    SOLDIERS = "soldiers", "soldiers and fighters"
    DETAINED = "detained", "people detained or captured"
    VEHICLES = "vehicles", "vehicles"
    MONEY = "money", "money"
    AGE = "age", "age"
    SHARE = "share", "share"
    WEIGHT = "weight", "weight"
    OTHER = "other", "other"


class FigureOrigin(models.TextChoices):
    READ = "read", "read from the quote"
    CORRECTED = "corrected", "read, and corrected by a researcher"
    ENTERED = "entered", "entered by a researcher"


class Figure(models.Model):
    """One figure of an appearance's quote.

    Read by the figure reader when the quote is saved, or entered or corrected by a
    researcher (`origin`; `entered_by` is who): a reading of the quote replaces only the
    reader's own figures. A researcher's figure whose words are no longer in the edited
    quote is `stale` until someone looks at it; a figure the reader found and a researcher
    removed stays, `removed`, so that the next reading does not bring it back.
    """

    Qualifier = FigureQualifier
    Kind = FigureKind
    Origin = FigureOrigin

    appearance = models.ForeignKey("Appearance", on_delete=models.CASCADE, related_name="figures")
    value = models.FloatField(help_text="The figure, or the bottom of its range.")
    upper = models.FloatField(null=True, blank=True, help_text="The top of a range, if any.")
    qualifier = models.CharField(
        max_length=12, choices=FigureQualifier.choices, blank=True, default=""
    )
    unit = models.CharField(
        max_length=32,
        blank=True,
        validators=[no_bidi_controls],
        help_text='Empty for a count; "kilometre", "mile", "day", "percent", "USD"…, or any '
        "unit as written (kept as it is where it cannot be converted).",
    )
    kind = models.CharField(
        max_length=12, choices=FigureKind.choices, default=FigureKind.OTHER,
        help_text="What the figure counts or measures.",
    )  # fmt: skip
    start = models.PositiveIntegerField(help_text="Where its words begin in the quote.")
    end = models.PositiveIntegerField(help_text="Where its words end in the quote.")
    words = models.CharField(
        max_length=200, help_text="The quote's words that state it, as they were read."
    )
    normalised_value = models.FloatField(editable=False)
    normalised_unit = models.CharField(max_length=32, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The researcher who entered or corrected it.",
    )
    origin = models.CharField(
        max_length=10, choices=FigureOrigin.choices, default=FigureOrigin.READ, editable=False
    )
    stale = models.BooleanField(
        default=False,
        editable=False,
        help_text="Its words are no longer in the quote: the quote was edited since.",
    )
    removed = models.BooleanField(default=False, editable=False)
    history = history_with_reasons()

    class Meta:
        ordering = ["appearance", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gt=models.F("value")),
                name="figure_range_ascends",
                violation_error_message="The top of a range must be above its bottom.",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="figure_span_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=FigureQualifier.values), name="figure_qualifier_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FigureKind.values), name="figure_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=FigureOrigin.values), name="figure_origin_known"
            ),
            models.CheckConstraint(
                condition=~Q(origin=FigureOrigin.READ) | Q(stale=False, removed=False),
                name="figure_only_researchers_figures_go_stale_or_removed",
            ),
            models.CheckConstraint(
                condition=~Q(origin=FigureOrigin.ENTERED, removed=True),
                name="figure_entered_ones_are_deleted_not_removed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.words} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        self.normalise()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"], "normalised_value", "normalised_unit",
            }  # fmt: skip
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """Put the figure in the unit its kind is compared in (claims.figures.units)."""
        self.normalised_value, self.normalised_unit = normalised(self.value, self.unit)
