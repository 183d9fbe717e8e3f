"""POST /api/v1/claimreviews/import/: editors import, everyone else is refused in the error
shape."""

import pytest

from claims.models import Claim
from tests.claims.claimreview.documents import review
from tests.claims.helpers import token_client

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/claimreviews/import/"


def test_anonymous_clients_must_sign_in_to_import(anonymous):
    response = anonymous.post(IMPORT, review(), format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_researchers_and_reviewers_may_not_import(researcher_api, reviewer_api):
    for client in (researcher_api, reviewer_api):
        response = client.post(IMPORT, review(), format="json")
        assert response.status_code == 403
        assert set(response.json()) == {"code", "message", "fields"}
    assert not Claim.objects.exists()


def test_an_editor_imports_over_the_api_and_gets_the_report(editor):
    response = token_client(editor).post(IMPORT, [review(1), review(2)], format="json")

    assert response.status_code == 200
    report = response.json()
    assert [e["claim"] for e in report["created"]] == list(
        Claim.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert set(report) == {"created", "attached", "skipped"}


def test_a_document_with_an_entry_of_another_type_imports_nothing(editor):
    response = token_client(editor).post(IMPORT, [review(1), {"@type": "Thing"}], format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "import_refused"
    assert response.json()["fields"] == {
        "[1].@type": ["This entry is a 'Thing', not a ClaimReview."]
    }
    assert not Claim.objects.exists()


def test_a_body_that_is_no_claimreview_gets_the_error_shape(editor):
    response = token_client(editor).post(IMPORT, {"hello": "world"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "not_claimreview"
