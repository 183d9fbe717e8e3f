"""The reviewer's desk: verdicts drafted, published, corrected and discarded beside the
claim and its evidence."""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from ..models import Claim, Verdict
from ..services import (
    WorkflowError,
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
    verdict_save,
    was_published,
)
from .forms import VerdictForm
from .mixins import RevertIsAnEdit, WorkflowErrorsOnTheForm
from .review import int_or_none, review_context


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
        claim_id = int_or_none(request.GET.get("claim"))
        return Claim.objects.filter(pk=claim_id).first() if claim_id else None

    def _is_correction(self, request, obj) -> bool:
        if obj is not None:
            # A draft readers once saw, republished with another rating, is a correction.
            return obj.version > 1 or (obj.status == Verdict.Status.DRAFT and was_published(obj))
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
                Verdict.objects.filter(pk=int_or_none(object_id)).only("claim_id", "status").first()
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
