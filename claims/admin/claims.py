"""The researcher's pages: claims with their chain and evidence, the workflow's actions on
them, and the source page with the claims logged in it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timesince import timesince
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import SourceAdmin
from sources.models import Source

from ..models import Attribution, Citation, Claim, QuoteStatus, Verdict
from ..quotes import excerpt
from ..services import (
    ReviewerNotAllowed,
    VerdictIncomplete,
    WorkflowError,
    claim_assign,
    claim_submit,
    claim_unpublish,
    is_reviewer,
    verdict_publish,
)
from .filters import AssignedToMeFilter, EvidenceAtRiskFilter
from .forms import ClaimActionForm, ClaimForm, ClaimWorkflowForm, reviewers
from .mixins import EditsRefreshPublicPages, LoggedByMixin, RevertIsAnEdit
from .review import int_or_none, review_context


class AppearanceClaimInline(admin.StackedInline):
    model = Claim
    form = ClaimForm
    fk_name = "appearance"
    extra = 1
    fields = [
        ("position", "status"),
        "text",
        "quote",
        ("claimant", "made_on"),
        "place",
        "attribution_chain",
        "seen_revision",
    ]
    readonly_fields = ["status", "attribution_chain"]
    autocomplete_fields = ["claimant"]
    show_change_link = True
    verbose_name = "claim in this source"
    verbose_name_plural = "claims in this source"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.editor = request.user
        return formset

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("claimant")
            .prefetch_related(
                Prefetch(
                    "attributions",
                    queryset=Attribution.objects.select_related("claimant").order_by("position"),
                )
            )
        )

    @admin.display(description="how it reached the source")
    def attribution_chain(self, claim: Claim) -> str:
        hops = [f"{hop.claimant.name} ({hop.verb})" for hop in claim.attributions.all()]
        return " → ".join(hops) or "not logged yet"


admin.site.unregister(Source)


@admin.register(Source)
class ArticleAdmin(EditsRefreshPublicPages, LoggedByMixin, SourceAdmin):
    """The source page, with the claims that appeared in it logged inline.

    It replaces sources' own SourceAdmin, so source edits refresh the public pages from here
    and sources needs to know nothing of them.
    """

    inlines = [AppearanceClaimInline, *SourceAdmin.inlines]


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 1
    fields = ["position", "claimant", "verb"]
    autocomplete_fields = ["claimant"]
    verbose_name = "attribution hop"
    verbose_name_plural = "attribution chain (1 is the hop nearest the article)"


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    fields = ["position", "source", "role", "quote", "note"]
    autocomplete_fields = ["source"]


def _run_workflow(action: str, claim: Claim, by, reviewer, reason: str) -> str:
    """Call the service for action and say what happened; WorkflowError says why not."""
    if action == "submit":
        claim_submit(claim=claim, by=by, reviewer=reviewer)
        return f"“{claim}” was submitted for review and assigned to {reviewer}."
    if action == "assign":
        if reviewer is None:
            raise ReviewerNotAllowed("Choose a reviewer to assign.", field="reviewer")
        claim_assign(claim=claim, by=by, reviewer=reviewer)
        return f"“{claim}” is now assigned to {reviewer}."
    if action == "publish":
        draft = claim.verdicts.filter(status=Verdict.Status.DRAFT).first()
        if draft is None:
            raise VerdictIncomplete(f"“{claim}” has no draft verdict to publish; draft one first.")
        verdict = verdict_publish(verdict=draft, by=by, override_reason=reason)
        return f"Verdict v{verdict.version} on “{claim}” is published: {verdict.rating}."
    if action == "unpublish":
        claim_unpublish(claim=claim, by=by, reason=reason)
        return f"“{claim}” is no longer public; its verdict is a draft again."
    raise ValueError(action)


@admin.register(Claim)
class ClaimAdmin(RevertIsAnEdit, EditsRefreshPublicPages, LoggedByMixin, SimpleHistoryAdmin):
    form = ClaimForm
    action_form = ClaimActionForm
    change_form_template = "admin/claims/claim/change_form.html"
    list_display = ["__str__", "status", "appearance", "claimant", "reviewer", "waiting"]
    list_select_related = ["claimant", "appearance", "reviewer"]
    list_filter = [
        AssignedToMeFilter,
        EvidenceAtRiskFilter,
        "status",
        "quote_status",
        "reviewer",
        "claimant__kind",
        "topics",
        "made_on",
    ]
    search_fields = ["text", "quote", "slug", "claimant__name", "appearance__title"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["appearance", "claimant", "topics"]
    readonly_fields = [
        "quote_check",
        "status",
        "reviewer",
        "assigned_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["text", "quote", "quote_check", "slug", "seen_revision"]}),
        ("Where and by whom", {"fields": [("appearance", "position"), "claimant", "made_on"]}),
        ("Filing", {"fields": ["topics", "place"]}),
        ("Review", {"fields": ["status", "reviewer", "assigned_at"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [AttributionInline, CitationInline]
    actions = ["submit_for_review", "assign_reviewer", "publish_verdict", "unpublish"]

    @admin.display(description="quote in the archived article")
    def quote_check(self, claim: Claim) -> str:
        if claim.quote_status == QuoteStatus.NOT_FOUND:
            return format_html(
                '<strong class="quote-not-found" style="color:#b00020">Warning: the quote was '
                'not found in the archived text of the article (<a href="{}">copy checked</a>'
                "). Check the wording against the article.</strong>",
                reverse("sources:archive", args=[claim.quote_capture_id]),
            )
        if claim.quote_status == QuoteStatus.VERIFIED:
            before, match, after = excerpt(claim, context=80)
            return format_html(
                'Verified in the <a href="{}">archived copy</a>: {}<mark>{}</mark>{}',
                reverse("sources:archive", args=[claim.quote_capture_id]),
                before,
                match,
                after,
            )
        return claim.get_quote_status_display()

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
        if change:
            # The form's object was read before the claim's lock; a publish may have written
            # its status, verdict and reviewer since, and a revert's object holds an earlier
            # version's. What this form edits (the wording, where and by whom, the filing) is
            # written onto the row as it is now, under the lock, and the workflow's columns
            # stay as they are.
            current = Claim.objects.select_for_update().get(pk=obj.pk)
            for name in ClaimForm.Meta.fields:
                field = Claim._meta.get_field(name)
                if name in form.fields and not field.many_to_many:
                    setattr(current, field.attname, getattr(obj, field.attname))
            obj = current
        super().save_model(request, obj, form, change)

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
            said = _run_workflow(
                data["action"], claim, request.user, data["reviewer"], data["reason"]
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
        for claim in queryset:
            try:
                said = _run_workflow(action, claim, request.user, reviewer, reason)
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None and (claim_id := int_or_none(object_id)):
            extra_context = {**(extra_context or {}), **review_context(request, claim_id)}
        return super().changeform_view(request, object_id, form_url, extra_context)
