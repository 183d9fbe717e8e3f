"""The admin's forms: claims and verdicts checked against the revision they were opened at,
the workflow's action bar and buttons, and ratings."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from simple_history.models import to_historic

from config.validators import no_bidi_reordering

from ..models import REVIEWERS_GROUP, Attribution, Claim, Claimant, ClaimMerge, Rating, Verdict
from ..services import (
    RATED_FIELDS,
    WorkflowError,
    claim_check_rated_edit,
    claim_check_unchanged,
    require_review_to_change,
)
from .workflow import ACTIONS


def revision_as_opened(instance) -> int:
    """The revision a form opened on instance must check against: the row's own, or, on a
    history page, the current row's, since what a revert overwrites is the row as it is now."""
    if to_historic(instance) is None:
        return instance.revision
    return type(instance).objects.values_list("revision", flat=True).get(pk=instance.pk)


class ShowsRefusal:
    """A form that shows the WorkflowError a service raised while saving it: the admin sets
    `workflow_error` on the form classes it makes for the request it runs again
    (`WorkflowErrorsOnTheForm`), and the form whose prefix the error names shows it."""

    workflow_error: WorkflowError | None = None

    def refused_here(self) -> bool:
        error = self.workflow_error
        return error is not None and getattr(error, "form_prefix", None) == self.prefix

    def show_refusal(self) -> None:
        field = self.workflow_error.field
        usable = field in self.fields and not self.fields[field].disabled
        self.add_error(field if usable else None, str(self.workflow_error))


class WorkflowForm(ShowsRefusal, forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.refused_here():
            self.show_refusal()
        return cleaned_data


class ReviewerChangesIfPublic:
    """A form for a row that a public page may show (a claimant, a source): its change, or
    its revert on the history page, is refused with require_review_to_change's reason when
    the editor may not change what readers see. The admin sets `editor` on the form class
    it makes for each request."""

    editor = None

    def clean(self):
        cleaned_data = super().clean()
        editing = self.instance.pk is not None and (
            self.has_changed() or to_historic(self.instance) is not None
        )
        if editing and self.editor is not None:
            # The row as it is now: a revert's form starts from an earlier version.
            current = type(self.instance).objects.filter(pk=self.instance.pk).first()
            try:
                require_review_to_change(current or self.instance, by=self.editor)
            except WorkflowError as error:
                self.add_error(None, str(error))
        return cleaned_data


class ReviewedRowsFormSet(BaseInlineFormSet):
    """Inline rows of a parent that a public page may show (a claim's citations, an
    appearance's chain): a row added, changed or removed is refused, above the rows, with
    require_review_to_change's reason when the editor may not change what readers see.
    The inline sets `editor` on the formset class it makes for each request."""

    editor = None

    def clean(self) -> None:
        super().clean()
        if self.editor is None:
            return
        for form in self.forms:
            removing = self.can_delete and self._should_delete_form(form)
            if form.instance.pk is None and removing:
                continue
            if not (removing or form.has_changed()):
                continue
            stored = type(form.instance).objects.filter(pk=form.instance.pk).first()
            try:
                require_review_to_change(
                    *(row for row in (stored, form.instance) if row is not None),
                    by=self.editor,
                )
            except WorkflowError as error:
                raise forms.ValidationError(str(error), code=error.code) from error


class ReviewedRows:
    """An inline whose rows are held to ReviewedRowsFormSet."""

    formset = ReviewedRowsFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.editor = request.user
        return formset


def reviewers() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=REVIEWERS_GROUP)
        .order_by("username")
    )


class ClaimForm(ShowsRefusal, forms.ModelForm):
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Who is editing, set by the admin on the form class it makes for each request.
    editor = None

    class Meta:
        model = Claim
        fields = [
            "text",
            "slug",
            "claimant",
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
        if self.refused_here():
            self.show_refusal()
            return cleaned_data
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


def claim_chooser() -> forms.ModelChoiceField:
    """A claim chosen by typing its words, among the claims not merged away."""
    return forms.ModelChoiceField(
        Claim.objects.exclude(status=Claim.Status.MERGED),
        required=False,
        widget=AutocompleteSelect(ClaimMerge._meta.get_field("into"), admin.site),
    )


class ClaimActionForm(helpers.ActionForm):
    """The changelist's action bar, with what submit, assign, publish, unpublish and merge
    need."""

    reviewer = forms.ModelChoiceField(queryset=reviewers(), required=False, empty_label="reviewer…")
    into = claim_chooser()
    reason = forms.CharField(
        required=False,
        validators=[no_bidi_reordering],
        widget=forms.TextInput(attrs={"placeholder": "reason (unpublish, override, merge)"}),
    )


class ClaimWorkflowForm(forms.Form):
    """A button on the claim page: one workflow action, and what it needs."""

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    reviewer = forms.ModelChoiceField(queryset=reviewers(), required=False)
    # An id, not a choice of the claims there are: merging into a claim gone since the page
    # was opened is refused by the service, which says so.
    into = forms.IntegerField(required=False)
    reason = forms.CharField(required=False, validators=[no_bidi_reordering])


class ClaimMergeForm(forms.Form):
    """The claim page's merge panel: the claim to merge this one into, and why."""

    into = claim_chooser()


class ClaimantMergeForm(forms.Form):
    """The claimant page's merge panel: the claimant to keep."""

    into = forms.ModelChoiceField(
        Claimant.objects.all(),
        widget=AutocompleteSelect(Attribution._meta.get_field("claimant"), admin.site),
        error_messages={
            "required": "Choose the claimant to keep.",
            "invalid_choice": "That claimant is gone; reload the page and choose another.",
        },
    )


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


class VerdictForm(WorkflowForm):
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    override_reason = forms.CharField(
        required=False,
        validators=[no_bidi_reordering],
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
