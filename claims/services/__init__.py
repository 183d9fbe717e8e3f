"""The review workflow: every write that carries a rule about claims and verdicts.

The admin, the API and tasks call these functions and nothing else to move a claim or a
verdict along, so each rule lives here once. Each function is one transaction, takes the
acting user as `by`, and raises a WorkflowError subclass whose message tells a person what
to do. None of them looks at a request.

A claim moves draft → in review → published, and back to in review while its verdict is
corrected (until the correction is published or discarded) or after it is unpublished. A
verdict moves draft → published → superseded, or is discarded while it is a draft.

Callers import from `claims.services`; the modules are errors, rules (the state table, rated
fields, roles, four-eyes), rows (locks and history), claims, appearances, merges, claimants,
verdicts, imports, figures and discrepancies (figures that disagree), suggestions (suggested
claims logged or dismissed), and proposals with proposal_changes (changes researchers
propose to what a claim's page shows).
"""

from .appearances import (
    APPEARANCE_FIELDS,
    appearance_add,
    appearance_remove,
    appearance_split,
    appearance_update,
    appearances_changed,
    claim_create,
    clean_appearance,
    require_appearances_editable,
    require_free_place,
)
from .claimants import claimant_merge
from .claims import (
    claim_assign,
    claim_check_rated_edit,
    claim_check_unchanged,
    claim_edited,
    claim_submit,
    claim_unpublish,
)
from .discrepancies import (
    discrepancies_refresh,
    discrepancy_confirm,
    discrepancy_decide,
    discrepancy_dismiss,
    discrepancy_explain,
)
from .errors import (
    AppearanceChangedSinceOpened,
    AppearanceExists,
    AppearanceInvalid,
    BothPublished,
    ClaimantInUse,
    ClaimChangedSinceOpened,
    ClaimIncomplete,
    CorrectionNoteRequired,
    DiscrepancyInvalid,
    DiscrepancyNoLongerHolds,
    FigureInvalid,
    FourEyesRule,
    LastAppearance,
    MergeNotAllowed,
    NotPermitted,
    ProposalDecided,
    ProposalExists,
    ProposalInvalid,
    ProposalStale,
    ReasonRequired,
    ReviewerNotAllowed,
    ReviewRequired,
    SuggestionDecided,
    SuggestionInvalid,
    TransitionNotAllowed,
    VerdictAlreadyDrafted,
    VerdictAlreadyPublished,
    VerdictChangedSinceOpened,
    VerdictIncomplete,
    VerdictNotEditable,
    WorkflowError,
)
from .figures import figure_add, figure_remove, figure_update, figures_read
from .imports import claim_import_reviewed
from .merges import claim_merge, claim_unmerge
from .proposals import proposal_accept, proposal_make, proposal_reject, proposal_withdraw
from .rules import (
    CLAIM_ACTIONS,
    RATED_FIELDS,
    is_reviewer,
    may_import_reviews,
    require_may_import_reviews,
    require_review_to_change,
)
from .suggestions import claimant_for, suggestion_dismiss, suggestion_log
from .verdicts import (
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
    verdict_save,
    was_published,
)

__all__ = [
    "APPEARANCE_FIELDS",
    "CLAIM_ACTIONS",
    "RATED_FIELDS",
    "AppearanceChangedSinceOpened",
    "AppearanceExists",
    "AppearanceInvalid",
    "BothPublished",
    "ClaimChangedSinceOpened",
    "ClaimIncomplete",
    "ClaimantInUse",
    "CorrectionNoteRequired",
    "DiscrepancyInvalid",
    "DiscrepancyNoLongerHolds",
    "FigureInvalid",
    "FourEyesRule",
    "LastAppearance",
    "MergeNotAllowed",
    "NotPermitted",
    "ProposalDecided",
    "ProposalExists",
    "ProposalInvalid",
    "ProposalStale",
    "ReasonRequired",
    "ReviewRequired",
    "ReviewerNotAllowed",
    "SuggestionDecided",
    "SuggestionInvalid",
    "TransitionNotAllowed",
    "VerdictAlreadyDrafted",
    "VerdictAlreadyPublished",
    "VerdictChangedSinceOpened",
    "VerdictIncomplete",
    "VerdictNotEditable",
    "WorkflowError",
    "appearance_add",
    "appearance_remove",
    "appearance_split",
    "appearance_update",
    "appearances_changed",
    "claim_assign",
    "claim_check_rated_edit",
    "claim_check_unchanged",
    "claim_create",
    "claim_edited",
    "claim_import_reviewed",
    "claim_merge",
    "claim_submit",
    "claim_unmerge",
    "claim_unpublish",
    "claimant_for",
    "claimant_merge",
    "clean_appearance",
    "discrepancies_refresh",
    "discrepancy_confirm",
    "discrepancy_decide",
    "discrepancy_dismiss",
    "discrepancy_explain",
    "figure_add",
    "figure_remove",
    "figure_update",
    "figures_read",
    "is_reviewer",
    "may_import_reviews",
    "proposal_accept",
    "proposal_make",
    "proposal_reject",
    "proposal_withdraw",
    "require_appearances_editable",
    "require_free_place",
    "require_may_import_reviews",
    "require_review_to_change",
    "suggestion_dismiss",
    "suggestion_log",
    "verdict_correct",
    "verdict_discard",
    "verdict_draft",
    "verdict_publish",
    "verdict_save",
    "was_published",
]
