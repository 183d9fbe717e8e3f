"""The researcher's and reviewer's claim pages: a claim with where it appeared and its
evidence, the workflow's actions on it, and merging claims that turn out to be one."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.timesince import timesince
from simple_history.admin import SimpleHistoryAdmin

from .. import visibility
from ..models import Appearance, Citation, Claim
from ..services import WorkflowError, claim_create, claim_edited, is_reviewer
from .appearance_forms import first_new_row, save_appearance_rows
from .appearances import ClaimAppearanceInline, appearances_locked
from .discrepancies import desk_link
from .figures import figures_compared
from .filters import AssignedToMeFilter, EvidenceAtRiskFilter, QuoteCheckFilter, StatusFilter
from .forms import ClaimActionForm, ClaimForm, ClaimWorkflowForm, ReviewedRows, reviewers
from .mixins import (
    EditsRefreshPublicPages,
    LoggedByMixin,
    RevertIsAnEdit,
    WorkflowErrorsOnTheForm,
)
from .review import int_or_none, review_context
from .workflow import run_workflow


class CitationInline(ReviewedRows, admin.TabularInline):
    """A claim's evidence; on a published claim, a reviewer's to change."""

    model = Citation
    extra = 1
    fields = ["position", "source", "role", "quote", "note"]
    autocomplete_fields = ["source"]


def _appearance_count():
    counted = (
        Appearance.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # A subquery, so the list's joins (a search, a filter) count nothing twice.
    return Coalesce(Subquery(counted), 0)


@admin.register(Claim)
class ClaimAdmin(
    WorkflowErrorsOnTheForm,
    RevertIsAnEdit,
    EditsRefreshPublicPages,
    LoggedByMixin,
    SimpleHistoryAdmin,
):
    form = ClaimForm
    action_form = ClaimActionForm
    change_form_template = "admin/claims/claim/change_form.html"
    list_display = [
        "__str__",
        "status",
        "first_source",
        "appearance_count",
        "claimant",
        "reviewer",
        "waiting",
    ]
    list_select_related = ["claimant", "first_appearance__source", "reviewer"]
    list_filter = [
        AssignedToMeFilter,
        EvidenceAtRiskFilter,
        StatusFilter,
        QuoteCheckFilter,
        "reviewer",
        "claimant__kind",
        "topics",
        "first_appearance__made_on",
    ]
    search_fields = [
        "text",
        "appearance_words",
        "slug",
        "claimant__name",
        "claimant__names__name",
        "appearances__source__title",
    ]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["claimant", "topics"]
    readonly_fields = [
        "status",
        "reviewer",
        "assigned_at",
        "created_by",
        "created_at",
        "updated_at",
        "figures_across_appearances",
        "figures_that_disagree",
    ]
    fieldsets = [
        (None, {"fields": ["text", "claimant", "slug", "seen_revision"]}),
        ("Figures", {"fields": ["figures_across_appearances", "figures_that_disagree"]}),
        ("Filing", {"fields": ["topics", "place"]}),
        ("Review", {"fields": ["status", "reviewer", "assigned_at"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [ClaimAppearanceInline, CitationInline]
    actions = [
        "submit_for_review",
        "assign_reviewer",
        "publish_verdict",
        "unpublish",
        "merge_into_chosen",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_count=_appearance_count())

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if getattr(request.resolver_match, "url_name", None) == "autocomplete":
            # A claim merged away is chosen as the claim it was merged into.
            found = found.exclude(status=Claim.Status.MERGED)
        return found, may_have_duplicates

    def view_on_site(self, claim: Claim) -> str | None:
        # A claim readers cannot see has a public URL that answers 404.
        return claim.get_absolute_url() if visibility.is_public(claim.pk) else None

    @admin.display(description="first appeared in", ordering="first_appearance__source__title")
    def first_source(self, claim: Claim):
        return claim.first_appearance.source if claim.first_appearance else "—"

    @admin.display(description="figures across appearances")
    def figures_across_appearances(self, claim: Claim):
        return figures_compared(claim)

    @admin.display(description="on the desk")
    def figures_that_disagree(self, claim: Claim):
        return desk_link(claim) if claim.pk else "—"

    @admin.display(description="appearances", ordering="appearance_count")
    def appearance_count(self, claim: Claim) -> int:
        return claim.appearance_count

    @admin.display(description="waiting", ordering="assigned_at")
    def waiting(self, claim: Claim) -> str:
        if claim.status != Claim.Status.IN_REVIEW or claim.assigned_at is None:
            return "—"
        return timesince(claim.assigned_at)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editor = request.user
        return form

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            # A claim is logged with its first appearance, by claim_create in save_related.
            return
        # The form's object was read before the claim's lock; a publish may have written
        # its status, verdict and reviewer since, and a revert's object holds an earlier
        # version's. What this form edits (the wording, who made it, the filing) is written
        # onto the row as it is now, under the lock, and the workflow's columns stay as
        # they are.
        current = Claim.objects.select_for_update().get(pk=obj.pk)
        changed = set()
        for name in ClaimForm.Meta.fields:
            field = Claim._meta.get_field(name)
            if name in form.fields and not field.many_to_many:
                # Against the row, not the form: a revert's form starts from the old version.
                if getattr(current, field.attname) != getattr(obj, field.attname):
                    changed.add(name)
                setattr(current, field.attname, getattr(obj, field.attname))
        super().save_model(request, current, form, change)
        claim_edited(claim=current, by=request.user, changed=changed)

    def save_related(self, request, form, formsets, change) -> None:
        if not change:
            self._log_claim(request, form, formsets)
        super().save_related(request, form, formsets, change)

    def _log_claim(self, request, form, formsets) -> None:
        rows = next(f for f in formsets if f.model is Appearance)
        first = first_new_row(rows)
        data = form.cleaned_data
        try:
            claim = claim_create(
                by=request.user,
                text=data["text"],
                claimant=data["claimant"],
                slug=data.get("slug", ""),
                place=data.get("place", ""),
                topics=data.get("topics") or (),
                **first.appearance_fields(),
            )
        except WorkflowError as error:
            error.form_prefix = first.prefix
            raise
        # The admin's inlines, log and response read the form's object.
        form.instance.__dict__.update(claim.__dict__)
        first.logged_with_claim = claim.first_appearance

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Appearance:
            save_appearance_rows(formset, by=request.user, parent={"claim": form.instance})
            return
        super().save_formset(request, form, formset, change)

    def has_review_permission(self, request) -> bool:
        return is_reviewer(request.user)

    def get_urls(self):
        workflow = path(
            "<path:object_id>/workflow/",
            self.admin_site.admin_view(self.workflow_view),
            name="claims_claim_workflow",
        )
        return [workflow, *super().get_urls()]

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = self.get_object(request, object_id)
        if claim is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        back = redirect("admin:claims_claim_change", claim.pk)
        form = ClaimWorkflowForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "That action is not one this page offers.", messages.ERROR)
            return back
        data = form.cleaned_data
        try:
            said = run_workflow(
                data["action"],
                claim,
                request.user,
                reviewer=data["reviewer"],
                reason=data["reason"],
                into=_claim_or_gone(data["into"]),
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, said, messages.SUCCESS)
        return back

    def _run_action(self, request, queryset, action: str) -> None:
        reviewer = None
        reason = request.POST.get("reason", "")
        if reviewer_id := request.POST.get("reviewer"):
            reviewer = reviewers().filter(pk=reviewer_id).first()
        into = _claim_or_gone(int_or_none(request.POST.get("into")))
        for claim in queryset:
            try:
                said = run_workflow(
                    action, claim, request.user, reviewer=reviewer, reason=reason, into=into
                )
            except WorkflowError as error:
                self.message_user(request, f"“{claim}”: {error}", messages.ERROR)
            else:
                self.message_user(request, said, messages.SUCCESS)

    @admin.action(description="Submit for review to the chosen reviewer", permissions=["change"])
    def submit_for_review(self, request, queryset) -> None:
        self._run_action(request, queryset, "submit")

    @admin.action(description="Assign to the chosen reviewer", permissions=["change"])
    def assign_reviewer(self, request, queryset) -> None:
        self._run_action(request, queryset, "assign")

    @admin.action(description="Publish the draft verdict", permissions=["review"])
    def publish_verdict(self, request, queryset) -> None:
        self._run_action(request, queryset, "publish")

    @admin.action(description="Unpublish, giving a reason", permissions=["review"])
    def unpublish(self, request, queryset) -> None:
        self._run_action(request, queryset, "unpublish")

    @admin.action(
        description="Merge into the chosen claim, giving a reason", permissions=["review"]
    )
    def merge_into_chosen(self, request, queryset) -> None:
        self._run_action(request, queryset, "merge")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None and (claim_id := int_or_none(object_id)):
            extra_context = {**(extra_context or {}), **review_context(request, claim_id)}
            if claim := extra_context.get("review_claim"):
                extra_context["appearances_locked"] = appearances_locked(request, claim)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if merge_form := context.get("claim_merge_form"):
            context["media"] = context["media"] + merge_form.media
        return super().render_change_form(request, context, add, change, form_url, obj)


def _claim_or_gone(claim_id: int | None) -> Claim | None:
    """The claim with claim_id, or one standing for a claim that is gone, whose merge the
    service refuses saying so."""
    if claim_id is None:
        return None
    return Claim.objects.filter(pk=claim_id).first() or Claim(pk=claim_id)
