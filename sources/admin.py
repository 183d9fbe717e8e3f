"""The sources admin: adding a source (its capture starts by itself), its captures inline,
re-capturing, and reviewing and accepting a change."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin

from .health import change_to_review
from .models import Capture, Source
from .services import (
    ChangeNotAccepted,
    capture_request,
    capture_request_many,
    source_accept_change,
)


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["url", "title", "kind", "publisher", "author", "published_on", "language"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        existing = Source.objects.filter(url=url).exclude(pk=self.instance.pk).first()
        if existing:
            raise forms.ValidationError(
                format_html(
                    'This URL is already a source: <a href="{}">{}</a>.',
                    reverse("admin:sources_source_change", args=[existing.pk]),
                    existing,
                ),
                code="duplicate",
            )
        return url


class AcceptChangeForm(forms.Form):
    """The "Accept this change" form on a changed source's page; the note's rule is the
    service's, so a blank one is refused there with its reason."""

    seen_capture = forms.IntegerField()
    note = forms.CharField(required=False)


def _when(moment) -> str:
    return date_format(localtime(moment), "j M Y H:i")


class CaptureInline(admin.TabularInline):
    model = Capture
    extra = 0
    can_delete = False
    fields = [
        "status",
        "outcome",
        "http_status",
        "content_type",
        "size_bytes",
        "attempts",
        "requested_at",
        "finished_at",
        "fixity",
        "warc_link",
    ]
    readonly_fields = fields
    ordering = ["-requested_at", "-pk"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="what happened")
    def outcome(self, capture: Capture) -> str:
        if capture.error_code:
            return f"{capture.get_error_code_display()}: {capture.error_message}"
        return capture.title or "—"

    @admin.display(description="WARC")
    def warc_link(self, capture: Capture) -> str:
        if not capture.warc:
            return "—"
        return format_html(
            '<a href="{}">archived copy</a> · <a href="{}">WARC</a>',
            reverse("sources:archive", args=[capture.pk]),
            reverse("sources:archive-warc", args=[capture.pk]),
        )


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceForm
    list_display = [
        "__str__",
        "publisher",
        "kind",
        "published_on",
        "last_capture",
        "health",
        "created_at",
    ]
    list_filter = ["health", "kind", "publisher"]
    search_fields = ["url", "title", "publisher"]
    date_hierarchy = "created_at"
    change_form_template = "admin/sources/source/change_form.html"
    readonly_fields = [
        "created_by",
        "created_at",
        "updated_at",
        "health",
        "health_checked_at",
        "accepted_change",
    ]
    fieldsets = [
        (None, {"fields": ["url", "title", "kind"]}),
        ("Publication", {"fields": ["publisher", "author", "published_on", "language"]}),
        ("Link health", {"fields": ["health", "health_checked_at", "accepted_change"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [CaptureInline]
    actions = ["recapture"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Its captures are archives of this address; a new address would make them
            # archives of a page they are not. A different page is a new source.
            fields.append("url")
        return fields

    def get_queryset(self, request):
        latest = Capture.objects.filter(source=OuterRef("pk")).order_by("-requested_at", "-pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_capture_status=Subquery(latest.values("status")[:1]),
                last_capture_error=Subquery(latest.values("error_code")[:1]),
            )
        )

    @admin.display(description="last capture", ordering="last_capture_status")
    def last_capture(self, source: Source) -> str:
        status = source.last_capture_status
        if status is None:
            return "never"
        label = Capture.Status(status).label
        error = source.last_capture_error
        return f"{label} ({Capture.ErrorCode(error).label})" if error else label

    @admin.display(description="change accepted")
    def accepted_change(self, source: Source) -> str:
        if source.accepted_capture_id is None:
            return "—"
        return format_html(
            'The <a href="{}">copy of {}</a>, by {} on {}: “{}”',
            reverse("sources:archive", args=[source.accepted_capture_id]),
            _when(source.accepted_capture.finished_at),
            source.change_accepted_by or "a user since removed",
            _when(source.change_accepted_at),
            source.change_note,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            context["change_to_review"] = change_to_review(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        accept = path(
            "<path:object_id>/accept-change/",
            self.admin_site.admin_view(self.accept_change_view),
            name="sources_source_accept_change",
        )
        return [accept, *super().get_urls()]

    def accept_change_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        source = self.get_object(request, object_id)
        if source is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        back = redirect("admin:sources_source_change", source.pk)
        form = AcceptChangeForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, "Open the source again and review its change.", messages.ERROR
            )
            return back
        try:
            source = source_accept_change(
                source=source,
                by=request.user,
                note=form.cleaned_data["note"],
                seen_capture_id=form.cleaned_data["seen_capture"],
            )
        except ChangeNotAccepted as error:
            self.message_user(request, str(error), messages.ERROR)
            return back
        accepted = f"the copy of {_when(source.accepted_capture.finished_at)}"
        self.log_change(request, source, f"Accepted the change in {accepted}: {source.change_note}")
        self.message_user(
            request,
            f"The change is accepted: “{source}” is compared with {accepted} from now on, and "
            f"its link health is {source.get_health_display().lower()}.",
            messages.SUCCESS,
        )
        return back

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            capture_request(source=obj)

    @admin.action(description="Re-capture the selected sources now", permissions=["change"])
    def recapture(self, request, queryset) -> None:
        captures = capture_request_many(sources=list(queryset))
        self.message_user(
            request,
            f"Queued {len(captures)} capture(s); they appear below each source as they finish.",
            messages.SUCCESS,
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # Someone saved the same URL between our duplicate check and our insert. The
            # transaction has rolled back; a second pass sees their row and shows the
            # duplicate as a form error with a link, instead of a server error.
            return super().changeform_view(request, object_id, form_url, extra_context)
