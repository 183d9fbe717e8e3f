from django import forms
from django.contrib import admin
from django.db import IntegrityError
from django.urls import reverse
from django.utils.html import format_html

from .models import Capture, Source


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
    show_change_link = False
    fields = [
        "status",
        "error_code",
        "error_message",
        "http_status",
        "content_type",
        "size_bytes",
        "requested_at",
        "finished_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["__str__", "publisher", "kind", "published_on", "created_at"]
    list_filter = ["kind", "publisher"]
    search_fields = ["url", "title", "publisher"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["url", "title", "kind"]}),
        ("Publication", {"fields": ["publisher", "author", "published_on", "language"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [CaptureInline]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # Someone saved the same URL between our duplicate check and our insert. The
            # transaction has rolled back; a second pass sees their row and shows the
            # duplicate as a form error with a link, instead of a server error.
            return super().changeform_view(request, object_id, form_url, extra_context)
