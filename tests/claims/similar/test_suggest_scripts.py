"""A typed text in a script the model was not trained on is matched by wording and names
alone, and the suggestions say so: the English-only default model puts any two Cyrillic
texts close together whatever they say, so its cosine would make a wrong "same"."""

import pytest

from claims.similar import suggest
from claims.similar.embedding import embed_claims
from claims.similar.text import dominant_script
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RUSSIAN_DENIAL = "Военнослужащие пересекли границу случайно, заявил источник в Минобороны"


@pytest.fixture
def logged(matcher_url):
    denial = ClaimFactory(text="The captured soldiers crossed the border by accident.")
    AppearanceFactory(
        claim=denial, quote="военнослужащие, вероятнее всего, пересекли границу случайно"
    )
    convoy = ClaimFactory(text="A convoy of 280 trucks left Moscow for Ukraine.")
    AppearanceFactory(claim=convoy, quote="колонна из 280 грузовиков выехала из Подмосковья")
    embed_claims([denial.pk, convoy.pk])
    return denial


def test_a_cyrillic_text_is_matched_by_its_words_when_the_model_reads_english_only(logged):
    outcome = suggest(RUSSIAN_DENIAL)
    assert not outcome.semantic.available
    assert "Cyrl" in outcome.semantic.reason
    assert "en" in outcome.semantic.reason
    # Its words still find the claim whose appearance carries them.
    assert outcome.results[0].claim == logged
    assert {reason.kind for reason in outcome.results[0].reasons} >= {"wording"}


def test_a_latin_text_is_matched_by_meaning_as_well(logged):
    outcome = suggest("Troops most likely strayed over the frontier by mistake")
    assert outcome.semantic.available
    assert outcome.results[0].claim == logged


def test_a_model_said_to_read_russian_is_asked(logged, settings):
    settings.SIMILAR_MODEL_LANGUAGES = ["en", "ru"]
    assert suggest(RUSSIAN_DENIAL).semantic.available


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("The soldiers crossed the border", "Latn"),
        ("Солдаты пересекли границу", "Cyrl"),
        ("Ivan Milchakov, он же Иван Мильчаков", "Cyrl"),
        ("2,000 / 3,000", None),
    ],
)
def test_the_script_of_a_text_is_that_of_most_of_its_letters(text, script):
    assert dominant_script(text) == script
