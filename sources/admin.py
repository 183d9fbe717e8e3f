from django import forms
from django.contrib import admin, messages
from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html

from .models import Capture, Source
from .services import capture_request


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
class SourceAdmin(admin.ModelAdmin):
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
    readonly_fields = ["created_by", "created_at", "updated_at", "health", "health_checked_at"]
    fieldsets = [
        (None, {"fields": ["url", "title", "kind"]}),
        ("Publication", {"fields": ["publisher", "author", "published_on", "language"]}),
        ("Link health", {"fields": ["health", "health_checked_at"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [CaptureInline]
    actions = ["recapture"]

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

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change or "url" in form.changed_data:
            capture_request(source=obj)

    @admin.action(description="Re-capture the selected sources now", permissions=["change"])
    def recapture(self, request, queryset) -> None:
        captures = [capture_request(source=source) for source in queryset]
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
