"""Each claim the seed article (VICE News, 26 August 2014) carries, with the exact words of
every place it carries it; the repository holds only these short quotations, never the
article's text."""

import datetime

from .seed import DemoAppearance, DemoClaim

# The paratrooper spoke Russian on the video; the article prints its own translation.
VIDEO_CHAIN = (("government-of-ukraine", "published video of"), ("ivan-milchankov", "said"))

CLAIMS = [
    DemoClaim(
        slug="ukraine-captured-russian-soldiers",
        text="Ukraine captured Russian soldiers operating inside its borders.",
        claimant="government-of-ukraine",
        topics=("captured-soldiers", "russian-military-involvement"),
        appearances=(
            DemoAppearance(
                quote=(
                    "Ukraine claims to have captured Russian soldiers operating inside its borders"
                ),
                position=2,
                chain=(("government-of-ukraine", "published video"),),
            ),
        ),
        note="The video was published on the Facebook page of Ukraine's anti-terror operation.",
    ),
    DemoClaim(
        slug="milchankov-did-not-know-where-they-crossed",
        text=(
            "A captured Russian paratrooper did not know where his unit crossed the border on a "
            "planned three-day, 45-mile march."
        ),
        claimant="ivan-milchankov",
        topics=("captured-soldiers",),
        appearances=(
            DemoAppearance(
                quote=(
                    "claimed he did not know where they had crossed the border on a planned "
                    "three-day, 45-mile march"
                ),
                position=3,
                chain=VIDEO_CHAIN,
                translated_from="ru",
            ),
        ),
        note="Other reports give the march distance in kilometres; compare before rating.",
    ),
    DemoClaim(
        slug="milchankov-we-came-as-cannon-fodder",
        text="A captured Russian paratrooper said his unit had been sent in as cannon fodder.",
        claimant="ivan-milchankov",
        topics=("captured-soldiers",),
        appearances=(
            DemoAppearance(
                quote="We've come as cannon fodder",
                position=4,
                chain=VIDEO_CHAIN,
                translated_from="ru",
            ),
        ),
    ),
    DemoClaim(
        slug="captured-soldiers-crossed-by-accident",
        text="The captured Russian soldiers crossed the border into Ukraine by accident.",
        claimant="russian-defence-ministry-source",
        topics=("captured-soldiers", "russian-military-involvement"),
        appearances=(
            DemoAppearance(
                quote='the captured soldiers had crossed the border into Ukraine "by accident."',
                position=6,
                chain=(
                    ("reuters", "citing"),
                    ("russian-news-agencies", "quoting"),
                    ("russian-defence-ministry-source", "said"),
                ),
            ),
        ),
    ),
    DemoClaim(
        slug="moscow-denies-supporting-the-uprising",
        text="Russia does not support the uprising in eastern Ukraine.",
        claimant="government-of-russia",
        topics=("russian-military-involvement",),
        appearances=(
            DemoAppearance(
                quote="Moscow has denied supporting the uprising in its neighbors east",
                position=5,
                chain=(("government-of-russia", "denied"),),
            ),
        ),
    ),
    DemoClaim(
        slug="kiev-accuses-moscow-of-enabling-men-and-arms",
        text=(
            "Russia covertly supports the rebels in eastern Ukraine by letting fighters and "
            "weapons across the border."
        ),
        claimant="government-of-ukraine",
        topics=("russian-military-involvement",),
        appearances=(
            DemoAppearance(
                quote=(
                    "Kiev has long accused Moscow of covertly supporting the rebel uprising in "
                    "Ukraine's east by enabling men and arms to flow across the country's porous "
                    "eastern border"
                ),
                position=1,
                chain=(("government-of-ukraine", "accused"),),
            ),
        ),
    ),
    DemoClaim(
        slug="russian-soldiers-posted-selfies-with-a-buk",
        text=(
            "Russian soldiers posted selfies taken inside military vehicles, including a BUK "
            "missile system, on Instagram and other social media."
        ),
        claimant="vice-news",
        topics=("russian-military-involvement",),
        appearances=(
            DemoAppearance(
                quote=(
                    "Russian soldiers have also been caught snapping selfies inside military "
                    "vehicles, including a BUK missile, and posting them to Instagram and other "
                    "social media sites"
                ),
                position=7,
            ),
        ),
    ),
    DemoClaim(
        slug="zakharchenko-tanks-artillery-and-snipers",
        text=(
            "Rebel forces in Donetsk prepared a battalion of tanks, a battalion of artillery and "
            "a unit of snipers for a new offensive."
        ),
        claimant="alexander-zakharchenko",
        topics=("russian-military-involvement",),
        appearances=(
            DemoAppearance(
                quote=(
                    "We have spent the last week preparing special operation units including a "
                    "battalion of tanks, a battalion of artillery, and a unit of snipers"
                ),
                position=8,
                chain=(("alexander-zakharchenko", "told reporters"),),
                made_on=datetime.date(2014, 8, 25),
            ),
        ),
        place="Donetsk",
    ),
    DemoClaim(
        slug="mortar-shell-hit-donetsk-morgue",
        text="A mortar shell hit the Donetsk morgue on Sunday morning.",
        claimant="vice-news",
        topics=("shelling",),
        appearances=(
            DemoAppearance(
                quote="a mortar shell smashed through the ceiling of Donetsk morgue", position=10
            ),
        ),
        place="Donetsk",
    ),
    DemoClaim(
        slug="seven-shells-hit-kalinina-hospital",
        text="Seven shells hit the grounds of Kalinina hospital in Donetsk on Sunday morning.",
        claimant="vice-news",
        topics=("shelling",),
        appearances=(
            DemoAppearance(
                quote=(
                    "Seven shells hit the territory of Kalinina hospital in Donetsk on Sunday "
                    "morning"
                ),
                position=11,
            ),
            # The photo caption above it: the shell through the morgue's ceiling, and six more.
            DemoAppearance(
                quote=(
                    "On Sunday morning a mortar shell smashed through the ceiling of Donetsk "
                    "morgue, leaving a gaping hole in the ceiling. Six other shells hit the "
                    "territory of this hospital in the assault"
                ),
                position=9,
            ),
        ),
        place="Donetsk",
        note=(
            'The article carries this twice: "Seven shells", and in a photo caption a mortar '
            'shell through the morgue\'s ceiling and "Six other shells". Read them together '
            "before rating."
        ),
    ),
    DemoClaim(
        slug="368-civilian-casualties-through-donetsk-morgue",
        text=(
            "368 civilian casualties have passed through the Donetsk morgue since mid-April, "
            "nearly all killed by explosions or shrapnel."
        ),
        claimant="donetsk-morgue-chief-mortician",
        topics=("casualties",),
        appearances=(
            DemoAppearance(
                quote=(
                    "Nearly all the 368 civilian casualties that have passed through the city's "
                    "morgue since fighting began in mid-April have been killed by explosion "
                    "trauma or shrapnel wounds"
                ),
                position=15,
                chain=(("donetsk-morgue-chief-mortician", "said"),),
            ),
        ),
        place="Donetsk",
    ),
    DemoClaim(
        slug="52-unidentified-bodies-buried-in-donetsk",
        text=(
            "The Donetsk morgue buried 52 unidentified civilian bodies in one day, with 12 more "
            "scheduled the next."
        ),
        claimant="kalashnikov-anatolievich",
        topics=("casualties",),
        appearances=(
            DemoAppearance(
                quote=(
                    "We buried 52 unidentified [civilian] bodies yesterday, and another 12 are "
                    "scheduled for today"
                ),
                position=16,
                chain=(("kalashnikov-anatolievich", "told VICE News"),),
            ),
        ),
        place="Donetsk",
    ),
    DemoClaim(
        slug="un-344000-fled-and-2000-killed",
        text=(
            "At least 344,000 people have fled eastern Ukraine and more than 2,000 have been "
            "killed since mid-April."
        ),
        claimant="united-nations",
        topics=("casualties", "displacement"),
        appearances=(
            DemoAppearance(
                quote=(
                    "At least 344,000 have fled the region and more than 2,000 people have been "
                    "killed since fighting began in mid-April, according to the latest figures "
                    "from the United Nations"
                ),
                position=17,
                chain=(("united-nations", "published figures"),),
            ),
        ),
    ),
    DemoClaim(
        slug="donetsk-pre-war-population-one-million",
        text="Donetsk had a pre-war population of one million.",
        claimant="vice-news",
        topics=("geography",),
        appearances=(
            DemoAppearance(quote="the city with a pre-war population of one million", position=13),
            # A photo caption further down.
            DemoAppearance(
                quote="The rebel-held city, with a pre-war population of nearly one million",
                position=14,
            ),
        ),
        place="Donetsk",
        note=(
            'The article carries this twice: "one million" in its text, and "nearly one '
            'million" in a photo caption.'
        ),
    ),
    DemoClaim(
        slug="bezimenne-15-miles-from-mariupol",
        text="The village of Bezimenne is 15 miles from Mariupol.",
        claimant="vice-news",
        topics=("geography",),
        appearances=(
            DemoAppearance(
                quote=(
                    "In the village of Bezimenne, only 15 miles from the coastal city of Mariupol"
                ),
                position=12,
            ),
        ),
        place="Bezimenne",
    ),
    DemoClaim(
        slug="fighting-27-miles-from-mariupol",
        text="The fighting was 27 miles from Mariupol.",
        claimant="vice-news",
        topics=("geography",),
        appearances=(DemoAppearance(quote="despite the fighting just 27 miles away", position=18),),
        place="Mariupol",
    ),
]
