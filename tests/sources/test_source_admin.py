import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from sources.models import Capture, Source
from tests.adminforms import form_data
from tests.factories import CaptureFactory, SourceFactory

ADD_URL = reverse("admin:sources_source_add")


def _add_source(client: Client, **fields):
    data = form_data(client, ADD_URL)
    data.update({"title": "A report", "kind": "article", **fields})
    return client.post(ADD_URL, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(document.cookie)", "Only http:// and https:// addresses"),
        ("file:///etc/passwd", "Only http:// and https:// addresses"),
        ("ftp://example.org/report.pdf", "Only http:// and https:// addresses"),
        ("data:text/html;base64,PGgxPg==", "Only http:// and https:// addresses"),
        ("https://", "no host name"),
        ("example.org/report", "Add http:// or https://"),
    ],
)
def test_it_refuses_a_url_that_is_not_http_and_says_why(researcher_client, url, reason):
    response = _add_source(researcher_client, url=url)
    assert response.status_code == 200
    assert reason in response.context["adminform"].form.errors["url"][0]
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_researcher_adds_a_source_stored_normalised_and_owned_by_them(
    researcher_client, researcher
):
    response = _add_source(
        researcher_client, url="https://News.Example.org/story?utm_source=twitter#top"
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.url == "https://news.example.org/story"
    assert source.created_by == researcher


@pytest.mark.django_db
def test_a_duplicate_url_is_refused_with_a_link_to_the_existing_source(researcher_client):
    existing = SourceFactory(url="https://news.example.org/story")
    response = _add_source(researcher_client, url="HTTPS://news.example.org:443/story#comments")
    assert response.status_code == 200
    error = response.context["adminform"].form.errors["url"][0]
    assert "already a source" in error
    assert reverse("admin:sources_source_change", args=[existing.pk]) in error
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_saving_a_source_unchanged_is_not_a_duplicate_of_itself(researcher_client):
    source = SourceFactory(url="https://news.example.org/story")
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = form_data(researcher_client, url)
    data["title"] = "Renamed"
    response = researcher_client.post(url, data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Renamed"


@pytest.mark.django_db
def test_sources_are_searchable_by_publisher_and_filterable_by_kind(researcher_client):
    SourceFactory(title="Refugee figures", publisher="UNHCR", kind="report")
    SourceFactory(title="Morgue visit", publisher="VICE News", kind="article")
    changelist = reverse("admin:sources_source_changelist")
    found = researcher_client.get(changelist, {"q": "UNHCR"}).context["cl"].result_list
    assert [s.title for s in found] == ["Refugee figures"]
    found = researcher_client.get(changelist, {"kind__exact": "article"}).context["cl"].result_list
    assert [s.title for s in found] == ["Morgue visit"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_researchers_saving_the_same_url_at_once_get_one_source_and_a_form_error(
    researcher_client,
):
    url = "https://news.example.org/race"
    inserted = threading.Event()
    saw_the_other_writer_wait = []

    def first_researcher():
        # Insert in an open transaction, wait until the second researcher's insert is
        # blocked on our row in the unique index, then commit: the race, made certain.
        try:
            with transaction.atomic():
                Source.objects.create(url=url, title="First")
                inserted.set()
                deadline = time.monotonic() + 10
                with connection.cursor() as cursor:
                    while time.monotonic() < deadline:
                        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                        if cursor.fetchone()[0]:
                            saw_the_other_writer_wait.append(True)
                            break
                        time.sleep(0.02)
        finally:
            connection.close()

    thread = threading.Thread(target=first_researcher)
    data = form_data(researcher_client, ADD_URL)
    data.update({"url": url, "title": "Second", "kind": "article"})
    thread.start()
    assert inserted.wait(10)
    response = researcher_client.post(ADD_URL, data)
    thread.join(15)

    assert saw_the_other_writer_wait, "the second save never reached the database"
    assert response.status_code == 200
    assert "already a source" in response.context["adminform"].form.errors["url"][0]
    assert list(Source.objects.values_list("title", flat=True)) == ["First"]


@pytest.mark.django_db
def test_a_saved_sources_url_cannot_be_changed_so_its_captures_stay_archives_of_it(
    researcher_client,
):
    capture = CaptureFactory(status=Capture.Status.SUCCEEDED)
    source = capture.source
    archived_url = source.url
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = form_data(researcher_client, url)
    assert "url" not in data, "the change form shows the address, without a field for it"
    data.update({"url": "https://elsewhere.example.org/other", "title": "Renamed"})

    response = researcher_client.post(url, data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Renamed"
    assert source.url == archived_url
    assert list(source.captures.all()) == [capture]


@pytest.mark.django_db
def test_saving_a_source_in_the_admin_queues_its_capture(
    researcher_client, filesystem_broker, django_capture_on_commit_callbacks
):
    url = reverse("admin:sources_source_add")
    data = form_data(researcher_client, url)
    data.update({"url": "https://news.example.org/new", "title": "New", "kind": "article"})
    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(url, data)
    assert response.status_code == 302
    assert Source.objects.get().captures.get().status == Capture.Status.QUEUED
    assert filesystem_broker.queued_messages() == 1


@pytest.mark.django_db
def test_the_recapture_action_queues_a_new_capture(
    researcher_client, filesystem_broker, django_capture_on_commit_callbacks
):
    done = CaptureFactory(status=Capture.Status.SUCCEEDED)
    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(
            reverse("admin:sources_source_changelist"),
            {"action": "recapture", "_selected_action": [done.source_id]},
            follow=True,
        )
    assert "Queued 1 capture" in response.content.decode()
    assert done.source.captures.filter(status=Capture.Status.QUEUED).count() == 1
    assert filesystem_broker.queued_messages() == 1


@pytest.mark.django_db
def test_the_source_list_shows_the_last_capture_and_its_error(researcher_client):
    capture = CaptureFactory(
        status=Capture.Status.FAILED, error_code=Capture.ErrorCode.DNS, error_message="No host."
    )
    page_html = researcher_client.get(reverse("admin:sources_source_changelist")).content
    assert b"Failed (Host name not found)" in page_html
    detail = researcher_client.get(reverse("admin:sources_source_change", args=[capture.source_id]))
    assert b"No host." in detail.content
