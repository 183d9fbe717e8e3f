"""Finding a claimant by a name as an outlet printed it: other scripts, other spellings, a
patronymic more or less; with a score and reasons, and nothing unrelated."""

import pytest

from claims.claimants import similar_claimants
from tests.factories import ClaimantFactory, ClaimantNameFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paratrooper():
    claimant = ClaimantFactory(name="Ivan Milchankov")
    ClaimantNameFactory(claimant=claimant, name="Ivan Vasilyevich Milchakov", kind="full")
    ClaimantNameFactory(claimant=claimant, name="Иван Мильчаков", kind="original", language="ru")
    ClaimantFactory(name="Ivan Petrov")
    ClaimantFactory(name="United Nations")
    return claimant


@pytest.mark.parametrize(
    "typed",
    [
        "Ivan Milchankov",
        "ivan milchankov ",
        "Иван Мильчаков",
        "Ivan Milchakov",
        "I. Milchakov",
        "Milchakov, Ivan",
        "Iwan Miltschakow",
    ],
)
def test_every_spelling_and_script_finds_the_one_claimant(paratrooper, typed):
    matches = similar_claimants(typed)
    assert matches[0].claimant == paratrooper
    assert 0.7 < matches[0].score <= 1.0
    assert matches[0].reasons


def test_a_name_in_another_script_says_so(paratrooper):
    best = similar_claimants("Мильчаков Иван")[0]
    assert best.claimant == paratrooper
    assert any("another script" in reason for reason in best.reasons) or best.score >= 0.9


def test_the_exact_name_scores_one_and_says_which_name_matched(paratrooper):
    best = similar_claimants("Иван Мильчаков")[0]
    assert best.score == 1.0
    assert best.reasons[0].startswith("other name “Иван Мильчаков”")


def test_unrelated_claimants_are_not_suggested(paratrooper):
    assert [m.claimant.name for m in similar_claimants("United Nations")] == ["United Nations"]
    assert similar_claimants("Alexander Zakharchenko") == []
    assert similar_claimants("   ") == []


def test_a_first_name_alone_is_not_a_match(paratrooper):
    assert all(match.score < 1.0 for match in similar_claimants("Ivan"))
    assert paratrooper not in [m.claimant for m in similar_claimants("Ivan Ivanov")]


def test_a_transliteration_of_a_surname_finds_the_claimant():
    claimant = ClaimantFactory(name="Alexander Zakharchenko")
    best = similar_claimants("Aleksandr Zakharchenko")[0]
    assert best.claimant == claimant
    assert best.reasons == ["name “Alexander Zakharchenko”: a close spelling (94% alike)"]
