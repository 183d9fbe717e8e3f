"""sitemap.xml: the public pages only, through the same visibility rule as the pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import public


class StaticPagesSitemap(Sitemap):
    def items(self):
        return ["claims:home", "claims:list", "claims:ratings"]

    def location(self, name: str) -> str:
        return reverse(name)


class ClaimSitemap(Sitemap):
    limit = 5000

    def items(self):
        return public.published_claims().order_by("pk")

    def location(self, claim) -> str:
        return reverse("claims:claim", kwargs={"slug": claim.slug})

    def lastmod(self, claim):
        return claim.verdict_published_at


class ArticleSitemap(Sitemap):
    def items(self):
        return public.public_articles().order_by("pk")

    def location(self, article) -> str:
        return reverse("claims:article", kwargs={"pk": article.pk})

    def lastmod(self, article):
        return article.last_checked


class ClaimantSitemap(Sitemap):
    def items(self):
        return public.public_claimants().order_by("pk")

    def location(self, claimant) -> str:
        return reverse("claims:claimant", kwargs={"slug": claimant.slug})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "claims": ClaimSitemap,
    "articles": ArticleSitemap,
    "claimants": ClaimantSitemap,
}
