"""What the database and the models hold to for appearances, claimants' other names,
language tags and merges, whatever writes the rows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Appearance, ClaimMerge, name_key, same_language, standard_language_tag
from tests.factories import (
    AppearanceFactory,
    ClaimantFactory,
    ClaimantNameFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_same_words_at_the_same_place_in_a_source_are_one_appearance():
    source = SourceFactory()
    claim = ClaimFactory(appearance=source, quote="crossed the border by accident", position=4)
    # Case and runs of whitespace do not make other words.
    _refused(
        lambda: AppearanceFactory(
            claim=ClaimFactory(), source=source, quote="Crossed the  border by accident", position=4
        )
    )
    # The same words elsewhere in the source (a caption) are another appearance.
    AppearanceFactory(
        claim=claim, source=source, quote="crossed the border by accident", position=9
    )
    AppearanceFactory(claim=claim, source=source, quote="crossed by accident", position=4)
    assert claim.appearances.count() == 3


def test_a_translation_says_its_original_language_and_who_translated_it():
    claim = ClaimFactory()
    _refused(lambda: AppearanceFactory(claim=claim, translated_by="outlet"))
    _refused(lambda: AppearanceFactory(claim=claim, original_language="ru"))
    _refused(lambda: AppearanceFactory(claim=claim, original_quote="Мы пришли"))
    _refused(
        lambda: AppearanceFactory(claim=claim, translated_by="translator", original_language="ru")
    )
    _refused(
        lambda: AppearanceFactory(
            claim=claim, translated_by="outlet", original_language="ru", translator="A. Name"
        )
    )
    named = AppearanceFactory(
        claim=claim, translated_by="translator", original_language="ru", translator="A. Name"
    )
    assert named.is_translation
    assert not claim.first_appearance.is_translation


def test_the_database_refuses_an_appearance_with_no_words():
    _refused(lambda: AppearanceFactory(quote=""))


def test_an_appearance_moves_its_revision_on_with_every_save():
    appearance = ClaimFactory().first_appearance
    appearance.position = 3
    appearance.save(update_fields=["position"])
    appearance.refresh_from_db()
    assert appearance.revision == 2
    assert appearance.history.first().position == 3


@pytest.mark.parametrize(
    ("tag", "standard"),
    [("en", "en"), ("EN-gb", "en-GB"), ("ru", "ru"), ("zh-hant-tw", "zh-Hant-TW")],
)
def test_language_tags_are_kept_in_their_standard_form(tag, standard):
    assert standard_language_tag(tag) == standard


@pytest.mark.parametrize("tag", ["english", "ru_RU", "xx", "en-", "a" * 40])
def test_a_tag_that_is_not_bcp_47_is_refused_with_an_example(tag):
    with pytest.raises(ValidationError, match=r"is not a BCP 47 language tag\. Use one such as en"):
        standard_language_tag(tag)


def test_regions_and_scripts_of_one_language_are_the_same_language():
    assert same_language("ru", "ru-RU")
    assert same_language("uk-UA", "uk")
    assert not same_language("ru", "uk")
    assert not same_language("", "ru")


def test_a_claimants_names_are_compared_across_scripts_and_accents():
    assert name_key("Мильчаков") == name_key("milchakov") == "milchakov"
    assert name_key("  Ivan   MILCHAKOV ") == "ivan milchakov"
    assert ClaimantNameFactory(name="Иван Мильчаков").key == "ivan milchakov"


def test_a_claimant_has_each_other_name_once_and_none_empty():
    claimant = ClaimantFactory()
    ClaimantNameFactory(claimant=claimant, name="Ivan Milchakov")
    _refused(lambda: ClaimantNameFactory(claimant=claimant, name="Ivan Milchakov"))
    _refused(lambda: ClaimantNameFactory(claimant=claimant, name=""))
    ClaimantNameFactory(claimant=ClaimantFactory(), name="Ivan Milchakov")


def test_a_claim_is_merged_into_another_once_at_a_time_and_never_into_itself():
    claim, other, reviewer = ClaimFactory(), ClaimFactory(), UserFactory()

    def merge(into):
        return ClaimMerge.objects.create(
            merged=claim, into=into, reason="same", by=reviewer, status_before="draft"
        )

    _refused(lambda: merge(claim))
    merge(other)
    _refused(lambda: merge(ClaimFactory()))
    assert Appearance.objects.filter(claim=claim).count() == 1
