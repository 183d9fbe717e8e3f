from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from claims import quotes
from claims.freshness import public_content_changed
from claims.models import Appearance, QuoteStatus

CHECKED = (
    "quote_status",
    "quote_capture_id",
    "quote_start",
    "quote_end",
    "original_status",
    "original_capture_id",
)


class Command(BaseCommand):
    help = (
        "Check the words of claims' appearances against the archived text of their sources "
        "again, and translations' original words against cited sources in their language: "
        "by default the appearances still marked not yet captured, which a capture from "
        "before the appearance or before quote checking left behind."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all", action="store_true", dest="everything", help="every appearance"
        )
        parser.add_argument(
            "--claim", metavar="SLUG_OR_ID", help="this claim's appearances, whatever their status"
        )

    def handle(self, *args, everything, claim, **options) -> None:
        appearances = Appearance.objects.order_by("pk")
        if claim:
            lookup = (
                Q(claim__slug=claim) | Q(claim_id=int(claim))
                if claim.isdigit()
                else Q(claim__slug=claim)
            )
            appearances = appearances.filter(lookup)
            if not appearances:
                raise CommandError(f"No claim with the slug or id {claim}.")
        elif not everything:
            appearances = appearances.filter(
                Q(quote_status=QuoteStatus.NOT_CAPTURED)
                | (~Q(original_quote="") & ~Q(original_status=QuoteStatus.VERIFIED))
            )

        outcomes: Counter[str] = Counter()
        originals: Counter[str] = Counter()
        changed = 0
        for each in appearances:
            before = [getattr(each, name) for name in CHECKED]
            outcomes[quotes.verify(each)] += 1
            if each.original_quote:
                originals[quotes.verify_original(each)] += 1
            changed += before != [getattr(each, name) for name in CHECKED]
        if changed:
            # The claim page shows the verified words; readers should see them now.
            public_content_changed()

        # The published words are in their own source or not: "no cited source" is only
        # ever a translation's original words.
        for status in (QuoteStatus.NOT_CAPTURED, QuoteStatus.VERIFIED, QuoteStatus.NOT_FOUND):
            self.stdout.write(f"{status.label:<17} {outcomes[status]:>6}")
        for status, count in sorted(originals.items()):
            self.stdout.write(f"original words, {QuoteStatus(status).label.lower()}: {count}")
        self.stdout.write(f"{sum(outcomes.values())} checked, {changed} changed.")
