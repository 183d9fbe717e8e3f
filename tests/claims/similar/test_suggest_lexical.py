"""Suggestions by wording alone, through the database's own full-text index (SQLite FTS5 or
PostgreSQL's), with their reasons; and the texts the matcher refuses."""

import pytest

from claims.similar import SimilarInputError, suggest, validate
from claims.visibility import public_claims
from tests.factories import AppearanceFactory, ClaimantFactory, ClaimantNameFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged():
    accident = ClaimFactory(
        text="The captured Russian soldiers crossed the border into Ukraine by accident.",
        quote="the soldiers had crossed the border by accident",
        claimant=ClaimantFactory(name="Russian defence ministry source"),
    )
    denial = ClaimFactory(
        text="Moscow denies supporting the uprising in eastern Ukraine.",
        quote="Moscow denies supporting the uprising",
    )
    killed = ClaimFactory(
        text="More than 2,000 people were killed in eastern Ukraine since mid-April.",
        quote="more than 2,000 were killed",
    )
    paratrooper = ClaimantFactory(name="Ivan Milchankov")
    ClaimantNameFactory(claimant=paratrooper, name="Иван Мильчаков")
    march = ClaimFactory(
        text="The paratroopers were on a planned three-day, 45-mile march.",
        quote="a planned three-day, 45-mile march",
        claimant=paratrooper,
    )
    return {"accident": accident, "denial": denial, "killed": killed, "march": march}


def _levels(outcome) -> dict[int, str]:
    return {s.claim.pk: s.level for s in outcome.results}


def test_another_outlets_wording_of_a_logged_claim_is_the_same_claim(logged):
    outcome = suggest(
        "The soldiers crossed the border by accident, the ministry said.", mode="lexical"
    )
    best = outcome.results[0]
    assert best.claim == logged["accident"]
    assert best.level == "same"
    wording = next(r for r in best.reasons if r.kind == "wording")
    assert {"crossed", "border", "accident"} <= {w.lower() for w in wording.words}
    assert not outcome.semantic.available


def test_an_appearances_words_count_as_the_claims(logged):
    AppearanceFactory(claim=logged["denial"], quote="the Kremlin has denied backing the rebels")
    best = suggest("Kremlin denied backing the rebels", mode="lexical").results[0]
    assert best.claim == logged["denial"]


def test_other_figures_for_the_same_count_are_not_the_same_claim(logged):
    outcome = suggest(
        "More than 3,000 people were killed in eastern Ukraine since mid-April.", mode="lexical"
    )
    killed = next(s for s in outcome.results if s.claim == logged["killed"])
    assert killed.level == "related"
    assert any(r.kind == "different_figures" for r in killed.reasons)
    same = suggest("more than 2,000 people were killed since mid-April", mode="lexical")
    assert any(r.kind == "figures" for r in same.results[0].reasons)


def test_a_short_text_is_never_the_same_claim(logged):
    outcome = suggest("crossed by accident", mode="lexical")
    assert outcome.results
    assert all(s.level == "related" for s in outcome.results)


def test_unrelated_claims_are_not_suggested_as_the_same(logged):
    outcome = suggest("Bread prices doubled in the capital last winter.", mode="lexical")
    assert all(s.level != "same" for s in outcome.results)


def test_the_claimant_under_another_name_is_a_reason(logged):
    outcome = suggest(
        "a three-day 45-mile march was planned", claimant="Иван Мильчаков", mode="lexical"
    )
    best = outcome.results[0]
    assert best.claim == logged["march"]
    claimant = next(r for r in best.reasons if r.kind == "claimant")
    assert claimant.message == "the same claimant under another name, Иван Мильчаков"


def test_only_the_claims_a_reader_may_see_are_suggested(logged, publish):
    public = publish(text="Seven shells hit Kalinina hospital on Sunday morning.")
    outcome = suggest(
        "Seven shells hit the hospital on Sunday morning", among=public_claims(), mode="lexical"
    )
    assert [s.claim for s in outcome.results] == [public]
    drafts_too = suggest("soldiers crossed the border by accident", mode="lexical")
    assert (
        suggest(
            "soldiers crossed the border by accident", among=public_claims(), mode="lexical"
        ).results
        == []
    )
    assert drafts_too.results


def test_a_claim_edited_since_is_found_by_its_new_words(logged):
    claim = logged["denial"]
    claim.text = "The Kremlin denies arming the separatists."
    claim.save()
    assert suggest("Kremlin denies arming separatists", mode="lexical").results[0].claim == claim


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "text_required"),
        ("   ", "text_required"),
        ("x" * 5_001, "text_too_long"),
        ("?!… — ...", "text_without_words"),
        ("the and of said", "text_without_words"),
    ],
)
def test_texts_with_nothing_to_match_are_refused_saying_why(text, code):
    with pytest.raises(SimilarInputError) as refused:
        validate(text)
    assert refused.value.code == code


def test_a_russian_quote_meets_a_claim_logged_in_english_through_its_names(logged):
    """The Russian words' stems in Latin letters reach the English claim through the names
    both give (Калинина, Донецке), as a related claim only."""
    shelled = ClaimFactory(
        text="Seven shells hit the grounds of the Kalinin hospital in Donetsk.",
        quote="seven shells hit the grounds of the Kalinin hospital",
    )
    outcome = suggest("Снаряды попали в больницу Калинина в Донецке", mode="lexical")
    best = outcome.results[0]
    assert best.claim == shelled
    assert best.level == "related"
    across = next(r for r in best.reasons if r.kind == "wording")
    assert set(across.words) == {"Kalinin", "Donetsk"}
    assert "across scripts" in across.message


def test_names_met_across_scripts_never_make_the_same_claim(logged):
    """However many names and figures a Cyrillic text shares with an English claim, its other
    words go unread: at most related."""
    minsk = ClaimFactory(text="Putin and Poroshenko met in Minsk on 26 August in Belarus.")
    outcome = suggest("Путин и Порошенко встретились в Минске 26 августа", mode="lexical")
    assert outcome.results[0].claim == minsk
    assert outcome.results[0].level == "related"
    assert all(s.level == "related" for s in outcome.results)


def test_a_cyrillic_name_spelled_longer_in_english_is_met(logged):
    """A Russian stem drops the ending English keeps: порошенк is the start of Poroshenko."""
    demand = ClaimFactory(text="Poroshenko demanded that Russia stop shipping arms to the rebels.")
    outcome = suggest("Порошенко потребовал прекратить поставки оружия", mode="lexical")
    assert [s.claim for s in outcome.results] == [demand]
