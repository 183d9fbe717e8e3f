"""An appearance's figures: read whenever its quote is saved, corrected, added and removed by
researchers, whose work a later reading never undoes, under the rules of published claims."""

import math

import pytest

from claims.freshness import content_version
from claims.models import Figure
from claims.services import (
    FigureInvalid,
    NotPermitted,
    ReviewRequired,
    appearance_add,
    appearance_update,
    claim_create,
    figure_add,
    figure_remove,
    figure_update,
)
from tests.factories import ClaimantFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

QUOTE = "At least 344,000 people have fled and more than 2,000 have been killed."


@pytest.fixture
def logged(researcher):
    return claim_create(
        by=researcher,
        text="The UN counts at least 344,000 refugees and more than 2,000 dead.",
        claimant=ClaimantFactory(name="United Nations"),
        source=SourceFactory(title="VICE News"),
        quote=QUOTE,
    )


def _figures(appearance) -> list[tuple]:
    return [
        (f.words, f.value, f.qualifier, f.unit, f.kind, f.origin, f.stale, f.removed)
        for f in appearance.figures.order_by("start", "pk")
    ]


def test_logging_a_claim_reads_the_figures_of_its_quote(logged):
    assert _figures(logged.first_appearance) == [
        ("At least 344,000", 344_000, "at_least", "", "fled", "read", False, False),
        ("more than 2,000", 2_000, "more_than", "", "killed", "read", False, False),
    ]


def test_another_outlets_appearance_gets_its_own_figures_in_one_unit(logged, researcher):
    appearance = appearance_add(
        claim=logged, by=researcher, source=SourceFactory(), quote="a three-day, 45-mile march"
    )

    march = appearance.figures.get(unit="mile")
    assert (round(march.normalised_value, 2), march.normalised_unit) == (72.42, "kilometre")
    assert appearance.figures.get(unit="day").normalised_value == 3


def test_editing_the_quote_reads_it_again_and_a_researchers_figure_follows_its_words(
    logged, researcher
):
    appearance = logged.first_appearance
    fled = appearance.figures.get(kind="fled")
    figure_update(figure=fled, by=researcher, kind="fled", value=344_000, qualifier="at_least")

    appearance = appearance_update(
        appearance=appearance,
        by=researcher,
        quote="The UN said on Tuesday: At least 344,000 people have fled and 2,100 are dead.",
    )

    assert _figures(appearance) == [
        ("At least 344,000", 344_000, "at_least", "", "fled", "corrected", False, False),
        ("2,100", 2_100, "", "", "killed", "read", False, False),
    ]
    moved = Figure.objects.get(pk=fled.pk)
    assert appearance.quote[moved.start : moved.end] == "At least 344,000"


def test_a_corrected_figure_whose_words_left_the_quote_is_stale_not_silently_wrong(
    logged, researcher
):
    appearance = logged.first_appearance
    killed = appearance.figures.get(kind="killed")
    figure_update(figure=killed, by=researcher, value=2_000, qualifier="more_than")

    appearance_update(appearance=appearance, by=researcher, quote="At least 344,000 fled.")

    kept = Figure.objects.get(pk=killed.pk)
    assert (kept.stale, kept.words, kept.origin) == (True, "more than 2,000", "corrected")
    assert appearance.figures.filter(origin="read").count() == 1  # the refugees, read again


def test_a_removed_figure_stays_removed_when_the_quote_is_read_again(logged, researcher):
    appearance = logged.first_appearance
    killed = appearance.figures.get(kind="killed")

    figure_remove(figure=killed, by=researcher)
    appearance_update(appearance=appearance, by=researcher, quote=QUOTE + " ")

    assert appearance.figures.filter(words="more than 2,000", removed=False).count() == 0
    assert Figure.objects.get(pk=killed.pk).removed


def test_a_researcher_adds_a_figure_the_reader_missed_and_may_delete_it(logged, researcher):
    appearance = logged.first_appearance
    figure = figure_add(
        appearance=appearance,
        by=researcher,
        words="people",
        value=3,
        unit="sorties",  # a unit pint does not know: kept as written
        kind="other",
    )

    assert (figure.normalised_value, figure.normalised_unit, figure.origin) == (
        3,
        "sorties",
        "entered",
    )
    assert [e.history_change_reason for e in figure.history.all()] == ["entered"]
    figure_remove(figure=figure, by=researcher)
    assert not Figure.objects.filter(pk=figure.pk).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"words": "two million", "value": 2e6}, "words"),
        ({"words": "", "value": 1}, "words"),
        ({"words": "344,000", "value": "many"}, "value"),
        ({"words": "344,000", "value": math.nan}, "value"),
        ({"words": "344,000", "value": 344_000, "upper": 300_000}, "upper"),
        ({"words": "344,000", "value": 344_000, "qualifier": "roughly"}, "qualifier"),
        ({"words": "344,000", "value": 344_000, "kind": "dead"}, "kind"),
        ({"words": "344,000", "value": 344_000, "unit": "u" * 40}, "unit"),
    ],
)
def test_a_figure_that_is_not_in_the_quote_or_not_a_figure_is_refused_saying_why(
    logged, researcher, fields, field
):
    with pytest.raises(FigureInvalid) as refused:
        figure_add(appearance=logged.first_appearance, by=researcher, **fields)
    assert refused.value.field == field
    assert logged.first_appearance.figures.count() == 2


def test_someone_without_the_permission_may_not_correct_figures(logged):
    with pytest.raises(NotPermitted):
        figure_update(figure=logged.first_appearance.figures.first(), by=UserFactory(), value=1)


def test_on_a_published_claim_only_a_reviewer_corrects_a_figure(publish, researcher, reviewer):
    claim = publish(quote="Seven shells hit the hospital.")
    appearance = claim.first_appearance
    with pytest.raises(ReviewRequired):
        figure_add(appearance=appearance, by=researcher, words="Seven", value=7, kind="shells")

    figure = figure_add(appearance=appearance, by=reviewer, words="Seven", value=7, kind="shells")
    with pytest.raises(ReviewRequired):
        figure_update(figure=figure, by=researcher, value=6)
    with pytest.raises(ReviewRequired):
        figure_remove(figure=figure, by=researcher)

    figure_update(figure=figure, by=reviewer, value=6)
    assert Figure.objects.get(pk=figure.pk).value == 6


def test_a_reviewers_figure_change_on_a_published_claim_refreshes_its_pages(
    publish, reviewer, django_capture_on_commit_callbacks
):
    claim = publish(quote="Seven shells hit the hospital.")
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        figure_add(
            appearance=claim.first_appearance, by=reviewer, words="Seven", value=7, kind="shells"
        )

    assert content_version() != before


def test_a_figure_read_as_before_keeps_its_row_when_other_words_change(logged, researcher):
    appearance = logged.first_appearance
    fled = appearance.figures.get(kind="fled")
    killed = appearance.figures.get(kind="killed")

    appearance_update(appearance=appearance, by=researcher, quote="UN: " + QUOTE)

    kept = Figure.objects.get(pk=fled.pk)
    assert (kept.start, kept.words) == (fled.start + 4, "At least 344,000")
    assert Figure.objects.filter(pk=killed.pk).exists()
    appearance_update(appearance=appearance, by=researcher, quote="At least 344,000 fled.")
    assert not Figure.objects.filter(pk=killed.pk).exists()
    assert Figure.objects.filter(pk=fled.pk).exists()
