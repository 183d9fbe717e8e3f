"""Splitting an article's text into sentences with their spans, in English, Russian and
Ukrainian, without cutting quotations, abbreviations or initials."""

from claims.suggestions.sentences import split


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
