"""Proposed changes in the admin: a researcher proposes one from a simple form; reviewers
see each with the row's values before and after, and accept or reject from the list."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.utils.html import format_html, format_html_join

from ..models import Proposal
from ..services import (
    WorkflowError,
    is_reviewer,
    proposal_accept,
    proposal_make,
    proposal_reject,
    proposal_withdraw,
)
from .forms import WorkflowForm
from .mixins import WorkflowErrorsOnTheForm


class ProposalForm(WorkflowForm):
    values = forms.JSONField(
        initial=dict,
        required=False,
        help_text='The fields to write, as JSON: {"role": "refutes"}; ids for rows, '
        "YYYY-MM-DD for dates; {} for a removal.",
    )

    class Meta:
        model = Proposal
        fields = ["claim", "kind", "target_id", "values", "reason"]


class ProposalActionForm(helpers.ActionForm):
    note = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "note (required to reject)"}),
    )


@admin.register(Proposal)
class ProposalAdmin(WorkflowErrorsOnTheForm, admin.ModelAdmin):
    form = ProposalForm
    action_form = ProposalActionForm
    actions = ["accept", "reject", "withdraw"]
    list_display = [
        "kind",
        "claim",
        "before_and_after",
        "proposed_by",
        "created_at",
        "status",
        "basis_changed",
    ]
    list_filter = ["status", "kind", "basis_changed"]
    list_select_related = ["claim", "proposed_by"]
    search_fields = ["reason", "claim__text"]
    raw_id_fields = ["claim"]
    readonly_fields = [
        "claim",
        "kind",
        "target_id",
        "before_and_after",
        "reason",
        "proposed_by",
        "created_at",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "basis_changed",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ProposalForm.Meta.fields
        return self.readonly_fields

    def has_change_permission(self, request, obj=None) -> bool:
        # A proposal is decided, not edited: its page shows it, the list's actions decide it.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_decide_permission(self, request) -> bool:
        return is_reviewer(request.user)

    @admin.display(description="before → after")
    def before_and_after(self, proposal: Proposal) -> str:
        names = list(dict.fromkeys([*proposal.before, *proposal.values]))
        if not names:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (
                    name,
                    proposal.before.get(name, "—"),
                    proposal.values.get(name, "—" if proposal.values else "(removed)"),
                )
                for name in names
            ),
        )
        return format_html("<table><tr><th></th><th>before</th><th>after</th></tr>{}</table>", rows)

    def save_model(self, request, obj, form, change) -> None:
        made = proposal_make(
            claim=obj.claim,
            by=request.user,
            kind=obj.kind,
            target_id=obj.target_id,
            values=form.cleaned_data["values"] if form.cleaned_data["values"] is not None else {},
            reason=obj.reason,
        )
        obj.__dict__.update(made.__dict__)

    def _decide(self, request, queryset, decide, said: str) -> None:
        for proposal in queryset:
            try:
                decide(proposal)
            except WorkflowError as error:
                self.message_user(request, f"{proposal}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{proposal}: {said}", messages.SUCCESS)

    @admin.action(description="Accept the selected proposals", permissions=["decide"])
    def accept(self, request, queryset) -> None:
        note = request.POST.get("note", "")
        self._decide(
            request,
            queryset,
            lambda p: proposal_accept(proposal=p, by=request.user, note=note),
            "accepted and written.",
        )

    @admin.action(description="Reject the selected proposals (give a note)", permissions=["decide"])
    def reject(self, request, queryset) -> None:
        note = request.POST.get("note", "")
        self._decide(
            request,
            queryset,
            lambda p: proposal_reject(proposal=p, by=request.user, note=note),
            "rejected.",
        )

    @admin.action(description="Withdraw the selected proposals (yours)")
    def withdraw(self, request, queryset) -> None:
        self._decide(
            request,
            queryset,
            lambda p: proposal_withdraw(proposal=p, by=request.user),
            "withdrawn.",
        )
