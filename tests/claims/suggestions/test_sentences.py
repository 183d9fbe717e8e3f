"""Splitting an article's text into sentences with their spans, in English, Russian and
Ukrainian, without cutting quotations, abbreviations or initials."""

import time

from claims.suggestions.sentences import MAX_SENTENCE, split


def _texts(text: str) -> list[str]:
    found = split(text)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
    return [sentence.text for sentence in found]


def test_it_splits_at_stops_before_a_capital_and_keeps_abbreviations_and_initials():
    text = (
        "Mr. Smith met Dr. Jones at No. 14 Lenin St. in the morning. V. Putin was not "
        "there. The U.S. embassy said nothing! Did anyone ask?"
    )
    assert _texts(text) == [
        "Mr. Smith met Dr. Jones at No. 14 Lenin St. in the morning.",
        "V. Putin was not there.",
        "The U.S. embassy said nothing!",
        "Did anyone ask?",
    ]


def test_a_quotation_of_several_sentences_stays_one_sentence():
    text = (
        '"Everything is different here. We\'ve come as cannon fodder," he said in the video. '
        "Moscow denied it."
    )
    assert _texts(text) == [
        '"Everything is different here. We\'ve come as cannon fodder," he said in the video.',
        "Moscow denied it.",
    ]


def test_a_stop_inside_closing_quotes_ends_the_sentence():
    text = 'They crossed the border "by accident." Kiev disagreed.'
    assert _texts(text) == ['They crossed the border "by accident."', "Kiev disagreed."]


def test_paragraphs_and_headline_lines_are_sentences_of_their_own():
    text = "Fighting Escalates Near Mariupol\nPhoto by A. Reporter\n\nShells fell. Nobody was hurt."
    assert _texts(text) == [
        "Fighting Escalates Near Mariupol",
        "Photo by A. Reporter",
        "Shells fell.",
        "Nobody was hurt.",
    ]


def test_russian_and_ukrainian_with_their_abbreviations_and_quotation_marks():
    russian = (
        "В г. Донецке погибли 12 человек, т.е. больше, чем вчера. «Мы не знали. Нам не "
        "сказали», — заявил солдат. Минобороны это отрицает."
    )
    assert _texts(russian) == [
        "В г. Донецке погибли 12 человек, т.е. больше, чем вчера.",
        "«Мы не знали. Нам не сказали», — заявил солдат.",
        "Минобороны это отрицает.",
    ]
    ukrainian = (
        "На вул. Шевченка впали три снаряди. „Ми чули вибух. Потім ще один“, — сказав мешканець."
    )
    assert _texts(ukrainian) == [
        "На вул. Шевченка впали три снаряди.",
        "„Ми чули вибух. Потім ще один“, — сказав мешканець.",
    ]


def test_nothing_gives_no_sentences():
    assert split("") == []
    assert split(" \n\n  ") == []


def _cpu_seconds(work) -> tuple[list, float]:
    started = time.process_time()
    found = work()
    return found, time.process_time() - started


def test_a_line_break_closes_a_quotation_left_open():
    text = "«A stray mark. Still the same paragraph.\nThe next one. And another."
    assert _texts(text) == [
        "«A stray mark. Still the same paragraph.",
        "The next one.",
        "And another.",
    ]


def test_a_stray_quotation_mark_before_a_long_article_swallows_only_its_paragraph():
    paragraph = (
        "Seven shells hit the grounds of the city hospital on Sunday morning, killing two "
        "patients. The mayor said the night was calm."
    )
    text = "«" + "\n".join([paragraph] * 900)
    found, seconds = _cpu_seconds(lambda: split(text))
    assert seconds < 2  # a guard: rescanning from the sentence's start took 5 s and more
    assert found[0].text == "«" + paragraph
    assert [s.text for s in found[1:3]] == [
        "Seven shells hit the grounds of the city hospital on Sunday morning, killing two "
        "patients.",
        "The mayor said the night was calm.",
    ]
    assert len(found) == 1 + 2 * 899


def test_stops_that_end_no_sentence_give_parts_cut_at_words_no_longer_than_the_limit():
    text = "Mr. " * 30_000
    found, seconds = _cpu_seconds(lambda: split(text))
    assert seconds < 2  # a guard: 85 s before
    assert all(len(s.text) <= MAX_SENTENCE for s in found)
    assert [s.part for s in found] == list(range(1, len(found) + 1))
    assert all(s.text.startswith("Mr.") and s.text.endswith("Mr.") for s in found)
    assert sum(len(s.text.split()) for s in found) == 30_000


def test_a_word_longer_than_the_limit_is_cut_inside_it_and_a_run_of_stops_is_read_once():
    found, seconds = _cpu_seconds(lambda: split("." * 20_000 + "and the rest. Then."))
    assert seconds < 2  # a guard: 4 s before
    assert [len(s.text) for s in found[:10]] == [MAX_SENTENCE] * 10
    assert found[-2].text == "and the rest."
    assert (found[-2].part, found[-1].text, found[-1].part) == (11, "Then.", 0)
