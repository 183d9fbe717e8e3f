"""What a public page shows of a published claim changes in the admin only through a reviewer:
a researcher's post of a claimant, a source, a claim's citations or an appearance's chain is
refused on the form, with nothing saved; a reviewer's is saved, kept in the row's history with
who made it, and shown to readers at once. Drafts stay the researcher's to change."""

import pytest
from django.urls import reverse

from claims.models import Citation
from tests.adminforms import form_data
from tests.claims.helpers import publish
from tests.factories import (
    AttributionFactory,
    ClaimantFactory,
    ReadyClaimFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_page_cache")]

REFUSED = "only a reviewer (a member of Reviewers) can change it"


@pytest.fixture
def published(researcher, reviewer):
    claim = ReadyClaimFactory(
        created_by=researcher,
        text="The bridge was closed all week.",
        claimant=ClaimantFactory(name="Ministry of Transport"),
        appearance=SourceFactory(title="Bridge traffic resumes", publisher="Daily Bridge"),
    )
    AttributionFactory(claim=claim, position=1, verb="citing")
    publish(claim, researcher=researcher, reviewer=reviewer)
    claim.refresh_from_db()
    return claim


def _post(client, url: str, changes: dict, on_commit):
    data = form_data(client, url)
    data.update(changes)
    with on_commit(execute=True):
        return client.post(url, data)


def _claimant_url(claim) -> str:
    return reverse("admin:claims_claimant_change", args=[claim.claimant_id])


def _source_url(claim) -> str:
    return reverse("admin:sources_source_change", args=[claim.first_appearance.source_id])


def _claim_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def _appearance_url(claim) -> str:
    return reverse("admin:claims_appearance_change", args=[claim.first_appearance_id])


def _page(client, claim) -> str:
    return client.get(f"/claims/{claim.slug}/").content.decode()


def _refused(response) -> None:
    assert response.status_code == 200, response.status_code
    assert REFUSED in response.content.decode()


def test_a_researcher_cannot_rename_a_published_claimant_or_change_its_kind(
    researcher_client, published, django_capture_on_commit_callbacks
):
    for change in ({"name": "Ministry of Infrastructure"}, {"kind": "media"}):
        _refused(
            _post(
                researcher_client,
                _claimant_url(published),
                change,
                django_capture_on_commit_callbacks,
            )
        )
    published.claimant.refresh_from_db()
    assert (published.claimant.name, published.claimant.kind) == ("Ministry of Transport", "person")


def test_a_researcher_cannot_change_a_published_claims_source(
    researcher_client, published, django_capture_on_commit_callbacks
):
    for change in ({"publisher": "Someone else"}, {"title": "Retitled"}):
        _refused(
            _post(
                researcher_client,
                _source_url(published),
                change,
                django_capture_on_commit_callbacks,
            )
        )
    source = published.first_appearance.source
    source.refresh_from_db()
    assert (source.title, source.publisher) == ("Bridge traffic resumes", "Daily Bridge")


def test_a_researcher_cannot_change_add_or_remove_a_published_claims_citations(
    researcher_client, published, django_capture_on_commit_callbacks
):
    new_source = SourceFactory(title="Unreviewed")
    changes = [
        {"citations-0-role": "refutes"},
        {"citations-0-DELETE": "on"},
        {"citations-1-source": str(new_source.pk), "citations-1-role": "refutes"},
    ]
    for change in changes:
        _refused(
            _post(
                researcher_client, _claim_url(published), change, django_capture_on_commit_callbacks
            )
        )
    assert list(published.citations.values_list("source", "role")) == [
        (published.first_appearance.source_id, Citation.Role.ORIGIN)
    ]


def test_a_researcher_cannot_change_or_extend_a_published_claims_chain(
    researcher_client, published, django_capture_on_commit_callbacks
):
    changes = [
        {"attributions-0-verb": "quoting"},
        {
            "attributions-1-position": "2",
            "attributions-1-claimant": str(ClaimantFactory().pk),
            "attributions-1-verb": "said",
        },
    ]
    for change in changes:
        _refused(
            _post(
                researcher_client,
                _appearance_url(published),
                change,
                django_capture_on_commit_callbacks,
            )
        )
    assert list(published.first_appearance.attributions.values_list("verb", flat=True)) == [
        "citing"
    ]


def test_a_reviewers_admin_changes_show_at_once_and_are_kept_with_who_made_them(
    client, reviewer_client, reviewer, published, django_capture_on_commit_callbacks
):
    assert "Daily Bridge" in _page(client, published)
    posts = [
        (_claimant_url(published), {"name": "Ministry of Infrastructure"}),
        (_source_url(published), {"publisher": "Bridge Weekly"}),
        (_claim_url(published), {"citations-0-role": "refutes", "place": "Kyiv"}),
        (_appearance_url(published), {"attributions-0-verb": "quoting"}),
    ]
    for url, changes in posts:
        response = _post(reviewer_client, url, changes, django_capture_on_commit_callbacks)
        assert response.status_code == 302, response.context and response.context["errors"]

    html = _page(client, published)
    assert "Ministry of Infrastructure" in html
    assert "Bridge Weekly" in html
    assert '<span class="role role--refutes">' in html
    assert ", Kyiv." in html
    assert ">quoting<" in html
    claimant_entry = published.claimant.history.first()
    source_entry = published.first_appearance.source.history.first()
    assert (claimant_entry.name, claimant_entry.history_user) == (
        "Ministry of Infrastructure",
        reviewer,
    )
    assert (source_entry.publisher, source_entry.history_user) == ("Bridge Weekly", reviewer)


def test_claimant_and_source_history_pages_list_each_change_and_who_made_it(
    reviewer_client, published, django_capture_on_commit_callbacks
):
    _post(
        reviewer_client,
        _claimant_url(published),
        {"name": "Ministry of Infrastructure"},
        django_capture_on_commit_callbacks,
    )
    _post(
        reviewer_client,
        _source_url(published),
        {"publisher": "Bridge Weekly"},
        django_capture_on_commit_callbacks,
    )

    for name, row in (
        ("claims_claimant", published.claimant),
        ("sources_source", published.first_appearance.source),
    ):
        page = reviewer_client.get(reverse(f"admin:{name}_history", args=[row.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "victor-reviewer" in html
        # Each version has its own page, from which a reviewer may revert to it.
        for entry in row.history.all():
            assert reverse(f"admin:{name}_simple_history", args=[row.pk, entry.pk]) in html


def test_a_researcher_cannot_revert_a_published_claimant_from_its_history(
    researcher_client, reviewer_client, published, django_capture_on_commit_callbacks
):
    _post(
        reviewer_client,
        _claimant_url(published),
        {"name": "Ministry of Infrastructure"},
        django_capture_on_commit_callbacks,
    )
    earlier = published.claimant.history.earliest()
    url = reverse("admin:claims_claimant_simple_history", args=[published.claimant_id, earlier.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(url, form_data(researcher_client, url))

    _refused(response)
    published.claimant.refresh_from_db()
    assert published.claimant.name == "Ministry of Infrastructure"


def test_a_reviewer_reverts_a_published_claimant_from_its_history(
    reviewer_client, published, django_capture_on_commit_callbacks
):
    _post(
        reviewer_client,
        _claimant_url(published),
        {"name": "Ministry of Infrastructure"},
        django_capture_on_commit_callbacks,
    )
    earlier = published.claimant.history.earliest()
    url = reverse("admin:claims_claimant_simple_history", args=[published.claimant_id, earlier.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(url, form_data(reviewer_client, url))

    assert response.status_code == 302, response.context and response.context["errors"]
    published.claimant.refresh_from_db()
    assert published.claimant.name == "Ministry of Transport"


def test_a_researcher_still_changes_a_drafts_citations_claimant_and_source(
    researcher_client, researcher, django_capture_on_commit_callbacks
):
    draft = ReadyClaimFactory(created_by=researcher, claimant=ClaimantFactory(name="Unseen"))
    posts = [
        (_claimant_url(draft), {"name": "Still unseen"}),
        (_source_url(draft), {"publisher": "Another outlet"}),
        (_claim_url(draft), {"citations-0-role": "supports", "place": "Kyiv"}),
    ]
    for url, changes in posts:
        response = _post(researcher_client, url, changes, django_capture_on_commit_callbacks)
        assert response.status_code == 302, response.context and response.context["errors"]
    draft.refresh_from_db()
    assert (draft.claimant.name, draft.place) == ("Still unseen", "Kyiv")
    assert draft.citations.get().role == "supports"
