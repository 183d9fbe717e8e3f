"""What the seed article carries (VICE News, 26 August 2014): its metadata, who is quoted in
it and under which names, its topics, and the shapes of its claims (DemoClaim, DemoAppearance),
which seed_claims.py lists with the exact words of every place the article carries each.

The repository holds only these short quotations, as a fact-check quotes the claim it rates;
never the article's full text.
"""

import datetime
from dataclasses import dataclass

from sources.models import Source

from ..models import Claimant, NameKind

ARTICLE = {
    "url": (
        "https://www.vice.com/en/article/zm55n8/"
        "videos-of-alleged-russian-soldiers-in-ukraine-emerges-as-minsk-meeting-ends-in-stalemate"
    ),
    "title": (
        "Videos of Alleged Russian Soldiers in Ukraine Emerge as Minsk Meeting Ends in Stalemate"
    ),
    "publisher": "VICE News",
    "author": "Harriet Salem",
    "kind": Source.Kind.ARTICLE,
    "language": "en",
    "published_on": datetime.date(2014, 8, 26),
}
ARTICLE_DATE = ARTICLE["published_on"]

# slug: (name, kind, affiliation)
CLAIMANTS = {
    "government-of-ukraine": ("Government of Ukraine", Claimant.Kind.GOVERNMENT, ""),
    "government-of-russia": ("Government of Russia", Claimant.Kind.GOVERNMENT, ""),
    "ivan-milchankov": (
        "Ivan Milchankov",
        Claimant.Kind.PERSON,
        "Russian paratroop unit, as he identified himself",
    ),
    "russian-defence-ministry-source": (
        "Unnamed defence ministry source",
        Claimant.Kind.UNNAMED,
        "Ministry of Defence of the Russian Federation",
    ),
    "russian-news-agencies": ("Russian news agencies", Claimant.Kind.MEDIA, ""),
    "reuters": ("Reuters", Claimant.Kind.MEDIA, ""),
    "vice-news": ("VICE News", Claimant.Kind.MEDIA, ""),
    "alexander-zakharchenko": (
        "Alexander Zakharchenko",
        Claimant.Kind.PERSON,
        "Prime minister of the self-declared Donetsk People's Republic",
    ),
    "donetsk-morgue-chief-mortician": (
        "Chief mortician of the Donetsk morgue",
        Claimant.Kind.UNNAMED,
        "Donetsk city morgue",
    ),
    "kalashnikov-anatolievich": (
        "Kalashnikov Anatolievich",
        Claimant.Kind.PERSON,
        "Director of the Donetsk city morgue",
    ),
    "united-nations": ("United Nations", Claimant.Kind.ORGANISATION, ""),
}

# Other names the claimants are published under: (name, kind, language). The paratrooper is
# "Ivan Milchankov" in the seed article; other outlets spelled him otherwise, and in Russian
# his name is written in Cyrillic.
CLAIMANT_NAMES = {
    "ivan-milchankov": (
        ("Ivan Milchakov", NameKind.SPELLING, ""),
        ("Ivan Vasilyevich Milchakov", NameKind.FULL, ""),
        ("Иван Мильчаков", NameKind.ORIGINAL, "ru"),
        ("Иван Васильевич Мильчаков", NameKind.ORIGINAL, "ru"),
    ),
}

TOPICS = {
    "captured-soldiers": "Captured soldiers",
    "russian-military-involvement": "Russian military involvement",
    "shelling": "Shelling",
    "casualties": "Casualties",
    "displacement": "Displacement",
    "geography": "Places and distances",
}


@dataclass(frozen=True)
class DemoAppearance:
    """One place the article carries a claim: its exact words and where they stand."""

    quote: str
    # Where the words stand in the article, in reading order; a photo caption is a place
    # of its own.
    position: int
    # (claimant slug, verb), nearest the article first
    chain: tuple[tuple[str, str], ...] = ()
    # For words the outlet printed in its own translation: the language they were said in.
    # The original words are not in the article, so the demo does not record them.
    translated_from: str = ""
    made_on: datetime.date = ARTICLE_DATE


@dataclass(frozen=True)
class DemoClaim:
    slug: str
    text: str
    claimant: str
    topics: tuple[str, ...]
    # first appearance first
    appearances: tuple[DemoAppearance, ...]
    place: str = ""
    note: str = ""

    @property
    def quote(self) -> str:
        """The words of the first appearance, which the origin citation quotes."""
        return self.appearances[0].quote
