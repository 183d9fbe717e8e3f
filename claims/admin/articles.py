"""The source page, where a researcher logs the claims that appear in an article: each row
either words that are an existing claim, or a new claim with its words."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from sources.admin import SourceAdmin, SourceForm
from sources.models import Source

from ..models import Appearance
from .appearance_forms import ArticleAppearanceRowForm, save_appearance_rows
from .appearances import AppearanceRows
from .forms import ReviewerChangesIfPublic
from .mixins import EditsRefreshPublicPages, LoggedByMixin, RevertIsAnEdit, WorkflowErrorsOnTheForm
from .similar import SimilarClaimsViews
from .suggestions import SuggestedClaimsViews


class ArticleAppearanceInline(AppearanceRows):
    form = ArticleAppearanceRowForm
    fk_name = "source"
    extra = 1
    autocomplete_fields = ["claim"]
    fields = [
        "logged_as",
        "claim",
        ("new_claim_text", "new_claim_claimant"),
        ("position", "made_on", "language"),
        "quote",
        "quote_check",
        ("translated_by", "original_language", "translator"),
        "original_quote",
        "original_check",
        "chain",
        "seen_revision",
    ]
    readonly_fields = ["logged_as", "quote_check", "original_check", "chain"]
    verbose_name = "claim appearing in this source"
    verbose_name_plural = (
        "claims appearing in this source (the same words elsewhere in it, such as a caption, "
        "go in at another position)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("position", "pk")

    @admin.display(description="claim")
    def logged_as(self, appearance: Appearance) -> str:
        if appearance.pk is None:
            return "Choose the claim these words are, or write the new claim they make."
        claim = appearance.claim
        first = " It first appeared here." if claim.first_appearance_id == appearance.pk else ""
        return format_html(
            '<a href="{}">{}</a>, by {} ({}).{}',
            reverse("admin:claims_claim_change", args=[claim.pk]),
            claim,
            claim.claimant,
            claim.get_status_display().lower(),
            first,
        )


class ArticleForm(ReviewerChangesIfPublic, SourceForm):
    """A source's own fields; one a public claim cites or appeared in is a reviewer's to
    change, as its title and publisher are on the public pages."""


admin.site.unregister(Source)


@admin.register(Source)
class ArticleAdmin(
    SuggestedClaimsViews,
    SimilarClaimsViews,
    WorkflowErrorsOnTheForm,
    RevertIsAnEdit,
    EditsRefreshPublicPages,
    LoggedByMixin,
    SourceAdmin,
):
    """The source page, with the claims that appeared in it logged inline, claims like the
    words typed into a new row suggested under them (similar.py), and the sentences of its
    archived text that read as claims (suggestions.py).

    It replaces sources' own SourceAdmin, so source edits refresh the public pages from here
    and sources needs to know nothing of them. The rows are written through the services.
    """

    form = ArticleForm
    inlines = [ArticleAppearanceInline, *SourceAdmin.inlines]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editor = request.user
        return form

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Appearance:
            save_appearance_rows(formset, by=request.user, parent={"source": form.instance})
            return
        super().save_formset(request, form, formset, change)
