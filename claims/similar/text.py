"""Texts as the matcher of claims compares them: words folded to Latin letters without case
or accents, their stems (English or Russian, by script), which of them carry content, and the
figures a text states.

"Crossed the border by accident" and "crossing the border, accidentally" share the stems
cross, border and accident; "seven shells" and "7 shells" share the figure 7.

A Cyrillic word also carries its stem in Latin letters, so that a Russian quote meets a claim
logged in English through the names and places they share: "Путина" stems to путин, written
putin, the stem of "Putin"; "Порошенко" to порошенк, poroshenk, which "Poroshenko" begins
with (`crosses`). Other words rarely meet that way: that is how far transliteration goes.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

import Stemmer
from anyascii import anyascii

from ..figures.vocabulary import SCALES_EN, UNITS_EN

# Words that say nothing about which claim a text is: English, and the commonest Russian and
# Ukrainian ones, since quotes arrive in both.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself also said
    says say told according s t
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть
    был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть
    надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда
    кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас
    были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот
    через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед
    иногда лучше чуть том нельзя такой им более всегда конечно всю между заявил сказал
    і та що це як але з у до від на за по не він вона воно вони ми ви ти я також
    """.split()
)

# English number words, as the figure reader knows them (claims.figures reads the rest).
_NUMBER_WORDS = UNITS_EN
_SCALES = SCALES_EN
# A run of letters with digits after it ("MH17", "Su25") is a name, not a figure: "All 295
# aboard MH17" states 295, and shares no figure 17 with another MH17 claim.
_TOKEN = re.compile(r"[^\W\d_]+\d[^\W_]*|\d[\d,.\u00a0\u202f ]*\d|\d|[^\W\d_]+(?:'[^\W\d_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _stemmer(language: str):
    return Stemmer.Stemmer(language)


@dataclass(frozen=True)
class Word:
    """A word of a text as written, and as it is compared."""

    written: str
    folded: str
    stem: str
    content: bool
    # A Cyrillic word's stem in Latin letters; empty for other words.
    crossing: str = ""


def _stem(folded: str, written: str) -> str:
    if _CYRILLIC.search(written):
        return _stemmer("russian").stemWord(written.casefold())
    return _stemmer("english").stemWord(folded)


# Scoring reads each candidate's texts several times (wording, figures), and the same
# candidates come back keystroke after keystroke.
@lru_cache(maxsize=8192)
def words(text: str) -> tuple[Word, ...]:
    """The words of text in order, with figures as one word each ("2,000" is 2000)."""
    return tuple(_word(match.group()) for match in _TOKEN.finditer(text))


# A suggestion reads a hundred candidates' texts it has not seen, in a vocabulary that
# repeats: folding, stemming (pure Python) and transliterating each word once is most of
# what reading them costs.
@lru_cache(maxsize=200_000)
def _word(written: str) -> Word:
    if written[0].isdigit():
        value = _number(written)
        folded = str(value) if value is not None else written
        return Word(written, folded, folded, content=True)
    folded = anyascii(written).casefold().replace("'", "")
    stop = written.casefold() in STOPWORDS or folded in STOPWORDS
    stem = _stem(folded, written)
    crossing = _crossing(stem) if _CYRILLIC.search(written) else ""
    return Word(written, folded, stem, content=not stop, crossing=crossing)


def content_stems(text: str) -> frozenset[str]:
    return frozenset(word.stem for word in words(text) if word.content)


# Shorter transliterated stems ("ross", of the Russian for Russia) meet unrelated English words.
CROSSING_MIN_LENGTH = 5
# Letters an English spelling may keep after a Russian stem: Poroshenko after порошенк.
CROSSING_ENDING = 2


def _crossing(stem: str) -> str:
    latin = re.sub(r"[^a-z0-9]", "", anyascii(stem).casefold())
    return latin if len(latin) >= CROSSING_MIN_LENGTH else ""


def crossing_stems(text: str) -> frozenset[str]:
    """The Latin-letter stems of text's Cyrillic content words (long enough to say something)."""
    return frozenset(word.crossing for word in words(text) if word.content and word.crossing)


def crosses(crossing: str, stem: str) -> bool:
    """Whether a Cyrillic word's stem in Latin letters meets a Latin word's stem: the same,
    or the start of it with at most CROSSING_ENDING letters after."""
    return stem.startswith(crossing) and len(stem) - len(crossing) <= CROSSING_ENDING


def shares(word: Word, stems: frozenset[str], crossing: frozenset[str]) -> bool:
    """Whether a content word of one text meets another text's stems, or its Cyrillic
    words' stems in Latin letters."""
    if not word.content:
        return False
    return word.stem in stems or any(crosses(latin, word.stem) for latin in crossing)


_SPACES = re.compile(r"[\s\u00a0\u202f]")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


def _number(written: str) -> Decimal | None:
    """A figure written with digits: thousands separated by commas or spaces, a decimal
    point ("344,000", "1.5", "2 000")."""
    digits = _SPACES.sub("", written)
    if _THOUSANDS.fullmatch(digits):
        digits = digits.replace(",", "")
    try:
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None


@lru_cache(maxsize=8192)
def figures(text: str) -> frozenset[Decimal]:
    """The figures text states, in digits or words: "seven" and "7", "one million" and
    "1,000,000", "1.5 million", "two hundred and fifty", "45-mile" (45) all count. A lone
    "one" ("one of the soldiers") is not a figure."""
    values: set[Decimal] = set()
    total, current, words_only = Decimal(0), None, True

    def flush() -> None:
        nonlocal total, current, words_only
        if current is not None:
            value = total + current
            if not (words_only and value == 1 and total == 0):
                values.add(value)
        total, current, words_only = Decimal(0), None, True

    for word in words(text):
        name = word.folded
        if word.written[0].isdigit():
            flush()
            current, words_only = _number(word.written), False
            if current is None:
                flush()
        elif name in _NUMBER_WORDS:
            current = (current or 0) + _NUMBER_WORDS[name]
        elif name == "hundred" and current is not None:
            current *= 100
        elif name in _SCALES and current is not None:
            total += current * _SCALES[name]
            current = Decimal(0)
            words_only = False
        elif name == "and" and current is not None:
            continue
        else:
            flush()
    flush()
    return frozenset(values)


# Unicode's names for the scripts a newsroom's quotes come in, as ISO 15924 codes (the codes
# langcodes gives a language's script in).
_SCRIPTS = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr",
    "ARMENIAN": "Armn", "GEORGIAN": "Geor", "DEVANAGARI": "Deva", "HANGUL": "Hang",
    "CJK": "Hani", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "THAI": "Thai",
}  # fmt: skip


def dominant_script(text: str) -> str | None:
    """The script (ISO 15924) most of text's letters are written in, or None without
    letters or for a script not listed."""
    scripts = Counter(
        unicodedata.name(character, "").split(" ", 1)[0]
        for character in text
        if character.isalpha()
    )
    if not scripts:
        return None
    name, _ = scripts.most_common(1)[0]
    return _SCRIPTS.get(name)
