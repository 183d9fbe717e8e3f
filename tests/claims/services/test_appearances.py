"""Where and in what words a claim appeared: logged with the claim, added, changed, removed and
split out, under the rules of published fact-checks."""

import datetime

import pytest

from claims.freshness import content_version
from claims.models import Appearance, Claim
from claims.services import (
    AppearanceChangedSinceOpened,
    AppearanceExists,
    AppearanceInvalid,
    LastAppearance,
    NotPermitted,
    ReasonRequired,
    ReviewRequired,
    TransitionNotAllowed,
    appearance_add,
    appearance_remove,
    appearance_split,
    appearance_update,
    claim_create,
)
from tests.factories import ClaimantFactory, ReadyClaimFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

AUGUST = datetime.date(2014, 8, 26)


@pytest.fixture
def logged(researcher):
    return claim_create(
        by=researcher,
        text="The soldiers crossed the border by accident.",
        claimant=ClaimantFactory(name="Defence ministry source"),
        source=SourceFactory(title="Reuters via VICE News"),
        quote="crossed the border by accident",
        made_on=AUGUST,
        position=3,
    )


def test_a_claim_is_logged_as_a_draft_with_its_first_appearance(logged, researcher):
    appearance = logged.appearances.get()
    assert logged.status == Claim.Status.DRAFT
    assert logged.created_by == researcher
    assert logged.first_appearance_id == appearance.pk
    assert (appearance.quote, appearance.position, appearance.made_on) == (
        "crossed the border by accident",
        3,
        AUGUST,
    )
    assert logged.appearance_words == "crossed the border by accident"
    assert appearance.history.get().history_change_reason == "logged"


def test_the_earliest_appearance_is_the_first_and_search_reads_every_one(logged, researcher):
    later = appearance_add(
        claim=logged,
        by=researcher,
        source=SourceFactory(),
        quote="most likely crossed it by accident",
        made_on=AUGUST + datetime.timedelta(days=1),
    )
    earlier = appearance_add(
        claim=logged,
        by=researcher,
        source=SourceFactory(),
        quote="likely by mistake at an unequipped and unmarked point",
        made_on=AUGUST - datetime.timedelta(days=1),
    )
    logged.refresh_from_db()
    assert logged.first_appearance_id == earlier.pk
    assert later.quote in logged.appearance_words
    assert "unmarked point" in logged.appearance_words
    undated = appearance_add(claim=logged, by=researcher, source=SourceFactory(), quote="by error")
    logged.refresh_from_db()
    assert logged.first_appearance_id == earlier.pk, "an undated appearance is not the first"
    assert undated.made_on is None


def test_the_same_words_at_the_same_place_are_refused_on_any_claim(logged, researcher):
    first = logged.appearances.get()
    with pytest.raises(AppearanceExists, match=f"appearance of claim {logged.pk}") as refused:
        appearance_add(
            claim=ReadyClaimFactory(),
            by=researcher,
            source=first.source,
            quote="Crossed the border  by accident",
            position=3,
        )
    assert refused.value.field == "quote"
    # The same words in a caption further down the same article are another appearance.
    caption = appearance_add(
        claim=logged, by=researcher, source=first.source, quote=first.quote, position=12
    )
    assert caption.claim == logged


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"quote": "   "}, "quote", "Give the exact words"),
        ({"language": "english"}, "language", "not a BCP 47 language tag"),
        ({"original_language": "ru_RU", "translated_by": "outlet"}, "original_language", "BCP"),
        ({"translated_by": "outlet"}, "original_language", "which language"),
        ({"original_quote": "Мы пришли"}, "translated_by", "who translated"),
        ({"translated_by": "translator", "original_language": "ru"}, "translator", "Name the"),
        ({"translator": "A. Name"}, "translator", "goes with"),
        ({"translated_by": "machine", "original_language": "ru"}, "translated_by", "one of"),
    ],
)
def test_bad_words_or_languages_are_refused_on_the_field_at_fault(
    logged, researcher, fields, field, says
):
    values = {"source": SourceFactory(), "quote": "crossed it by accident", **fields}
    with pytest.raises(AppearanceInvalid, match=says) as refused:
        appearance_add(claim=logged, by=researcher, **values)
    assert refused.value.field == field
    assert logged.appearances.count() == 1


def test_a_translation_is_stored_with_its_tags_in_standard_form(logged, researcher):
    appearance = appearance_add(
        claim=logged,
        by=researcher,
        source=SourceFactory(),
        quote="We've come as cannon fodder",
        language="EN-gb",
        original_language="RU",
        translated_by="outlet",
    )
    assert (appearance.language, appearance.original_language) == ("en-GB", "ru")
    assert appearance.is_translation


def test_a_change_checks_the_revision_it_was_read_at(logged, researcher, reviewer):
    appearance = logged.appearances.get()
    read_at = appearance.revision
    appearance_update(appearance=appearance, by=reviewer, position=4, seen_revision=read_at)
    with pytest.raises(AppearanceChangedSinceOpened):
        appearance_update(appearance=appearance, by=researcher, position=5, seen_revision=read_at)
    appearance.refresh_from_db()
    assert appearance.position == 4
    assert appearance.history.first().history_change_reason == "edited"


def test_a_change_that_changes_nothing_writes_nothing(logged, researcher):
    appearance = logged.appearances.get()
    appearance_update(appearance=appearance, by=researcher, quote=appearance.quote)
    appearance.refresh_from_db()
    assert appearance.revision == 1


def test_a_claims_last_appearance_cannot_be_removed(logged, researcher):
    only = logged.appearances.get()
    with pytest.raises(LastAppearance, match="only appearance"):
        appearance_remove(appearance=only, by=researcher)
    second = appearance_add(claim=logged, by=researcher, source=SourceFactory(), quote="again")
    only_id = only.pk
    appearance_remove(appearance=only, by=researcher, reason="logged on the wrong claim")
    logged.refresh_from_db()
    assert logged.first_appearance_id == second.pk
    assert logged.appearance_words == "again"
    removed = Appearance.history.filter(id=only_id, history_type="-").get()
    assert removed.history_change_reason == "removed: logged on the wrong claim"


def test_on_a_published_claim_only_a_reviewer_changes_where_it_appeared(publish, researcher):
    claim = publish()
    appearance = claim.appearances.get()
    with pytest.raises(ReviewRequired, match="only a reviewer"):
        appearance_add(claim=claim, by=researcher, source=SourceFactory(), quote="more")
    with pytest.raises(ReviewRequired):
        appearance_update(appearance=appearance, by=researcher, quote="other words")
    with pytest.raises(ReviewRequired):
        appearance_update(appearance=appearance, by=researcher, made_on=datetime.date(2020, 1, 2))
    with pytest.raises(ReviewRequired):
        appearance_remove(appearance=appearance, by=researcher)
    appearance.refresh_from_db()
    assert appearance.quote != "other words"


def test_a_reviewers_change_to_a_published_claim_refreshes_its_pages(
    publish, reviewer, django_capture_on_commit_callbacks
):
    claim = publish()
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        appearance_add(claim=claim, by=reviewer, source=SourceFactory(), quote="said again")
    assert content_version() != before


def test_a_draft_claims_appearances_leave_the_public_pages_cached(
    logged, researcher, django_capture_on_commit_callbacks
):
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        appearance_add(claim=logged, by=researcher, source=SourceFactory(), quote="again")
    assert content_version() == before


def test_someone_with_no_role_may_not_log_appearances(logged, outsider):
    with pytest.raises(NotPermitted):
        appearance_add(claim=logged, by=outsider, source=SourceFactory(), quote="words")


def test_an_appearance_splits_out_into_a_draft_claim_of_its_own(logged, researcher, reviewer):
    topic = TopicFactory()
    logged.topics.add(topic)
    other = appearance_add(
        claim=logged, by=researcher, source=SourceFactory(), quote="it was a mistake", made_on=None
    )
    new = appearance_split(
        appearance=other, by=reviewer, reason="A different claim.", text="It was a mistake."
    )
    assert new.status == Claim.Status.DRAFT
    assert (new.text, new.claimant, list(new.topics.all())) == (
        "It was a mistake.",
        logged.claimant,
        [topic],
    )
    assert new.first_appearance_id == other.pk
    logged.refresh_from_db()
    assert logged.appearance_words == "crossed the border by accident"
    assert (
        other.history.first().history_change_reason
        == f"split into claim {new.pk}: A different claim."
    )


def test_a_split_needs_a_reviewer_a_reason_and_another_appearance_left(
    logged, researcher, reviewer
):
    only = logged.appearances.get()
    with pytest.raises(NotPermitted):
        appearance_split(appearance=only, by=researcher, reason="why")
    with pytest.raises(ReasonRequired):
        appearance_split(appearance=only, by=reviewer, reason=" ")
    with pytest.raises(LastAppearance, match="already a claim of its own"):
        appearance_split(appearance=only, by=reviewer, reason="why")


def test_a_merged_claim_takes_no_appearances(publish, researcher, reviewer):
    from claims.services import claim_merge

    into = publish()
    merged = ReadyClaimFactory(created_by=researcher)
    claim_merge(claim=merged, into=into, by=reviewer, reason="The same denial.")
    merged.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match=f"merged into claim {into.pk}"):
        appearance_add(claim=merged, by=reviewer, source=SourceFactory(), quote="words")
