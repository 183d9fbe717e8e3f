"""The demo data: the seed article (VICE News, 26 August 2014) and the claims logged from it.

The repository carries the article's metadata and, for each claim, only its exact quoted
words, as a fact-check quotes the claim it rates; never the article's full text.
"""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from sources.models import Source
from sources.services import source_create

from .models import Attribution, Citation, Claim, Claimant, Rating, Topic
from .services import claim_submit, verdict_correct, verdict_draft, verdict_publish

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

TOPICS = {
    "captured-soldiers": "Captured soldiers",
    "russian-military-involvement": "Russian military involvement",
    "shelling": "Shelling",
    "casualties": "Casualties",
    "displacement": "Displacement",
    "geography": "Places and distances",
}


@dataclass(frozen=True)
class DemoClaim:
    slug: str
    text: str
    quote: str
    claimant: str
    topics: tuple[str, ...]
    # (claimant slug, verb), nearest the article first
    chain: tuple[tuple[str, str], ...] = ()
    place: str = ""
    note: str = ""
    made_on: datetime.date = ARTICLE_DATE


CLAIMS = [
    DemoClaim(
        slug="ukraine-captured-russian-soldiers",
        text="Ukraine captured Russian soldiers operating inside its borders.",
        quote="Ukraine claims to have captured Russian soldiers operating inside its borders",
        claimant="government-of-ukraine",
        topics=("captured-soldiers", "russian-military-involvement"),
        chain=(("government-of-ukraine", "published video"),),
        note="The video was published on the Facebook page of Ukraine's anti-terror operation.",
    ),
    DemoClaim(
        slug="milchankov-did-not-know-where-they-crossed",
        text=(
            "A captured Russian paratrooper did not know where his unit crossed the border on a "
            "planned three-day, 45-mile march."
        ),
        quote=(
            "claimed he did not know where they had crossed the border on a planned "
            "three-day, 45-mile march"
        ),
        claimant="ivan-milchankov",
        topics=("captured-soldiers",),
        chain=(("government-of-ukraine", "published video of"), ("ivan-milchankov", "said")),
        note="Other reports give the march distance in kilometres; compare before rating.",
    ),
    DemoClaim(
        slug="milchankov-we-came-as-cannon-fodder",
        text="A captured Russian paratrooper said his unit had been sent in as cannon fodder.",
        quote="We've come as cannon fodder",
        claimant="ivan-milchankov",
        topics=("captured-soldiers",),
        chain=(("government-of-ukraine", "published video of"), ("ivan-milchankov", "said")),
    ),
    DemoClaim(
        slug="captured-soldiers-crossed-by-accident",
        text="The captured Russian soldiers crossed the border into Ukraine by accident.",
        quote='the captured soldiers had crossed the border into Ukraine "by accident."',
        claimant="russian-defence-ministry-source",
        topics=("captured-soldiers", "russian-military-involvement"),
        chain=(
            ("reuters", "citing"),
            ("russian-news-agencies", "quoting"),
            ("russian-defence-ministry-source", "said"),
        ),
    ),
    DemoClaim(
        slug="moscow-denies-supporting-the-uprising",
        text="Russia does not support the uprising in eastern Ukraine.",
        quote="Moscow has denied supporting the uprising in its neighbors east",
        claimant="government-of-russia",
        topics=("russian-military-involvement",),
        chain=(("government-of-russia", "denied"),),
    ),
    DemoClaim(
        slug="kiev-accuses-moscow-of-enabling-men-and-arms",
        text=(
            "Russia covertly supports the rebels in eastern Ukraine by letting fighters and "
            "weapons across the border."
        ),
        quote=(
            "Kiev has long accused Moscow of covertly supporting the rebel uprising in "
            "Ukraine's east by enabling men and arms to flow across the country's porous "
            "eastern border"
        ),
        claimant="government-of-ukraine",
        topics=("russian-military-involvement",),
        chain=(("government-of-ukraine", "accused"),),
    ),
    DemoClaim(
        slug="russian-soldiers-posted-selfies-with-a-buk",
        text=(
            "Russian soldiers posted selfies taken inside military vehicles, including a BUK "
            "missile system, on Instagram and other social media."
        ),
        quote=(
            "Russian soldiers have also been caught snapping selfies inside military vehicles, "
            "including a BUK missile, and posting them to Instagram and other social media sites"
        ),
        claimant="vice-news",
        topics=("russian-military-involvement",),
    ),
    DemoClaim(
        slug="zakharchenko-tanks-artillery-and-snipers",
        text=(
            "Rebel forces in Donetsk prepared a battalion of tanks, a battalion of artillery and "
            "a unit of snipers for a new offensive."
        ),
        quote=(
            "We have spent the last week preparing special operation units including a "
            "battalion of tanks, a battalion of artillery, and a unit of snipers"
        ),
        claimant="alexander-zakharchenko",
        topics=("russian-military-involvement",),
        chain=(("alexander-zakharchenko", "told reporters"),),
        place="Donetsk",
        made_on=datetime.date(2014, 8, 25),
    ),
    DemoClaim(
        slug="mortar-shell-hit-donetsk-morgue",
        text="A mortar shell hit the Donetsk morgue on Sunday morning.",
        quote="a mortar shell smashed through the ceiling of Donetsk morgue",
        claimant="vice-news",
        topics=("shelling",),
        place="Donetsk",
    ),
    DemoClaim(
        slug="seven-shells-hit-kalinina-hospital",
        text="Seven shells hit the grounds of Kalinina hospital in Donetsk on Sunday morning.",
        quote="Seven shells hit the territory of Kalinina hospital in Donetsk on Sunday morning",
        claimant="vice-news",
        topics=("shelling",),
        place="Donetsk",
        note=(
            'A photo caption in the same article says "Six other shells hit the territory of '
            'this hospital": six or seven.'
        ),
    ),
    DemoClaim(
        slug="368-civilian-casualties-through-donetsk-morgue",
        text=(
            "368 civilian casualties have passed through the Donetsk morgue since mid-April, "
            "nearly all killed by explosions or shrapnel."
        ),
        quote=(
            "Nearly all the 368 civilian casualties that have passed through the city's morgue "
            "since fighting began in mid-April have been killed by explosion trauma or shrapnel "
            "wounds"
        ),
        claimant="donetsk-morgue-chief-mortician",
        topics=("casualties",),
        chain=(("donetsk-morgue-chief-mortician", "said"),),
        place="Donetsk",
    ),
    DemoClaim(
        slug="52-unidentified-bodies-buried-in-donetsk",
        text=(
            "The Donetsk morgue buried 52 unidentified civilian bodies in one day, with 12 more "
            "scheduled the next."
        ),
        quote=(
            "We buried 52 unidentified [civilian] bodies yesterday, and another 12 are "
            "scheduled for today"
        ),
        claimant="kalashnikov-anatolievich",
        topics=("casualties",),
        chain=(("kalashnikov-anatolievich", "told VICE News"),),
        place="Donetsk",
    ),
    DemoClaim(
        slug="un-344000-fled-and-2000-killed",
        text=(
            "At least 344,000 people have fled eastern Ukraine and more than 2,000 have been "
            "killed since mid-April."
        ),
        quote=(
            "At least 344,000 have fled the region and more than 2,000 people have been killed "
            "since fighting began in mid-April, according to the latest figures from the "
            "United Nations"
        ),
        claimant="united-nations",
        topics=("casualties", "displacement"),
        chain=(("united-nations", "published figures"),),
    ),
    DemoClaim(
        slug="donetsk-pre-war-population-one-million",
        text="Donetsk had a pre-war population of one million.",
        quote="the city with a pre-war population of one million",
        claimant="vice-news",
        topics=("geography",),
        place="Donetsk",
        note='A photo caption in the same article says "nearly one million".',
    ),
    DemoClaim(
        slug="bezimenne-15-miles-from-mariupol",
        text="The village of Bezimenne is 15 miles from Mariupol.",
        quote="In the village of Bezimenne, only 15 miles from the coastal city of Mariupol",
        claimant="vice-news",
        topics=("geography",),
        place="Bezimenne",
    ),
    DemoClaim(
        slug="fighting-27-miles-from-mariupol",
        text="The fighting was 27 miles from Mariupol.",
        quote="despite the fighting just 27 miles away",
        claimant="vice-news",
        topics=("geography",),
        place="Mariupol",
    ),
]


@dataclass(frozen=True)
class DemoVerdict:
    rating: str
    summary: str
    rationale: str


# Verdicts the demo reviewer publishes through the services, as a newsroom would. Where a
# claim has two, the second is a correction of the first. They rate only what the article
# itself, or a well-known figure, can settle.
VERDICTS: dict[str, tuple[DemoVerdict, ...]] = {
    "seven-shells-hit-kalinina-hospital": (
        DemoVerdict(
            rating="unproven",
            summary="The article gives two counts: seven shells in its text, six in a caption.",
            rationale=(
                "The text says *seven* shells hit the grounds of Kalinina hospital; a photo "
                "caption in the same article says *six other shells* hit it.\n\n"
                "We found no independent count of that morning's shelling, so the number "
                "stays unproven until one appears."
            ),
        ),
    ),
    "368-civilian-casualties-through-donetsk-morgue": (
        DemoVerdict(
            rating="unproven",
            summary="The only source for the figure is the morgue's own staff, quoted once.",
            rationale=(
                "The figure comes from the chief mortician, speaking to the reporter. No "
                "published morgue register or independent tally was available to compare "
                "it with, so we rate it unproven rather than false."
            ),
        ),
    ),
    "donetsk-pre-war-population-one-million": (
        DemoVerdict(
            rating="true",
            summary="Donetsk had about a million inhabitants before the war.",
            rationale="Official estimates put the city's population near one million in 2013.",
        ),
        DemoVerdict(
            rating="mostly-true",
            summary="Nearly right: Donetsk had about 950,000 inhabitants before the war.",
            rationale=(
                "Official estimates for 2013 put the city's population at about 950,000. "
                "The article's own photo caption says *nearly one million*, which is the "
                'accurate form; "one million" rounds up.'
            ),
        ),
    ),
}
CORRECTION_NOTE = (
    "We first rated this True. The pre-war estimate is about 950,000, so the claim rounds "
    "up; we now rate it Mostly true."
)

# username: (group, superuser)
ACCOUNTS = {
    "researcher": ("Researchers", False),
    "reviewer": ("Reviewers", False),
    "editor": (None, True),
}


def _accounts(say: Callable[[str], None]) -> dict:
    User = get_user_model()
    users = {}
    for username, (group_name, superuser) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": superuser},
        )
        if created:
            password = settings.DEMO_PASSWORD or secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            shown = "(from DEMO_PASSWORD)" if settings.DEMO_PASSWORD else password
            say(f"Created demo account {username!r} with password {shown}")
        users[username] = user
    return users


def _save_as(user, obj):
    """Validate obj as a form would, then save it with user as the author of its history."""
    obj.full_clean()
    obj._history_user = user
    obj.save()
    return obj


@transaction.atomic
def load_demo(*, say: Callable[[str], None] = print) -> dict[str, int]:
    """Load the seed article, its claimants, claims, demo accounts and a few published
    verdicts (one of them corrected); a second run is a no-op.

    Returns how many rows of each kind were created, so callers can report it.
    """
    created = {"sources": 0, "claimants": 0, "claims": 0, "accounts": 0, "verdicts": 0}
    users_before = get_user_model().objects.count()
    users = _accounts(say)
    created["accounts"] = get_user_model().objects.count() - users_before
    researcher = users["researcher"]

    defaults = {k: v for k, v in ARTICLE.items() if k != "url"}
    # Like any new source, the article is queued for archiving; without network access
    # its capture fails with a reason a researcher can read in the admin.
    article, made = source_create(url=ARTICLE["url"], by=researcher, **defaults)
    created["sources"] += made

    topics = {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS.items()
    }
    claimants = {}
    for slug, (name, kind, affiliation) in CLAIMANTS.items():
        claimants[slug], made = Claimant.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "affiliation": affiliation}
        )
        created["claimants"] += made

    for position, demo in enumerate(CLAIMS, start=1):
        if Claim.objects.filter(slug=demo.slug).exists():
            continue
        claim = _save_as(
            researcher,
            Claim(
                slug=demo.slug,
                text=demo.text,
                quote=demo.quote,
                appearance=article,
                position=position,
                claimant=claimants[demo.claimant],
                made_on=demo.made_on,
                place=demo.place,
                created_by=researcher,
            ),
        )
        claim.topics.set([topics[slug] for slug in demo.topics])
        for hop, (claimant_slug, verb) in enumerate(demo.chain, start=1):
            _save_as(
                researcher,
                Attribution(
                    claim=claim, position=hop, claimant=claimants[claimant_slug], verb=verb
                ),
            )
        _save_as(
            researcher,
            Citation(
                claim=claim,
                source=article,
                role=Citation.Role.ORIGIN,
                quote=demo.quote,
                note=demo.note,
            ),
        )
        created["claims"] += 1

    created["verdicts"] = _publish_demo_verdicts(researcher, users["reviewer"])
    return created


def _publish_demo_verdicts(researcher, reviewer) -> int:
    """Take the demo claims with verdicts through review, as a researcher and a reviewer
    would; claims already past draft are left as they are, so a second run does nothing."""
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    published = 0
    for slug, versions in VERDICTS.items():
        claim = Claim.objects.filter(slug=slug, status=Claim.Status.DRAFT).first()
        if claim is None or claim.verdicts.exists():
            continue
        claim = claim_submit(claim=claim, by=researcher, reviewer=reviewer)
        first, *corrections = versions
        verdict = verdict_draft(
            claim=claim,
            by=reviewer,
            rating=ratings[first.rating],
            summary=first.summary,
            rationale=first.rationale,
        )
        verdict = verdict_publish(verdict=verdict, by=reviewer)
        published += 1
        for correction in corrections:
            verdict = verdict_correct(
                verdict=verdict,
                by=reviewer,
                correction_note=CORRECTION_NOTE,
                rating=ratings[correction.rating],
                summary=correction.summary,
                rationale=correction.rationale,
            )
            verdict = verdict_publish(verdict=verdict, by=reviewer)
            published += 1
    return published
