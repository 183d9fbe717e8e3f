"""The ways a workflow rule refuses a change: one class each, with a code the API maps to a
status and a message that tells a person what to do instead."""

from django.core.exceptions import ValidationError


class WorkflowError(ValidationError):
    """A rule refused the change; the message says what is wrong and what to do instead.

    A ValidationError, so forms can show it as it is; `field` names the form field it is
    about, where there is one.
    """

    code = "workflow"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code=self.code)
        self.field = field

    def __str__(self) -> str:
        return self.message


class TransitionNotAllowed(WorkflowError):
    code = "transition_not_allowed"


class ClaimIncomplete(WorkflowError):
    code = "claim_incomplete"


class ReviewerNotAllowed(WorkflowError):
    code = "reviewer_not_allowed"


class NotPermitted(WorkflowError):
    code = "not_permitted"


class ReviewRequired(WorkflowError):
    """A researcher changing what readers see of a published fact-check."""

    code = "review_required"


class FourEyesRule(WorkflowError):
    code = "four_eyes"


class VerdictIncomplete(WorkflowError):
    code = "verdict_incomplete"


class VerdictNotEditable(WorkflowError):
    code = "verdict_not_editable"


class VerdictAlreadyDrafted(WorkflowError):
    code = "verdict_already_drafted"


class VerdictAlreadyPublished(WorkflowError):
    code = "verdict_already_published"


class CorrectionNoteRequired(WorkflowError):
    code = "correction_note_required"


class ReasonRequired(WorkflowError):
    code = "reason_required"


class ClaimChangedSinceOpened(WorkflowError):
    code = "claim_changed"


class VerdictChangedSinceOpened(WorkflowError):
    code = "verdict_changed"


class AppearanceInvalid(WorkflowError):
    code = "appearance_invalid"


class AppearanceExists(WorkflowError):
    code = "appearance_exists"


class AppearanceChangedSinceOpened(WorkflowError):
    code = "appearance_changed"


class LastAppearance(WorkflowError):
    code = "last_appearance"


class MergeNotAllowed(WorkflowError):
    code = "merge_not_allowed"


class BothPublished(WorkflowError):
    code = "both_published"


class ClaimantInUse(WorkflowError):
    code = "claimant_in_use"


class ProposalInvalid(WorkflowError):
    """Proposed values the direct write would refuse, each field with its reasons."""

    code = "proposal_invalid"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        ValidationError.__init__(self, errors)
        self.field = None

    def __str__(self) -> str:
        return " ".join(f"{field}: {' '.join(said)}" for field, said in self.message_dict.items())


class ProposalExists(WorkflowError):
    code = "proposal_exists"


class ProposalStale(WorkflowError):
    code = "proposal_stale"


class ProposalDecided(WorkflowError):
    code = "proposal_decided"


class FigureInvalid(WorkflowError):
    """A figure a researcher gave that does not stand in the quote or is not a figure."""

    code = "figure_invalid"


class DiscrepancyNoLongerHolds(WorkflowError):
    """A confirmation of figures that agree now, or of which one is gone."""

    code = "discrepancy_no_longer_holds"


class DiscrepancyInvalid(WorkflowError):
    code = "discrepancy_invalid"


class SuggestionDecided(WorkflowError):
    code = "suggestion_decided"


class SuggestionInvalid(WorkflowError):
    code = "suggestion_invalid"
