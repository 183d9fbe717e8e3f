"""The desk of figures that disagree: each pair with both quotes, both sources and both
figures in one unit; reviewers confirm, dismiss or explain them from the list, with a note
(required to dismiss or explain)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..figures.units import in_one_unit
from ..models import Discrepancy
from ..services import WorkflowError, discrepancy_decide, is_reviewer

Status = Discrepancy.Status
LARGEST_ID = 2**63 - 1


def _quote(side: dict) -> SafeString:
    """The quote with the figure's words marked."""
    quote, start, end = side.get("quote", ""), side.get("start", 0), side.get("end", 0)
    if quote[start:end] != side.get("words"):
        return format_html("“{}”", side.get("words", ""))
    return format_html("“{}<mark>{}</mark>{}”", quote[:start], quote[start:end], quote[end:])


def _sides(discrepancy: Discrepancy) -> SafeString:
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td><a href='{}'>{}</a></td><td><a href='{}'>claim {}</a></td>"
        "<td><strong>{}</strong></td></tr>",
        (
            (
                _quote(side),
                reverse("admin:sources_source_change", args=[side["source"]]),
                side["source_title"],
                reverse("admin:claims_claim_change", args=[side["claim"]]),
                side["claim"],
                in_one_unit(side["normalised_value"], side["normalised_unit"]),
            )
            for side in discrepancy.stated
        ),
    )
    return format_html(
        "<table><thead><tr><th>quote</th><th>source</th><th>claim</th><th>in one unit</th>"
        "</tr></thead><tbody>{}</tbody></table>",
        rows,
    )


class ClaimFilter(admin.SimpleListFilter):
    """The pairs a claim takes part in, on either side: offered when a claim's page links
    here (?claim=ID), not listed otherwise."""

    title = "claim"
    parameter_name = "claim"

    @staticmethod
    def claim_id(given: str | None) -> int | None:
        """given as a claim's id: ASCII digits ("²" is a digit to isdigit, and no number to
        int), no larger than a 64-bit key holds (SQLite overflows past it)."""
        if not given or not (given.isdecimal() and given.isascii()):
            return None
        claim = int(given)
        return claim if claim <= LARGEST_ID else None

    def lookups(self, request, model_admin):
        claim = self.claim_id(request.GET.get(self.parameter_name))
        return [(str(claim), f"claim {claim}")] if claim is not None else []

    def queryset(self, request, queryset):
        claim = self.claim_id(self.value())
        if claim is None:
            return queryset
        return queryset.filter(Q(claim=claim) | Q(other_claim=claim))


def desk_link(claim) -> SafeString:
    """How many pairs a claim takes part in, by status, linking to them on the desk."""
    counts = dict(
        Discrepancy.objects.filter(Q(claim=claim) | Q(other_claim=claim))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not counts:
        return format_html("{}", "No figures that disagree.")
    said = ", ".join(f"{n} {Status(status).label.split(':')[0]}" for status, n in counts.items())
    url = reverse("admin:claims_discrepancy_changelist")
    return format_html("<a href='{}?claim={}'>Figures that disagree: {}</a>", url, claim.pk, said)


class DecisionForm(helpers.ActionForm):
    note = forms.CharField(
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "why (required to dismiss or explain)", "size": 60}
        ),
    )


@admin.register(Discrepancy)
class DiscrepancyAdmin(admin.ModelAdmin):
    action_form = DecisionForm
    actions = ["confirm", "dismiss", "explain"]
    list_display = ["kind", "label", "figures", "scope", "status", "outdated", "decided_by"]
    list_filter = [ClaimFilter, "status", "outdated", "scope", "kind", "label"]
    list_select_related = ["decided_by"]
    search_fields = ["claim__text", "other_claim__text", "note"]
    fields = [
        "kind", "label", "scope", "figures", "status", "note", "outdated", "proposed_at",
        "decided_by", "decided_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # proposed by the tracker from the figures, never by hand

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # decided from the list's actions, through the service

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_decide_permission(self, request) -> bool:
        return is_reviewer(request.user) and request.user.has_perm("claims.change_discrepancy")

    @admin.display(description="figures")
    def figures(self, discrepancy: Discrepancy) -> SafeString:
        return _sides(discrepancy)

    def _decide(self, request, queryset, status: str, said: str) -> None:
        note = request.POST.get("note", "")
        for discrepancy in queryset:
            try:
                discrepancy_decide(
                    discrepancy=discrepancy, by=request.user, status=status, note=note
                )
            except WorkflowError as error:
                self.message_user(request, f"{discrepancy}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{discrepancy}: {said}", messages.SUCCESS)

    @admin.action(description="Confirm: the sources disagree", permissions=["decide"])
    def confirm(self, request, queryset) -> None:
        self._decide(request, queryset, Status.CONFIRMED, "confirmed; published claims show it.")

    @admin.action(description="Dismiss (say why)", permissions=["decide"])
    def dismiss(self, request, queryset) -> None:
        self._decide(request, queryset, Status.DISMISSED, "dismissed.")

    @admin.action(description="Explain (say how they differ)", permissions=["decide"])
    def explain(self, request, queryset) -> None:
        self._decide(request, queryset, Status.EXPLAINED, "explained.")
