"""The review workflow: every write that carries a rule about claims and verdicts.

The admin, the API and tasks call these functions and nothing else to move a claim or a
verdict along, so each rule lives here once. Each function is one transaction, takes the
acting user as `by`, and raises a WorkflowError subclass whose message tells a person what
to do. None of them looks at a request.

A claim moves draft → in review → published, and back to in review while its verdict is
corrected (until the correction is published or discarded) or after it is unpublished. A
verdict moves draft → published → superseded, or is discarded while it is a draft.

Callers import from `claims.services`; the modules are errors, rules (the state table, rated
fields, roles, four-eyes), rows (locks and history), claims, verdicts and imports.
"""

from .claims import (
    claim_assign,
    claim_check_rated_edit,
    claim_check_unchanged,
    claim_submit,
    claim_unpublish,
)
from .errors import (
    ClaimChangedSinceOpened,
    ClaimIncomplete,
    CorrectionNoteRequired,
    FourEyesRule,
    NotPermitted,
    ReasonRequired,
    ReviewerNotAllowed,
    TransitionNotAllowed,
    VerdictAlreadyDrafted,
    VerdictAlreadyPublished,
    VerdictChangedSinceOpened,
    VerdictIncomplete,
    VerdictNotEditable,
    WorkflowError,
)
from .imports import claim_import_reviewed
from .rules import (
    CLAIM_ACTIONS,
    RATED_FIELDS,
    is_reviewer,
    may_import_reviews,
    require_may_import_reviews,
)
from .verdicts import (
    verdict_correct,
    verdict_discard,
    verdict_draft,
    verdict_publish,
    verdict_save,
    was_published,
)

__all__ = [
    "CLAIM_ACTIONS",
    "RATED_FIELDS",
    "ClaimChangedSinceOpened",
    "ClaimIncomplete",
    "CorrectionNoteRequired",
    "FourEyesRule",
    "NotPermitted",
    "ReasonRequired",
    "ReviewerNotAllowed",
    "TransitionNotAllowed",
    "VerdictAlreadyDrafted",
    "VerdictAlreadyPublished",
    "VerdictChangedSinceOpened",
    "VerdictIncomplete",
    "VerdictNotEditable",
    "WorkflowError",
    "claim_assign",
    "claim_check_rated_edit",
    "claim_check_unchanged",
    "claim_import_reviewed",
    "claim_submit",
    "claim_unpublish",
    "is_reviewer",
    "may_import_reviews",
    "require_may_import_reviews",
    "verdict_correct",
    "verdict_discard",
    "verdict_draft",
    "verdict_publish",
    "verdict_save",
    "was_published",
]
