"""Claimants under every name outlets give them: their other names, found by any of them in any
script, and a reviewer's merge of two claimants who are one."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from ..models import Claimant, ClaimantName, name_key, standard_language_tag
from ..services import WorkflowError, claimant_merge, is_reviewer
from .forms import ClaimantMergeForm, ReviewerChangesIfPublic
from .mixins import EditsRefreshPublicPages, RevertIsAnEdit


class ClaimantNameForm(forms.ModelForm):
    class Meta:
        model = ClaimantName
        fields = ["name", "kind", "language"]

    def clean_language(self) -> str:
        # Stored in its standard form ("RU" → "ru"), as appearances' tags are.
        return standard_language_tag(self.cleaned_data["language"])


class ClaimantNameInline(admin.TabularInline):
    model = ClaimantName
    form = ClaimantNameForm
    extra = 1
    fields = ["name", "kind", "language"]
    verbose_name = "other name"
    verbose_name_plural = "other names (spellings, transliterations, the original script)"


class ClaimantForm(ReviewerChangesIfPublic, forms.ModelForm):
    class Meta:
        model = Claimant
        fields = ["name", "slug", "kind", "affiliation", "description"]


@admin.register(Claimant)
class ClaimantAdmin(RevertIsAnEdit, EditsRefreshPublicPages, SimpleHistoryAdmin):
    """A claimant, with their history; one a public claim names is a reviewer's to change."""

    form = ClaimantForm
    change_form_template = "admin/claims/claimant/change_form.html"
    list_display = ["name", "other_names", "kind", "affiliation", "claim_count"]
    ordering = ["name"]
    list_filter = ["kind"]
    search_fields = ["name", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ClaimantNameInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=Count("claims"))
            .prefetch_related(Prefetch("names", queryset=ClaimantName.objects.order_by("name")))
        )

    def get_search_results(self, request, queryset, search_term):
        """Claimants whose name or affiliation holds the term, or one of whose other names
        does, as written or in Latin letters: "Мильчаков" finds the claimant also known as
        "Ivan Milchakov", and "Milchakov" the one also known as "Мильчаков"."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return found, may_have_duplicates
        # Exists, not a join: a join would count each claim once per matching name.
        named = Q(name__icontains=term)
        if key := name_key(term):
            named |= Q(key__contains=key)
        other_names = ClaimantName.objects.filter(named, claimant=OuterRef("pk"))
        return found | queryset.filter(Exists(other_names)), may_have_duplicates

    @admin.display(description="other names")
    def other_names(self, claimant: Claimant) -> str:
        return ", ".join(other.name for other in claimant.names.all()) or "—"

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj: Claimant) -> int:
        return obj.claim_count

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editor = request.user
        return form

    def get_urls(self):
        merge = path(
            "<path:object_id>/merge/",
            self.admin_site.admin_view(self.merge_view),
            name="claims_claimant_merge",
        )
        return [merge, *super().get_urls()]

    def merge_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claimant = self.get_object(request, object_id)
        if claimant is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, claimant):
            raise PermissionDenied
        back = redirect("admin:claims_claimant_change", claimant.pk)
        form = ClaimantMergeForm(request.POST)
        if not form.is_valid():
            self.message_user(request, " ".join(form.errors["into"]), messages.ERROR)
            return back
        name = str(claimant)
        try:
            kept = claimant_merge(
                claimant=claimant, into=form.cleaned_data["into"], by=request.user
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return back
        self.message_user(
            request,
            f"“{name}” was merged into “{kept}”: their claims and hops name {kept.name} now, "
            "and their names are among its other names.",
            messages.SUCCESS,
        )
        return redirect("admin:claims_claimant_change", kept.pk)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            extra_context = {
                **(extra_context or {}),
                "may_review": is_reviewer(request.user),
                "claimant_merge_form": ClaimantMergeForm(),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if merge_form := context.get("claimant_merge_form"):
            context["media"] = context["media"] + merge_form.media
        return super().render_change_form(request, context, add, change, form_url, obj)
