"""Reading an archived article for claims: its check-worthy sentences kept best first, with
who said each and through whom, their figures and the claims already logged like them; the
same sentence once; decisions kept across readings; a note where nothing could be read."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claimant, ClaimantName, SuggestedClaim, SuggestionRun
from claims.services import claim_create, suggestion_dismiss
from claims.suggestions.build import MAX_WORDS, suggest_for_capture, suggest_for_source
from sources.models import Capture
from tests.factories import CaptureFactory, ClaimantFactory, SourceFactory

from .conftest import archived

pytestmark = pytest.mark.django_db


def _by_sentence(source) -> dict[str, SuggestedClaim]:
    return {s.sentence: s for s in SuggestedClaim.objects.filter(source=source)}


def test_the_claims_come_first_and_opinion_questions_and_captions_last_or_not_at_all(article):
    run = suggest_for_source(article)
    suggested = list(SuggestedClaim.objects.filter(source=article).order_by("-score", "start"))
    sentences = [s.sentence for s in suggested]
    assert run.suggested == len(suggested)
    assert {sentence[:20] for sentence in sentences[:4]} == {
        "At least 344,000 peo",
        "Seven shells hit the",
        '"We heard the first ',
        "Reuters cited Russia",
    }
    assert "Should the talks have been held at all?" not in sentences
    assert not any(s.startswith(("Follow Example News", "Photo by")) for s in sentences)
    fled = suggested[sentences.index(next(s for s in sentences if s.startswith("At least")))]
    assert {r["kind"] for r in fled.reasons} >= {"figure", "attributed"}


def test_the_same_sentence_twice_is_one_suggestion_at_its_first_place(article):
    suggest_for_source(article)
    shells = SuggestedClaim.objects.filter(source=article, sentence__startswith="Seven shells")
    assert shells.count() == 1
    text = Capture.objects.get(source=article).text
    assert shells.get().start == text.index("Seven shells")


def test_guesses_name_the_claimant_and_the_chain_and_read_the_figures(article):
    un = ClaimantFactory(name="United Nations", kind="organisation")
    suggest_for_source(article)
    found = _by_sentence(article)
    fled = next(s for sentence, s in found.items() if sentence.startswith("At least 344,000"))
    assert (fled.claimant, fled.claimant_name) == (un, "United Nations")
    assert [(f["value"], f["qualifier"], f["kind"]) for f in fled.figures] == [
        (344_000, "at_least", "fled")
    ]
    chain = next(s for sentence, s in found.items() if sentence.startswith("Reuters"))
    assert chain.chain == [
        ["Reuters", "citing"],
        ["Russian news agencies", "quoting"],
        ["defence ministry source", "said"],
    ]
    assert (chain.claimant, chain.claimant_kind) == (None, "person")
    director = next(s for sentence, s in found.items() if "Olena Kravets" in sentence)
    assert (director.claimant_name, director.claimant_kind) == ("Olena Kravets", "person")
    # The outlet's own reporting is the outlet's claim.
    shells = next(s for sentence, s in found.items() if sentence.startswith("Seven shells"))
    assert (shells.claimant_name, shells.claimant_kind) == ("Example News", "media")


def test_a_claimant_is_known_by_another_name(article):
    kravets = ClaimantFactory(name="Olena Kravets-Shevchuk", kind="person")
    ClaimantName.objects.create(claimant=kravets, name="Olena Kravets")
    suggest_for_source(article)
    director = SuggestedClaim.objects.get(source=article, sentence__contains="Olena Kravets")
    assert director.claimant == kravets
    assert any(r["kind"] == "claimant" for r in director.reasons)


def test_claims_already_logged_are_matched_and_their_sentences_marked(article, researcher):
    claim = claim_create(
        by=researcher,
        text="Seven shells hit the city hospital on Sunday.",
        claimant=ClaimantFactory(),
        source=article,
        quote="Seven shells hit the grounds of the city hospital on Sunday morning",
    )
    suggest_for_source(article)
    shells = SuggestedClaim.objects.get(source=article, sentence__startswith="Seven shells")
    assert (shells.status, shells.appearance) == ("logged", claim.first_appearance)
    assert shells.matches[0]["claim"] == claim.pk
    assert shells.matches[0]["level"] == "same"


def test_a_dismissal_survives_a_new_reading_and_a_gone_sentence_is_withdrawn(article, researcher):
    suggest_for_source(article)
    director = SuggestedClaim.objects.get(source=article, sentence__contains="Olena Kravets")
    suggestion_dismiss(suggestion=director, by=researcher, reason="A quote of a witness.")
    CaptureFactory(
        source=article,
        status=Capture.Status.SUCCEEDED,
        text=Capture.objects.get(source=article).text.replace("At least 344,000", "Some"),
        finished_at=timezone.now(),
    )
    suggest_for_source(article)
    director.refresh_from_db()
    assert (director.status, director.dismissed_reason) == ("dismissed", "A quote of a witness.")
    assert not SuggestedClaim.objects.filter(sentence__startswith="At least 344,000").exists()


def test_no_archived_text_gives_no_suggestions_and_says_why():
    failed = SourceFactory()
    CaptureFactory(
        source=failed,
        status=Capture.Status.FAILED,
        error_message="The server answered 404 Not Found.",
        finished_at=timezone.now(),
    )
    run = suggest_for_source(failed)
    assert run.suggested == 0
    assert run.note == (
        "No suggestions: it has no archived text, since its capture failed (The server "
        "answered 404 Not Found.)."
    )
    assert suggest_for_source(SourceFactory()).note.startswith("No suggestions: the source has not")


def test_a_book_length_page_is_read_up_to_its_limit_with_a_note():
    sentence = "Seven shells hit the grounds of hospital number {n} on Sunday, killing two. "
    text = "".join(sentence.format(n=n) for n in range(MAX_WORDS // 6))
    source = archived(text)
    run = suggest_for_source(source)
    assert run.note.startswith(f"Only the first {MAX_WORDS:,} of its")
    assert run.suggested == 100


def test_a_russian_article_is_read_with_its_attributions():
    text = (
        "Обстрел Донецка\n\nВ воскресенье семь снарядов попали в больницу, погибли двое "
        "пациентов, сообщил главврач Иван Петров. Агентство Reuters, ссылаясь на РИА "
        "Новости, цитирующие источник в Минобороны, сообщило, что солдаты пересекли границу "
        "случайно. Вечером в городе было тихо."
    )
    source = archived(text, language="ru")
    suggest_for_source(source)
    found = _by_sentence(source)
    shells = next(s for sentence, s in found.items() if sentence.startswith("В воскресенье"))
    assert (shells.claimant_name, shells.claimant_kind) == ("Иван Петров", "person")
    assert [f["value"] for f in shells.figures] == [7, 2]
    chain = next(s for sentence, s in found.items() if sentence.startswith("Агентство"))
    assert [verb for _, verb in chain.chain] == ["citing", "quoting", "said"]


def test_a_language_the_rules_do_not_read_says_so():
    source = archived(
        "Siedem pocisków trafiło w szpital w niedzielę, zginęły dwie osoby.", language="pl"
    )
    run = suggest_for_source(source)
    assert "not one the attribution rules read" in run.note
    assert all(s.claimant_how == "" for s in SuggestedClaim.objects.filter(source=source))
    assert Claimant.objects.count() == 0


def test_a_recheck_that_found_the_same_text_reads_nothing_again(article):
    text = Capture.objects.get(source=article).text
    digest = hashlib.sha256(text.encode()).hexdigest()
    Capture.objects.filter(source=article).update(text_sha256=digest)
    first = suggest_for_source(article)
    CaptureFactory(
        source=article,
        status=Capture.Status.SUCCEEDED,
        text=text,
        text_sha256=digest,
        finished_at=timezone.now(),
    )
    SuggestedClaim.objects.filter(source=article).update(score=0.01)
    again = suggest_for_source(article)
    assert again.capture_id == first.capture_id
    assert set(SuggestedClaim.objects.filter(source=article).values_list("score", flat=True)) == {
        0.01
    }
    suggest_for_source(article, again=True)
    assert SuggestedClaim.objects.filter(source=article, score__gt=0.1).exists()


def test_a_page_of_words_without_a_stop_is_no_sentence_and_says_so():
    source = archived('"' + "word " * 100_000)
    run = suggest_for_source(source)
    assert run.suggested == 0
    assert "of its 100,000 words were read" in run.note
    assert "1 passage of more than 2,000 characters without a full stop" in run.note


def test_a_claimant_is_guessed_by_the_same_name_only_not_a_name_like_it():
    russian = ClaimantFactory(name="Russian Army", kind="military")
    source = archived(
        "The Ukrainian army said it shot down seven drones over Kharkiv on Sunday.\n"
        "The russian army said it captured two villages near Kupiansk on Monday."
    )
    suggest_for_source(source)
    ukrainian = SuggestedClaim.objects.get(source=source, sentence__startswith="The Ukrainian")
    assert (ukrainian.claimant, ukrainian.claimant_name) == (None, "Ukrainian army")
    same = SuggestedClaim.objects.get(source=source, sentence__startswith="The russian")
    assert same.claimant == russian


def test_a_name_two_claimants_go_by_is_guessed_to_be_neither():
    ClaimantFactory(name="Ivan Petrov", kind="person")
    ClaimantFactory(name="Иван Петров", kind="person")
    source = archived("Ivan Petrov said seven shells hit the hospital in Donetsk on Sunday.")
    suggest_for_source(source)
    suggestion = SuggestedClaim.objects.get(source=source)
    assert (suggestion.claimant, suggestion.claimant_name) == (None, "Ivan Petrov")


def test_a_reading_of_an_older_capture_written_after_a_newer_ones_changes_nothing():
    source = archived()
    older = Capture.objects.get(source=source)
    newer = CaptureFactory(
        source=source,
        status=Capture.Status.SUCCEEDED,
        text=older.text.replace("At least 344,000", "At least 512,000"),
        finished_at=older.finished_at + timedelta(hours=1),
    )
    read = suggest_for_capture(source, newer)
    again = suggest_for_capture(source, older)
    assert again == read
    assert (again.capture, SuggestionRun.objects.get(source=source).capture) == (newer, newer)
    suggested = SuggestedClaim.objects.filter(source=source)
    assert set(suggested.values_list("capture", flat=True)) == {newer.pk}
    assert suggested.filter(sentence__startswith="At least 512,000").exists()
    assert not suggested.filter(sentence__startswith="At least 344,000").exists()
