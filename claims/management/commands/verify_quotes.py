from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from claims import quotes
from claims.freshness import public_content_changed
from claims.models import Claim, QuoteStatus

CHECKED = ("quote_status", "quote_capture_id", "quote_start", "quote_end")


class Command(BaseCommand):
    help = (
        "Check claims' quotes against the archived text of their articles again: by default "
        "the claims still marked not yet captured, which a capture from before the claim or "
        "before quote checking left behind."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", dest="everything", help="every claim")
        parser.add_argument("--claim", metavar="SLUG_OR_ID", help="this claim, whatever its status")

    def handle(self, *args, everything, claim, **options) -> None:
        claims = Claim.objects.order_by("pk").only("pk", "quote", "appearance_id", *CHECKED)
        if claim:
            lookup = Q(slug=claim) | Q(pk=int(claim)) if claim.isdigit() else Q(slug=claim)
            claims = claims.filter(lookup)
            if not claims:
                raise CommandError(f"No claim with the slug or id {claim}.")
        elif not everything:
            claims = claims.filter(quote_status=QuoteStatus.NOT_CAPTURED)

        outcomes: Counter[str] = Counter()
        changed = 0
        for each in claims:
            before = [getattr(each, name) for name in CHECKED]
            outcomes[quotes.verify(each)] += 1
            changed += before != [getattr(each, name) for name in CHECKED]
        if changed:
            # The claim page shows the verified words; readers should see them now.
            public_content_changed()

        for status in QuoteStatus:
            self.stdout.write(f"{status.label:<17} {outcomes[status]:>6}")
        self.stdout.write(f"{sum(outcomes.values())} checked, {changed} changed.")
