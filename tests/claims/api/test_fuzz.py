"""schemathesis against the live schema: generated requests to every operation, as an
anonymous client and as a researcher with a token, and to every write as a reviewer and as an
editor, must get no server error and only responses the schema describes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims import services
from claims.models import (
    Appearance,
    Attribution,
    Citation,
    Claim,
    Claimant,
    ClaimantName,
    Discrepancy,
    Figure,
    Proposal,
    Rating,
    Verdict,
)
from config.accounts.tokens import token_create
from sources.models import Source
from tests.claims.helpers import publish
from tests.factories import (
    AppearanceFactory,
    AttributionFactory,
    ClaimantNameFactory,
    ReadyClaimFactory,
    SourceFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded and derandomised: the same examples every run, the whole file within a minute or two.
FUZZ = settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


# The schema is read from the live endpoint when the module loads, through an application
# built without the HTTPS redirect, so its middleware serves plain HTTP to the fuzzer.
with override_settings(SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _published_data(db, settings, monkeypatch, researcher, reviewer):
    settings.ALLOWED_HOSTS = ["localhost"]
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"}
    )
    publish(ReadyClaimFactory(created_by=researcher), researcher=researcher, reviewer=reviewer)
    # Requests run inside the test's transaction; like Django's test client, keep the end of
    # a request from closing the connection that holds it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def token_header(user) -> dict[str, str]:
    _, key = token_create(user=user)
    return {"Authorization": f"Token {key}"}


@schema.parametrize()
@FUZZ
def test_anonymous_requests_get_no_server_error_and_match_the_schema(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_researcher_requests_get_no_server_error_and_match_the_schema(case, researcher):
    case.call_and_validate(checks=CHECKS, headers=token_header(researcher))


# Reviewers and editors get past the permission checks that stop the roles above at the
# workflow's writes: publish, correct, discard, unpublish, import, merge, split. Only writes
# are fuzzed as them, since they read what a researcher reads.
WRITES = schema.include(method=["POST", "PUT", "PATCH", "DELETE"])
MODELS = {
    "claims": Claim,
    "verdicts": Verdict,
    "appearances": Appearance,
    "attributions": Attribution,
    "figures": Figure,
    "citations": Citation,
    "claimants": Claimant,
    "claimant-names": ClaimantName,
    "sources": Source,
    "proposals": Proposal,
    "discrepancies": Discrepancy,
}
# Body fields that name another row, and the rows they name; None: a row of the path's own
# kind (the claim or claimant merged into).
REFERENCES = {
    "claim": "claims",
    "appearance": "appearances",
    "claimant": "claimants",
    "into": None,
    "claimant_id": "claimants",
    "appearance_id": "sources",
    "source_id": "sources",
    "reviewer": "usernames",
}


@pytest.fixture
def workflow_rows(researcher, reviewer, second_reviewer, editor) -> dict[str, list]:
    """Rows in each state a workflow write starts from, by what names them: besides the
    published claim, a draft claim, a claim in review with a draft verdict, and one its
    editor logged, whose verdict the editor may publish only with an override reason; the
    draft appeared twice (so one appearance may be removed or split out), and its claimant
    has another name."""
    draft = ReadyClaimFactory(created_by=researcher)
    AppearanceFactory(claim=draft, source=draft.first_appearance.source, position=5)
    ClaimantNameFactory(claimant=draft.claimant)
    for logged_by in (researcher, editor):
        claim = ReadyClaimFactory(created_by=logged_by)
        AttributionFactory(claim=claim)
        services.claim_submit(claim=claim, by=logged_by, reviewer=reviewer)
        services.verdict_draft(
            claim=claim,
            by=reviewer,
            rating=Rating.objects.get(slug="mostly-false"),
            summary="Not what the figures say.",
        )
    # A pending proposal from the researcher, for a reviewer to accept, reject or withdraw.
    origin = Citation.objects.filter(claim__status=Claim.Status.PUBLISHED).first()
    services.proposal_make(
        claim=origin.claim,
        by=researcher,
        kind=Proposal.Kind.CITATION_CHANGE,
        target_id=origin.pk,
        values={"role": "refutes"},
        reason="The source says the opposite.",
    )
    # The factories write appearances as rows; their quotes ("… of claim 12") have figures.
    for appearance in Appearance.objects.all():
        services.figures_read(appearance)
    # Two of the draft's sources count shells differently: a pair for reviewers to decide.
    for quote in ("Seven shells hit the hospital", "Six shells hit the hospital"):
        services.appearance_add(claim=draft, by=researcher, source=SourceFactory(), quote=quote)
    rows = {
        resource: sorted(model.objects.values_list("pk", flat=True))
        for resource, model in MODELS.items()
    }
    rows["usernames"] = [u.username for u in (reviewer, second_reviewer, editor, researcher)]
    return rows


def call_as(user, case, rows: dict[str, list], row: int | None) -> None:
    """Call the case with user's token. Given a row, its id and the rows its body names are
    swapped for existing ones, which generated values almost never name."""
    resource = case.operation.path.split("/")[3]
    if row is not None:
        if "id" in (case.path_parameters or {}):
            ids = rows[resource]
            case.path_parameters["id"] = ids[row % len(ids)]
        if isinstance(case.body, dict):
            for field in REFERENCES.keys() & case.body.keys():
                named = rows[REFERENCES[field] or resource]
                case.body[field] = named[row % len(named)]
    case.call_and_validate(checks=CHECKS, headers=token_header(user))


@WRITES.parametrize()
@WRITES.given(row=st.none() | st.integers(min_value=0, max_value=8))
@FUZZ
def test_reviewer_writes_get_no_server_error_and_match_the_schema(
    case, row, reviewer, workflow_rows
):
    call_as(reviewer, case, workflow_rows, row)


@WRITES.parametrize()
@WRITES.given(row=st.none() | st.integers(min_value=0, max_value=8))
@FUZZ
def test_editor_writes_get_no_server_error_and_match_the_schema(case, row, editor, workflow_rows):
    call_as(editor, case, workflow_rows, row)


CLAIM_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.net/reviews/1",
    "claimReviewed": "Bread prices doubled last year.",
    "datePublished": "2024-03-01",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Jane Minister"},
        "appearance": {"@type": "CreativeWork", "url": "https://news.example.org/bread"},
    },
}


def write(user, path: str, body, *, pk: int | None = None, status: int = 200, method="POST"):
    """Make one request as user, checked as the fuzzed ones are, and expect status."""
    operation = schema[f"/api/v1/{path}"][method]
    parts = {"path_parameters": None if pk is None else {"id": pk}}
    if body is not None:
        parts["query" if method == "GET" else "body"] = body
    case = operation.Case(**parts)
    response = case.call_and_validate(checks=CHECKS, headers=token_header(user))
    assert response.status_code == status, response.text
    return response


def test_each_workflow_write_that_succeeds_answers_as_the_schema_says(
    researcher, reviewer, second_reviewer, editor
):
    """Generated bodies seldom get a write through, so each one is also made as it should be,
    its success response checked against the schema like the fuzzed ones."""

    claim = ReadyClaimFactory(created_by=researcher)
    write(editor, "claims/{id}/submit/", {"reviewer": reviewer.username}, pk=claim.pk)
    write(reviewer, "claims/{id}/assign/", {"reviewer": second_reviewer.username}, pk=claim.pk)
    drafted = write(
        second_reviewer,
        "verdicts/",
        {"claim": claim.pk, "rating": "false", "summary": "Out of date."},
        status=201,
    ).json()
    write(second_reviewer, "verdicts/{id}/publish/", {}, pk=drafted["id"])
    correction = write(
        reviewer,
        "verdicts/{id}/correct/",
        {"correction_note": "A typo."},
        pk=drafted["id"],
        status=201,
    ).json()
    write(
        reviewer, "verdicts/{id}/discard/", {"reason": "No typo."}, pk=correction["id"], status=204
    )
    write(editor, "claims/{id}/unpublish/", {"reason": "Under legal review."}, pk=claim.pk)

    logged = ReadyClaimFactory(created_by=editor)
    services.claim_submit(claim=logged, by=editor, reviewer=reviewer)
    verdict = services.verdict_draft(
        claim=logged, by=reviewer, rating=Rating.objects.get(slug="true"), summary="Right."
    )
    write(
        editor, "verdicts/{id}/publish/", {"override_reason": "Only reviewer away."}, pk=verdict.pk
    )

    report = write(editor, "claimreviews/import/", CLAIM_REVIEW).json()
    assert len(report["created"]) == 1, report


def test_each_appearance_merge_and_name_write_that_succeeds_answers_as_the_schema_says(
    researcher, reviewer
):
    """The same for the writes of appearances, merges, splits and claimants' names."""
    claim = ReadyClaimFactory(created_by=researcher)
    other = ReadyClaimFactory(created_by=researcher, claimant=claim.claimant)
    source = claim.first_appearance.source
    added = write(
        researcher,
        "appearances/",
        {
            "claim": claim.pk,
            "source_id": source.pk,
            "quote": "the words in a caption",
            "position": 9,
            "original_language": "ru",
            "translated_by": "outlet",
        },
        status=201,
    ).json()
    write(
        researcher,
        "appearances/{id}/",
        {"made_on": None, "revision": added["revision"]},
        pk=added["id"],
        method="PATCH",
    )
    write(
        researcher,
        "claims/{id}/",
        {"quote": "the words as published", "made_on": "2014-08-20"},
        pk=claim.pk,
        method="PATCH",
    )
    split = write(
        reviewer, "appearances/{id}/split/", {"reason": "Two claims."}, pk=added["id"], status=201
    ).json()
    write(reviewer, "claims/{id}/merge/", {"into": claim.pk, "reason": "One."}, pk=split["id"])
    write(reviewer, "claims/{id}/unmerge/", {"reason": "Two after all."}, pk=split["id"])
    write(reviewer, "claims/{id}/merge/", {"into": claim.pk, "reason": "One."}, pk=other.pk)
    write(researcher, "claims/{id}/", None, pk=other.pk, method="GET")
    moved = other.first_appearance_id
    write(researcher, "appearances/{id}/", None, pk=moved, method="DELETE", status=204)

    name = write(
        researcher,
        "claimant-names/",
        {"claimant": claim.claimant_id, "name": "Мильчаков", "kind": "original", "language": "ru"},
        status=201,
    ).json()
    write(researcher, "claimants/similar/", {"name": "Milchakov"}, method="GET")
    twin = Claimant.objects.create(name="Milchakov", slug="milchakov", kind="person")
    kept = write(reviewer, "claimants/{id}/merge/", {"into": claim.claimant_id}, pk=twin.pk).json()
    assert {n["id"] for n in kept["names"]} >= {name["id"]}
