"""The public reader site: server-rendered pages anyone may read, cached per content version.

Each view looks the object up through the visibility rule (a 404 for anything not public),
then renders. No page shows anything about the reader, so one cached copy serves everyone.
"""

import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from .. import visibility
from ..claimreview.export import claim_review
from ..models import Rating
from . import reads
from .cache import public_page
from .paging import ListPage, PageNotListed, list_page

# Characters that could end the <script> element or open a comment inside it, written as
# JSON escapes: the data is unchanged for a JSON reader and inert for an HTML parser.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _json_ld(data: dict) -> SafeString:
    """JSON-LD that is safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES))  # noqa: S308


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _canonical(request: HttpRequest, path: str | None = None) -> str:
    return request.build_absolute_uri(path or request.path)


def _page_or_error(request: HttpRequest, claims, *, rows, count=None) -> ListPage | HttpResponse:
    """The page of claims `?page=` asks for; a 400 that says why past the deepest page
    listed, and a 404 past the last page."""
    try:
        page = list_page(claims, request.GET.get("page"), rows=rows, count=count)
    except PageNotListed as too_deep:
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "claims/page_not_listed.html",
            {
                "message": str(too_deep),
                "query_without_page": query.urlencode(),
                "canonical_url": _canonical(request),
            },
            status=400,
        )
    if page.number > 1 and not page.object_list:
        raise Http404("No claims on this page: the list is shorter.")
    return page


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "claims/home.html",
        {
            "latest": reads.latest_verdicts(limit=10),
            "articles": reads.recently_checked_articles(limit=5),
            "canonical_url": _canonical(request),
        },
    )


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label="Search claims", required=False, max_length=200)
    rating = forms.ChoiceField(label="Rating", required=False)
    # Typed, not chosen from a list: a newsroom has thousands of claimants, and a list of
    # them all was most of the page's weight and of its cost. Links give the slug.
    claimant = forms.CharField(
        label="Claimant",
        required=False,
        max_length=200,
        help_text="A name, as the claim pages write it.",
    )
    topic = forms.ChoiceField(label="Topic", required=False)
    # The largest id a 64-bit key holds: beyond it SQLite raises OverflowError in the lookup.
    article = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    made_from = forms.DateField(
        label="First reported on or after",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    made_to = forms.DateField(
        label="First reported on or before",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in reads.SORTS.items()],
    )

    def __init__(self, *args, ratings, topics, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", "Any")]
        self.fields["rating"].choices = anything + [(r.slug, r.label) for r in ratings]
        self.fields["topic"].choices = anything + [(t.slug, t.name) for t in topics]

    def controls(self) -> list[dict]:
        """Each field as the list template writes it (claims/_claim_filters.html), with its
        value, options and errors: the same markup as Django's widgets, without rendering
        a template per widget and per option, which cost a list page more than its rows."""
        self.is_valid()
        controls = []
        for bound in self:
            field, value = bound.field, self.data.get(bound.name, "")
            kind = "hidden" if bound.is_hidden else bound.field.widget.input_type
            if isinstance(field, forms.ChoiceField):
                kind = "select"
            described = [
                *([f"{bound.auto_id}_helptext"] if field.help_text else []),
                *([f"{bound.auto_id}_error"] if bound.errors else []),
            ]
            controls.append(
                {
                    "name": bound.name,
                    "id": bound.auto_id,
                    "label": field.label,
                    "kind": kind,
                    "value": value,
                    "maxlength": getattr(field, "max_length", None),
                    "help": field.help_text,
                    "errors": bound.errors,
                    "described_by": " ".join(described),
                    "options": [
                        (str(key), label, str(key) == value) for key, label in field.choices
                    ]
                    if kind == "select"
                    else [],
                }
            )
        return controls

    def clean_claimant(self) -> str:
        """The slug of the public claimant the reader named; one query."""
        given = self.cleaned_data["claimant"].strip()
        if not given:
            return ""
        found = reads.public_claimant_named(given)
        if found is None:
            raise forms.ValidationError(
                f"No claimant called “{given}” has published claims; check the spelling, "
                "or leave the box empty."
            )
        return found

    def filters(self) -> reads.ClaimFilters:
        # cleaned_data keeps only the fields that validated: a bad date drops that one
        # filter, shown with its error, not the rating and claimant the reader chose too.
        self.is_valid()
        data = self.cleaned_data
        q = (data.get("q") or "").strip()
        return reads.ClaimFilters(
            q=q,
            rating=data.get("rating") or "",
            claimant=data.get("claimant") or "",
            topic=data.get("topic") or "",
            article=data.get("article"),
            made_from=data.get("made_from"),
            made_to=data.get("made_to"),
            sort=data.get("sort") or ("relevance" if q else "newest"),
        )


@require_safe
@public_page(query=[*ClaimFilterForm.base_fields, "page"])
def claim_list(request: HttpRequest) -> HttpResponse:
    form = ClaimFilterForm(
        request.GET, ratings=Rating.objects.all(), topics=visibility.public_topics()
    )
    filters = form.filters()
    claims = reads.search_claims(filters)
    if form.has_error("q"):
        # A search we cannot run lists nothing: without its words it would list every
        # claim, as though they all matched.
        claims = claims.none()
    page = _page_or_error(request, claims, rows=reads.claim_rows)
    if not isinstance(page, ListPage):
        return page
    query = request.GET.copy()
    query.pop("page", None)
    article = None
    if filters.article:
        article = visibility.public_articles().filter(pk=filters.article).first()
    return render(
        request,
        "claims/claim_list.html",
        {
            "form": form,
            "filters": filters,
            "article": article,
            "page": page,
            "query_without_page": query.urlencode(),
            "canonical_url": _canonical(request),
        },
    )


@require_safe
@public_page
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = reads.claim_page(slug)
    if claim is None:
        raise Http404("No published claim here.")
    review = claim_review(claim, base_url=_base_url(request), appearances=claim.appearances)
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "verdict": claim.published_verdict,
            "related": claim.related,
            "claim_review": _json_ld(review),
            "canonical_url": _canonical(request),
        },
    )


@require_safe
@public_page
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = reads.articles_with_counts().filter(pk=pk).first()
    if article is None:
        raise Http404("No article with published claims here.")
    return render(
        request,
        "claims/article_detail.html",
        {
            "article": article,
            "claims": reads.article_claims(article),
            "canonical_url": _canonical(request),
        },
    )


@require_safe
@public_page(query=["page"])
def claimant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claimant = visibility.public_claimants().filter(slug=slug).first()
    if claimant is None:
        raise Http404("No claimant with published claims here.")
    claims = (
        reads.published_claims().filter(claimant=claimant).order_by("-verdict_published_at", "-pk")
    )
    # The track record counts the claimant's claims already.
    track_record = reads.track_record(claimant)
    total = sum(rating.claims for rating in track_record)
    page = _page_or_error(request, claims, rows=reads.claim_rows, count=total)
    if not isinstance(page, ListPage):
        return page
    return render(
        request,
        "claims/claimant_detail.html",
        {
            "claimant": claimant,
            "page": page,
            "track_record": track_record,
            "canonical_url": _canonical(request),
        },
    )


@require_safe
@public_page
def ratings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "claims/ratings.html",
        {"ratings": Rating.objects.all(), "canonical_url": _canonical(request)},
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('claims:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
