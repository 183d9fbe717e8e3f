"""sitemap.xml: the public pages only, through the same visibility rule as the pages."""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .. import visibility
from . import reads


def _latest_verdict_time() -> datetime.datetime | None:
    return visibility.public_claims().aggregate(latest=Max("verdict_published_at"))["latest"]


class StaticPagesSitemap(Sitemap):
    def items(self):
        return ["claims:home", "claims:list", "claims:ratings"]

    def location(self, name: str) -> str:
        return reverse(name)


class ClaimSitemap(Sitemap):
    limit = 5000

    def items(self):
        return reads.published_claims().order_by("pk")

    def lastmod(self, claim):
        return claim.verdict_published_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # The index's date for this section. Sitemap's own reads every item to find it.
        return _latest_verdict_time()


class ArticleSitemap(Sitemap):
    def items(self):
        return reads.articles_with_counts().order_by("pk")

    def location(self, article) -> str:
        return reverse("claims:article", kwargs={"pk": article.pk})

    def lastmod(self, article):
        return article.last_checked

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # An article's date is its latest public verdict, so the latest of them all is the
        # latest verdict; Sitemap's own would total every article's claims to find it.
        return _latest_verdict_time()


class ClaimantSitemap(Sitemap):
    def items(self):
        return visibility.public_claimants().order_by("pk")

    def location(self, claimant) -> str:
        return reverse("claims:claimant", kwargs={"slug": claimant.slug})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "claims": ClaimSitemap,
    "articles": ArticleSitemap,
    "claimants": ClaimantSitemap,
}
