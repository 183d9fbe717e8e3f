"""Loading the demo as a newsroom would make it: demo accounts, the seed article logged claim
by claim through the services by a researcher, and a few verdicts a reviewer publishes (one
of them corrected). A second load changes nothing.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.db import transaction

from sources.models import Source
from sources.services import source_create

from ..models import (
    Appearance,
    Attribution,
    Citation,
    Claim,
    Claimant,
    ClaimantName,
    Discrepancy,
    Rating,
    Topic,
)
from ..services import (
    appearance_add,
    claim_create,
    claim_submit,
    discrepancy_decide,
    verdict_correct,
    verdict_draft,
    verdict_publish,
)
from .seed import ARTICLE, CLAIMANT_NAMES, CLAIMANTS, TOPICS, DemoAppearance, DemoClaim
from .seed_claims import CLAIMS


@dataclass(frozen=True)
class DemoVerdict:
    rating: str
    summary: str
    rationale: str


# Verdicts the demo reviewer publishes through the services, as a newsroom would. Where a
# claim has two, the second is a correction of the first. They rate only what the article
# itself, or a well-known figure, can settle.
VERDICTS: dict[str, tuple[DemoVerdict, ...]] = {
    "milchankov-did-not-know-where-they-crossed": (
        DemoVerdict(
            rating="unproven",
            summary="His own account, given on camera as a prisoner, is the only one.",
            rationale=(
                "He said it on a video that Ukraine's anti-terror operation published while "
                "he was held captive. We quote it in VICE News's English translation; the "
                "article does not give his Russian words.\n\n"
                "Nothing else in the article says where his unit crossed the border, so the "
                "claim stays unproven."
            ),
        ),
    ),
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
# The figures that disagree the demo reviewer decides on, by claim and kind: each with the
# decision and its reason. The rest stay proposed, for the desk.
DISCREPANCIES: dict[tuple[str, str], tuple[str, str]] = {
    ("seven-shells-hit-kalinina-hospital", "shells"): (
        "dismissed",
        "1 + 6 = 7: the morgue is on the hospital's grounds. The caption counts the shell "
        "through the morgue's ceiling apart from the six others.",
    ),
    ("donetsk-pre-war-population-one-million", "population"): (
        "confirmed",
        "The article's text says one million; its own photo caption says nearly one million.",
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


def _check_demo_password() -> None:
    """Refuses a DEMO_PASSWORD that the password validators refuse for any demo account, the
    superuser among them, before anything is written."""
    if not settings.DEMO_PASSWORD:
        return
    User = get_user_model()
    problems: list[str] = []
    for username in ACCOUNTS:
        try:
            validate_password(settings.DEMO_PASSWORD, user=User(username=username))
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(
            "DEMO_PASSWORD is refused, as it would be for any staff password:\n"
            + "\n".join(f"- {problem}" for problem in dict.fromkeys(problems))
            + "\nChoose one that meets these: "
            + " ".join(password_validators_help_texts()),
            code="weak_demo_password",
        )


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


def _claimant_names(claimants: dict[str, Claimant]) -> int:
    """Give the claimants the other names they are published under; returns how many were
    new. A claimant logged before it had them gets them on the next load."""
    added = 0
    for slug, names in CLAIMANT_NAMES.items():
        for name, kind, language in names:
            if claimants[slug].names.filter(name=name).exists():
                continue
            other = ClaimantName(claimant=claimants[slug], name=name, kind=kind, language=language)
            other.full_clean()
            other.save()
            added += 1
    return added


def _appearance_fields(demo: DemoAppearance, article: Source) -> dict:
    return {
        "source": article,
        "quote": demo.quote,
        "position": demo.position,
        "made_on": demo.made_on,
        "original_language": demo.translated_from,
        "translated_by": Appearance.TranslatedBy.OUTLET if demo.translated_from else "",
    }


def _log_claim(
    demo: DemoClaim,
    *,
    by,
    article: Source,
    claimants: dict[str, Claimant],
    topics: dict[str, Topic],
) -> Claim:
    """Log one demo claim as a researcher does: the claim with its first appearance, its
    other appearances, each appearance's chain, and the article as its origin."""
    first, *others = demo.appearances
    claim = claim_create(
        by=by,
        slug=demo.slug,
        text=demo.text,
        claimant=claimants[demo.claimant],
        place=demo.place,
        topics=[topics[slug] for slug in demo.topics],
        **_appearance_fields(first, article),
    )
    logged = [claim.appearances.get()]
    for other in others:
        logged.append(appearance_add(claim=claim, by=by, **_appearance_fields(other, article)))
    for appearance, said in zip(logged, demo.appearances, strict=True):
        for hop, (claimant_slug, verb) in enumerate(said.chain, start=1):
            _save_as(
                by,
                Attribution(
                    appearance=appearance,
                    position=hop,
                    claimant=claimants[claimant_slug],
                    verb=verb,
                ),
            )
    _save_as(
        by,
        Citation(
            claim=claim, source=article, role=Citation.Role.ORIGIN, quote=demo.quote, note=demo.note
        ),
    )
    return claim


@transaction.atomic
def load_demo(*, say: Callable[[str], None] = print) -> dict[str, int]:
    """Load the seed article, its claimants and their other names, its claims with every
    place the article carries them, demo accounts and a few published verdicts (one of them
    corrected); a second run is a no-op. A claim that exists already is left as it is.

    Returns how many rows of each kind were created, so callers can report it. Raises
    ValidationError, with nothing written, when DEMO_PASSWORD is one the password validators
    refuse.
    """
    _check_demo_password()
    created = dict.fromkeys(
        (
            "sources",
            "claimants",
            "names",
            "claims",
            "appearances",
            "accounts",
            "verdicts",
            "reviewed discrepancies",
        ),
        0,
    )
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
    created["names"] = _claimant_names(claimants)

    for demo in CLAIMS:
        if Claim.objects.filter(slug=demo.slug).exists():
            continue
        _log_claim(demo, by=researcher, article=article, claimants=claimants, topics=topics)
        created["claims"] += 1
        created["appearances"] += len(demo.appearances)

    created["verdicts"] = _publish_demo_verdicts(researcher, users["reviewer"])
    created["reviewed discrepancies"] = _decide_demo_discrepancies(users["reviewer"])
    return created


def _decide_demo_discrepancies(reviewer) -> int:
    """Decide, as the demo reviewer, the figures that disagree named in DISCREPANCIES that
    are still proposed; a second run finds none."""
    decided = 0
    for (slug, kind), (status, note) in DISCREPANCIES.items():
        for discrepancy in Discrepancy.objects.filter(
            claim__slug=slug, kind=kind, status=Discrepancy.Status.PROPOSED
        ):
            discrepancy_decide(discrepancy=discrepancy, by=reviewer, status=status, note=note)
            decided += 1
    return decided


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
