"""Where and in what words claims appeared: an appearance's own page, where its chain is logged
and a reviewer splits it out into a claim of its own, and the rows of appearances on the claim's
and the article's pages. Every write goes through the services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .. import visibility
from ..models import Appearance, Attribution, Claim, Figure
from ..services import (
    WorkflowError,
    appearance_remove,
    appearance_split,
    appearance_update,
    is_reviewer,
    require_appearances_editable,
)
from . import display
from .appearance_forms import AppearanceForm, AppearanceRowFormSet, ClaimAppearanceRowForm
from .figures import FigureInline, save_figure_rows
from .forms import ReviewedRows
from .mixins import WorkflowErrorsOnTheForm


def reviews(request) -> bool:
    """Whether the signed-in person reviews: asked once a request, however many rows ask."""
    if "_claims_reviews" not in request.__dict__:
        request._claims_reviews = is_reviewer(request.user)
    return request._claims_reviews


def with_what_rows_show(appearances):
    """appearances with what their rows show and lock on: their claim and whether it is
    public, source, quote check and chain, in a fixed number of queries."""
    return (
        appearances.select_related("claim__claimant", "source", "quote_capture")
        .prefetch_related(
            Prefetch(
                "attributions",
                queryset=Attribution.objects.select_related("claimant").order_by("position"),
            )
        )
        .annotate(
            claim_is_public=ExpressionWrapper(
                visibility.public_claim("claim__"), output_field=BooleanField()
            )
        )
    )


class AppearanceDisplays:
    """What an appearance's row or page shows beside its fields."""

    @admin.display(description="quote check")
    def quote_check(self, appearance: Appearance) -> str:
        return display.quote_check(appearance)

    @admin.display(description="original words")
    def original_check(self, appearance: Appearance) -> str:
        return display.original_check(appearance)

    @admin.display(description="how it reached the outlet")
    def chain(self, appearance: Appearance) -> str:
        return display.chain(appearance)


class AppearanceRows(AppearanceDisplays, admin.StackedInline):
    """The appearance rows the claim's and the article's pages share."""

    model = Appearance
    formset = AppearanceRowFormSet
    extra = 0
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.editor = request.user
        formset.form.editor_reviews = reviews(request)
        return formset

    def get_queryset(self, request):
        return with_what_rows_show(super().get_queryset(request))


class ClaimAppearanceInline(AppearanceRows):
    """A claim's appearances, first appearance first; a claim being logged needs its first."""

    form = ClaimAppearanceRowForm
    fk_name = "claim"
    autocomplete_fields = ["source"]
    fields = [
        "published_in",
        "source",
        ("position", "made_on", "language"),
        "quote",
        "quote_check",
        ("translated_by", "original_language", "translator"),
        "original_quote",
        "original_check",
        "chain",
        "seen_revision",
    ]
    readonly_fields = ["published_in", "quote_check", "original_check", "chain"]
    verbose_name = "appearance"
    verbose_name_plural = "where it appeared (first appearance first; its page logs its chain)"

    def get_min_num(self, request, obj=None, **kwargs) -> int:
        return 1 if obj is None else 0

    def get_queryset(self, request):
        return super().get_queryset(request).in_order()

    def has_add_permission(self, request, obj=None) -> bool:
        # A locked claim offers no new row; one posted anyway hears why from the service.
        if obj is not None and request.method != "POST" and appearances_locked(request, obj):
            return False
        return super().has_add_permission(request, obj)

    @admin.display(description="published in")
    def published_in(self, appearance: Appearance) -> str:
        if appearance.pk is None:
            return "A new appearance: choose its source below."
        first = (
            " (first appearance)" if appearance.claim.first_appearance_id == appearance.pk else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}{}',
            reverse("admin:sources_source_change", args=[appearance.source_id]),
            appearance.source,
            f", {date_format(appearance.made_on, 'j M Y')}" if appearance.made_on else "",
            first,
        )


def appearances_locked(request, claim: Claim) -> str:
    """Why the signed-in person may not change claim's appearances, in the service's words;
    "" when they may. Asked once a request for each claim."""
    said = request.__dict__.setdefault("_claims_locked", {})
    if claim.pk not in said:
        try:
            require_appearances_editable(claim, request.user)
        except WorkflowError as error:
            said[claim.pk] = str(error)
        else:
            said[claim.pk] = ""
    return said[claim.pk]


class AttributionInline(ReviewedRows, admin.TabularInline):
    """An appearance's chain; on a published claim, a reviewer's to change."""

    model = Attribution
    extra = 1
    fields = ["position", "claimant", "verb"]
    autocomplete_fields = ["claimant"]
    verbose_name = "attribution hop"
    verbose_name_plural = "attribution chain (1 is the hop nearest the outlet)"


@admin.register(Appearance)
class AppearanceAdmin(WorkflowErrorsOnTheForm, AppearanceDisplays, SimpleHistoryAdmin):
    """One appearance: its words and translation, its quote checks and its chain.

    Appearances are logged on their claim's or their article's page; here one is changed
    through appearance_update, removed through appearance_remove, and split out by a
    reviewer into a claim of its own.
    """

    form = AppearanceForm
    change_form_template = "admin/claims/appearance/change_form.html"
    list_display = ["__str__", "claim", "source", "made_on", "quote_status"]
    list_select_related = ["claim", "source"]
    list_filter = ["quote_status", "original_status", "translated_by"]
    search_fields = ["quote", "original_quote", "claim__text", "source__title", "source__url"]
    autocomplete_fields = ["source"]
    readonly_fields = [
        "claim_link",
        "quote_check",
        "original_check",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "claim_link",
                    "source",
                    ("position", "made_on", "language"),
                    "quote",
                    "quote_check",
                    "seen_revision",
                ]
            },
        ),
        (
            "Translation",
            {
                "fields": [
                    ("translated_by", "original_language", "translator"),
                    "original_quote",
                    "original_check",
                ]
            },
        ),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [AttributionInline, FigureInline]

    def get_queryset(self, request):
        return with_what_rows_show(super().get_queryset(request))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editor = request.user
        form.editor_reviews = reviews(request)
        return form

    def has_add_permission(self, request) -> bool:
        # An appearance is logged where its claim or its article is.
        return False

    def get_actions(self, request):
        # Each removal goes through appearance_remove, which may refuse it, one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def revert_disabled(self, request, obj=None) -> bool:
        # History shows who changed what; a change is made on the change page, through
        # the service.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a posted revert even where it offers none.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description="claim")
    def claim_link(self, appearance: Appearance) -> str:
        claim = appearance.claim
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:claims_claim_change", args=[claim.pk]),
            claim,
            claim.get_status_display().lower(),
        )

    def save_model(self, request, obj, form, change) -> None:
        saved = appearance_update(
            appearance=obj,
            by=request.user,
            seen_revision=form.cleaned_data.get("seen_revision"),
            **form.appearance_fields(),
        )
        # The admin's responses and its log read obj; make it the row the service wrote.
        obj.__dict__.update(saved.__dict__)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Figure:
            save_figure_rows(formset, by=request.user)
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change) -> None:
        # The chain is on the claim's public page; appearance_update refreshed for the words.
        with visibility.refresh_around(form.instance):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj) -> None:
        appearance_remove(appearance=obj, by=request.user)
        request._claims_removed_from = obj.claim_id

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:claims_appearance_change", object_id)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, f"The appearance {obj_display} was removed.", messages.SUCCESS)
        # The claim's page lists what is left of where it appeared.
        return redirect("admin:claims_claim_change", request._claims_removed_from)

    def get_urls(self):
        split = path(
            "<path:object_id>/split/",
            self.admin_site.admin_view(self.split_view),
            name="claims_appearance_split",
        )
        return [split, *super().get_urls()]

    def split_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        appearance = self.get_object(request, object_id)
        if appearance is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, appearance):
            raise PermissionDenied
        try:
            claim = appearance_split(
                appearance=appearance,
                by=request.user,
                reason=request.POST.get("reason", ""),
                text=request.POST.get("text", ""),
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:claims_appearance_change", appearance.pk)
        self.message_user(
            request,
            f"{appearance} is a claim of its own now: claim {claim.pk}, “{claim}”, a draft. "
            f"Merging it back into claim {appearance.claim_id} undoes the split.",
            messages.SUCCESS,
        )
        return redirect("admin:claims_claim_change", claim.pk)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None:
            locked = appearances_locked(request, obj.claim)
            extra_context.update(
                appearance_locked=locked,
                may_review=reviews(request),
                show_delete=not locked,
            )
        return super().changeform_view(request, object_id, form_url, extra_context)
