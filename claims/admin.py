from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from sources.admin import SourceAdmin
from sources.models import Capture, Source

from .cache import public_content_changed, shown_publicly
from .models import (
    REVIEWERS_GROUP,
    Attribution,
    Citation,
    Claim,
    Claimant,
    QuoteStatus,
    Rating,
    Topic,
    Verdict,
)
from .quotes import excerpt
from .selectors import citations_with_capture_status, claim_for_review, claim_timeline
from .services import (
    RATED_FIELDS,
    ReviewerNotAllowed,
    VerdictIncomplete,
    WorkflowError,
    claim_assign,
    claim_check_rated_edit,
    claim_check_unchanged,
    claim_submit,
    claim_unpublish,
    is_reviewer,
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
    verdict_save,
    was_published,
)


class LoggedByMixin:
    """Records the logged-in user as the creator of rows added through the admin."""

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        for instance in formset.save(commit=False):
            if instance.pk is None and hasattr(instance, "created_by_id"):
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class RefreshesPublicPages:
    """Admin edits to what readers see show on the public site at once.

    A change or a delete marks every public page stale when the admin's transaction commits
    (the admin writes the object, its inlines and its many-to-many rows in one). A row just
    added is on no public page yet, and `claims.cache.shown_publicly` (the API's rule too)
    leaves out changes to drafts, so that logging them all day does not empty the readers'
    cache.
    """

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and shown_publicly(obj):
            public_content_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        public_content_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        public_content_changed()


class RevertIsAnEdit:
    """simple_history's revert page held to what the change page is held to.

    simple_history lets anyone who may view an object's history post a revert, and saves
    the object, then its many-to-many rows, outside a transaction. A revert is an edit: it
    needs the permission to change the object as it is now, and it is written in one
    transaction, so a failure keeps nothing and the public pages refresh after all of it.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(
            request, self.get_object(request, object_id)
        ):
            raise PermissionDenied
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class WorkflowErrorsOnTheForm:
    """Shows a WorkflowError that a service raised while saving as an error on the same form.

    The services run in save_model, after the form has validated. When one refuses, the
    admin's transaction has rolled back everything the save did; the view then runs again
    on the same POST with the error bound to the form, so the person sees why, with what
    they typed still there.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except WorkflowError as error:
            request.workflow_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "workflow_error", None)
        if error is None:
            return form
        return type(form.__name__, (form,), {"workflow_error": error})


def revision_as_opened(instance) -> int:
    """The revision a form opened on instance must check against: the row's own, or, on a
    history page, the current row's, since what a revert overwrites is the row as it is now."""
    if to_historic(instance) is None:
        return instance.revision
    return type(instance).objects.values_list("revision", flat=True).get(pk=instance.pk)


class WorkflowForm(forms.ModelForm):
    workflow_error: WorkflowError | None = None

    def clean(self):
        cleaned_data = super().clean()
        if self.workflow_error is not None:
            field = self.workflow_error.field
            self.add_error(field if field in self.fields else None, str(self.workflow_error))
        return cleaned_data


def _reviewers() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=REVIEWERS_GROUP)
        .order_by("username")
    )


class ClaimForm(forms.ModelForm):
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Who is editing, set by the admin on the form class it makes for each request.
    editor = None

    class Meta:
        model = Claim
        fields = [
            "text",
            "quote",
            "slug",
            "appearance",
            "position",
            "claimant",
            "made_on",
            "topics",
            "place",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_revision"].initial = revision_as_opened(self.instance)

    def is_revert(self) -> bool:
        """Whether this form edits an earlier version, on the claim's history page."""
        return to_historic(self.instance) is not None

    def has_changed(self) -> bool:
        # The revision is bookkeeping: a form whose fields are as they are in the database
        # has nothing to save, however old the revision it was opened at.
        return any(name != "seen_revision" for name in self.changed_data)

    def clean(self):
        cleaned_data = super().clean()
        # Only an edit can overwrite someone else's: an unchanged form (a claim listed
        # inline on its article's page, say) is not saved, so it is not checked. A revert
        # is saved even when it is as the old version was.
        if self.instance.pk is None or not (self.has_changed() or self.is_revert()):
            return cleaned_data
        seen = cleaned_data.get("seen_revision")
        if seen is None:
            self.add_error(None, "This form is missing its revision; open the claim again.")
            return cleaned_data
        try:
            claim_check_unchanged(claim=self.instance, seen_revision=seen)
            if self.editor is not None:
                claim_check_rated_edit(
                    claim=self.instance, by=self.editor, changing=self._changing(cleaned_data)
                )
        except WorkflowError as error:
            self.add_error(None, str(error))
        return cleaned_data

    def _changing(self, cleaned_data: dict) -> set[str]:
        # Against the row as it is now: a revert's form starts from an earlier version.
        current = Claim.objects.get(pk=self.instance.pk)
        return {
            name
            for name in RATED_FIELDS
            if name in cleaned_data and cleaned_data[name] != getattr(current, name)
        }


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
class ArticleAdmin(RefreshesPublicPages, LoggedByMixin, SourceAdmin):
    """The source page, with the claims that appeared in it logged inline.

    It replaces sources' own SourceAdmin, so source edits refresh the public pages from here
    and sources needs to know nothing of them.
    """

    inlines = [AppearanceClaimInline, *SourceAdmin.inlines]


class ClaimActionForm(helpers.ActionForm):
    """The changelist's action bar, with what submit, assign, publish and unpublish need."""

    reviewer = forms.ModelChoiceField(
        queryset=_reviewers(), required=False, empty_label="reviewer…"
    )
    reason = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "reason (unpublish, override)"}),
    )


class ClaimWorkflowForm(forms.Form):
    """A button on the claim page: one workflow action, and what it needs."""

    action = forms.ChoiceField(
        choices=[(a, a) for a in ("submit", "assign", "publish", "unpublish")]
    )
    reviewer = forms.ModelChoiceField(queryset=_reviewers(), required=False)
    reason = forms.CharField(required=False)


class AssignedToMeFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("me-new", "Assigned to me, not started")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.assigned_to(request.user)
        if self.value() == "me-new":
            return queryset.newly_assigned_to(request.user)
        return queryset


class EvidenceAtRiskFilter(admin.SimpleListFilter):
    """Claims whose article or a cited source has changed or gone since we archived it."""

    title = "evidence"
    parameter_name = "evidence"

    def lookups(self, request, model_admin):
        return [("at-risk", "Evidence at risk (changed or gone)"), ("gone", "Evidence gone")]

    def queryset(self, request, queryset):
        health = {
            "at-risk": [Source.Health.CHANGED, Source.Health.GONE],
            "gone": [Source.Health.GONE],
        }.get(self.value())
        if health is None:
            return queryset
        cited = Citation.objects.filter(claim=OuterRef("pk"), source__health__in=health)
        return queryset.filter(Q(appearance__health__in=health) | Q(Exists(cited)))


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
class ClaimAdmin(RevertIsAnEdit, RefreshesPublicPages, LoggedByMixin, SimpleHistoryAdmin):
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
            reviewer = _reviewers().filter(pk=reviewer_id).first()
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
        if object_id is not None and (claim_id := _int_or_none(object_id)):
            extra_context = {**(extra_context or {}), **review_context(request, claim_id)}
        return super().changeform_view(request, object_id, form_url, extra_context)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def review_context(request, claim_id: int) -> dict:
    """What the claim and verdict pages show beside their forms; a fixed number of queries."""
    try:
        claim = claim_for_review(claim_id)
    except Claim.DoesNotExist:
        return {}
    citations = list(citations_with_capture_status(claim))
    for citation in citations:
        citation.capture_label = (
            Capture.Status(citation.capture_status).label
            if citation.capture_status
            else "never captured"
        )
    verdicts = list(claim.verdicts.all())
    return {
        "review_claim": claim,
        "review_citations": citations,
        "review_verdicts": verdicts,
        "review_draft": next((v for v in verdicts if v.status == Verdict.Status.DRAFT), None),
        "review_published": next(
            (v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None
        ),
        "review_timeline": claim_timeline(claim),
        "review_reviewers": list(_reviewers()),
        "may_review": is_reviewer(request.user),
    }


@admin.register(Claimant)
class ClaimantAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "kind", "affiliation", "claim_count"]
    ordering = ["name"]
    list_filter = ["kind"]
    search_fields = ["name", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj: Claimant) -> int:
        return obj.claim_count


@admin.register(Topic)
class TopicAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


COLOUR_FORMAT = "Write the colour as # and six hex digits (0-9, a-f), such as #1a7f37."


class RatingForm(forms.ModelForm):
    class Meta:
        model = Rating
        fields = ["label", "slug", "value", "description", "colour"]
        help_texts = {
            "colour": "The badge's background, such as #1a7f37. Its text is white or black, "
            "whichever reads better on it.",
        }
        # One message whichever check a wrong colour fails: its length or its form.
        error_messages = {"colour": {"max_length": COLOUR_FORMAT, "invalid": COLOUR_FORMAT}}


@admin.register(Rating)
class RatingAdmin(RefreshesPublicPages, admin.ModelAdmin):
    form = RatingForm
    list_display = ["label", "value", "colour", "slug"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class VerdictForm(WorkflowForm):
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    override_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Only for an editor publishing a verdict on a claim they logged: why no second "
            "reviewer could. It is recorded with the verdict."
        ),
    )

    class Meta:
        model = Verdict
        fields = ["claim", "rating", "summary", "rationale", "correction_note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "seen_revision" in self.fields:
            self.fields["seen_revision"].initial = revision_as_opened(self.instance)


@admin.register(Verdict)
class VerdictAdmin(RevertIsAnEdit, WorkflowErrorsOnTheForm, SimpleHistoryAdmin):
    """The reviewer's desk: the verdict form beside the claim and its evidence.

    Saving calls the services: a new verdict is drafted (or, on a published claim, starts a
    correction), a draft is saved, and "Save and publish" publishes it. A draft is discarded
    with a reason from its own form on the page; verdicts are never deleted otherwise.
    """

    form = VerdictForm
    change_form_template = "admin/claims/verdict/change_form.html"
    list_display = ["claim", "rating", "status", "version", "reviewer", "published_at"]
    list_select_related = ["claim", "rating", "reviewer"]
    list_filter = ["status", "rating"]
    search_fields = ["claim__text", "summary"]
    autocomplete_fields = ["claim"]
    readonly_fields = [
        "rationale_preview",
        "status",
        "version",
        "reviewer",
        "published_at",
        "published_by",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                None,
                {
                    "fields": [
                        "claim",
                        "rating",
                        "summary",
                        "rationale",
                        "rationale_preview",
                        "seen_revision",
                    ]
                },
            ),
        ]
        if self._is_correction(request, obj):
            fieldsets.append(("Correction", {"fields": ["correction_note"]}))
        if obj is None or obj.status == Verdict.Status.DRAFT:
            fieldsets.append(("Publishing", {"fields": ["override_reason"]}))
        elif obj.override_reason:
            fieldsets.append(("Four-eyes override", {"fields": ["override_reason"]}))
        fieldsets.append(
            (
                "Record",
                {"fields": ["status", "version", "reviewer", "published_at", "published_by"]},
            )
        )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["claim", *self.readonly_fields]
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        # override_reason is the form's own field, handed to verdict_publish; the model's
        # column of that name is written only by the service, so it is not a form field.
        readonly = set(self.get_readonly_fields(request, obj)) | {"override_reason"}
        fieldsets = self.get_fieldsets(request, obj)
        kwargs["fields"] = [f for f in flatten_fieldsets(fieldsets) if f not in readonly]
        return super().get_form(request, obj, change, **kwargs)

    def _claim_from_query(self, request) -> Claim | None:
        claim_id = _int_or_none(request.GET.get("claim"))
        return Claim.objects.filter(pk=claim_id).first() if claim_id else None

    def _is_correction(self, request, obj) -> bool:
        if obj is not None:
            return obj.version > 1
        claim = self._claim_from_query(request)
        return claim is not None and claim.status == Claim.Status.PUBLISHED

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        claim = self._claim_from_query(request)
        published = claim and claim.verdicts.filter(status=Verdict.Status.PUBLISHED).first()
        if published:
            initial.update(
                rating=published.rating_id,
                summary=published.summary,
                rationale=published.rationale,
            )
        return initial

    def has_change_permission(self, request, obj=None) -> bool:
        # Published and superseded versions are the record of what readers saw; a change
        # is a correction, which is a new version.
        if obj is not None and obj.status != Verdict.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Published and superseded versions are the record; a draft leaves only through
        # verdict_discard, which keeps the reason and puts a corrected claim back as it was.
        return False

    def get_urls(self):
        discard = path(
            "<path:object_id>/discard/",
            self.admin_site.admin_view(self.discard_view),
            name="claims_verdict_discard",
        )
        return [discard, *super().get_urls()]

    def discard_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        verdict = self.get_object(request, object_id)
        if verdict is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        # The model permission, not the object's: a published verdict is read-only here, and
        # asking to discard one should hear why not from the service.
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            claim = verdict_discard(
                verdict=verdict, by=request.user, reason=request.POST.get("reason", "")
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:claims_verdict_change", verdict.pk)
        if claim.status == Claim.Status.PUBLISHED:
            outcome = (
                f"the claim is published again, with v{claim.published_verdict.version} "
                "as readers saw it throughout."
            )
        else:
            outcome = "the claim stays in review, ready for a new draft."
        self.message_user(
            request,
            f"Draft verdict v{verdict.version} on “{claim}” was discarded; {outcome}",
            messages.SUCCESS,
        )
        return redirect("admin:claims_claim_change", claim.pk)

    @admin.display(description="as readers will see it")
    def rationale_preview(self, verdict: Verdict) -> str:
        # rationale_html was sanitised by nh3 when it was saved.
        return mark_safe(verdict.rationale_html) or "—"  # noqa: S308

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        fields = {
            "rating": data.get("rating"),
            "summary": data.get("summary", ""),
            "rationale": data.get("rationale", ""),
        }
        if change:
            verdict = verdict_save(
                verdict=obj,
                by=request.user,
                correction_note=data.get("correction_note"),
                seen_revision=data.get("seen_revision"),
                **fields,
            )
        elif data["claim"].status == Claim.Status.PUBLISHED:
            published = data["claim"].verdicts.get(status=Verdict.Status.PUBLISHED)
            verdict = verdict_correct(
                verdict=published,
                by=request.user,
                correction_note=data.get("correction_note", ""),
                **fields,
            )
        else:
            verdict = verdict_draft(claim=data["claim"], by=request.user, **fields)
        if "_publish" in request.POST:
            verdict = verdict_publish(
                verdict=verdict, by=request.user, override_reason=data.get("override_reason", "")
            )
        # The admin's responses and its log read obj; make it the row the services wrote.
        obj.__dict__.update(verdict.__dict__)

    def _response_after_publish(self, request, verdict: Verdict):
        self.message_user(
            request,
            f"Verdict v{verdict.version} on “{verdict.claim}” is published: {verdict.rating}.",
            messages.SUCCESS,
        )
        return redirect("admin:claims_claim_change", verdict.claim_id)

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST:
            return self._response_after_publish(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            return self._response_after_publish(request, obj)
        return super().response_change(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        claim_id = None
        extra_context = extra_context or {}
        if object_id is not None:
            verdict = (
                Verdict.objects.filter(pk=_int_or_none(object_id))
                .only("claim_id", "status")
                .first()
            )
            if verdict is not None:
                claim_id = verdict.claim_id
                # Only a draft readers never saw may be discarded; the service says so too.
                extra_context["may_discard"] = (
                    verdict.status == Verdict.Status.DRAFT and not was_published(verdict)
                )
        elif claim := self._claim_from_query(request):
            claim_id = claim.pk
        if claim_id is not None:
            extra_context = {**extra_context, **review_context(request, claim_id)}
        return super().changeform_view(request, object_id, form_url, extra_context)
