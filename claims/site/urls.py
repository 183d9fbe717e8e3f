from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

from . import styles, views
from .cache import public_page
from .feeds import AtomVerdictsFeed, RssVerdictsFeed
from .sitemaps import SITEMAPS

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="list"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings.css", styles.rating_styles, name="rating-styles"),
    path("feeds/verdicts.rss", public_page(RssVerdictsFeed()), name="feed-rss"),
    path("feeds/verdicts.atom", public_page(AtomVerdictsFeed()), name="feed-atom"),
    # An index of per-section sitemaps: one sitemap holds at most `limit` pages, and a
    # crawler reads further pages only when an index lists them.
    path(
        "sitemap.xml",
        public_page(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "claims:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemap, query=["p"]),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
