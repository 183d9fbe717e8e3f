"""The admin's forms: claims and verdicts checked against the revision they were opened at,
the workflow's action bar and buttons, and ratings."""

from django import forms
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from simple_history.models import to_historic

from ..models import REVIEWERS_GROUP, Claim, Rating, Verdict
from ..services import RATED_FIELDS, WorkflowError, claim_check_rated_edit, claim_check_unchanged


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


def reviewers() -> QuerySet:
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


class ClaimActionForm(helpers.ActionForm):
    """The changelist's action bar, with what submit, assign, publish and unpublish need."""

    reviewer = forms.ModelChoiceField(queryset=reviewers(), required=False, empty_label="reviewer…")
    reason = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "reason (unpublish, override)"}),
    )


class ClaimWorkflowForm(forms.Form):
    """A button on the claim page: one workflow action, and what it needs."""

    action = forms.ChoiceField(
        choices=[(a, a) for a in ("submit", "assign", "publish", "unpublish")]
    )
    reviewer = forms.ModelChoiceField(queryset=reviewers(), required=False)
    reason = forms.CharField(required=False)


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
