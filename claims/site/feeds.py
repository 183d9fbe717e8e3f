"""RSS and Atom feeds of published verdicts: one item per public claim, newest first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import dateformat
from django.utils.feedgenerator import Atom1Feed

from . import reads

FEED_SIZE = 50


class RssVerdictsFeed(Feed):
    description = "The latest fact-checks: each claim with its rating and a one-line verdict."

    def title(self) -> str:
        return f"{settings.CLAIMTRAIL_PUBLISHER_NAME}: latest verdicts"

    def link(self) -> str:
        return reverse("claims:list")

    def items(self):
        return reads.latest_verdicts(limit=FEED_SIZE)

    def item_title(self, claim) -> str:
        return f"{claim.published_verdict.rating.label}: {claim.text}"

    def item_description(self, claim) -> str:
        # Plain text: the feed generator escapes it, so no reader's HTML reaches the feed.
        summary = claim.published_verdict.summary
        made_on = claim.first_appearance.made_on if claim.first_appearance else None
        if made_on is None:
            return summary
        return f"{summary} First reported on {dateformat.format(made_on, 'j F Y')}."

    def item_pubdate(self, claim):
        return claim.verdict_published_at

    def item_updateddate(self, claim):
        return claim.published_verdict.published_at

    def item_author_name(self, claim) -> str:
        return claim.claimant.name

    def item_categories(self, claim):
        return [claim.published_verdict.rating.label]


class AtomVerdictsFeed(RssVerdictsFeed):
    feed_type = Atom1Feed
    subtitle = RssVerdictsFeed.description
