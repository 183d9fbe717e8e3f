"""Prepared queries return what the ORM's own values() returns, compiled once a connection."""

import datetime
import gc
import threading
import weakref

import pytest
from django.db import connection, connections
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.site.prepared import Param, Prepared
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

FIELDS = (
    "slug",
    "created_at",
    "first_appearance__made_on",
    "first_appearance__quote_start",
    "claimant__name",
    "first_appearance__source__url",
)


def _by_article():
    return (
        Claim.objects.filter(first_appearance__source_id=Param("article"))
        .exclude(slug=Param("slug"))
        .order_by("pk")
        .values(*FIELDS)
    )


def test_rows_hold_what_the_orm_returns_converted_and_nested():
    article = SourceFactory()
    made = ClaimFactory(appearance=article, made_on=datetime.date(2014, 8, 26))
    undated = ClaimFactory(appearance=article, made_on=None)
    skipped = ClaimFactory(appearance=article)
    ClaimFactory()  # another article's

    rows = Prepared(_by_article).rows(article=article.pk, slug=skipped.slug)

    expected = list(
        Claim.objects.filter(first_appearance__source=article)
        .exclude(pk=skipped.pk)
        .order_by("pk")
        .values(*FIELDS)
    )
    assert [row.slug for row in rows] == [made.slug, undated.slug]
    for row, want in zip(rows, expected, strict=True):
        assert row.first_appearance.made_on == want["first_appearance__made_on"]
        # Converted as the ORM converts: a date, and an aware datetime, on every backend.
        assert row.created_at == want["created_at"]
        assert row.created_at.tzinfo is not None
        assert row.first_appearance.quote_start is None
        assert row.claimant.name == want["claimant__name"]
        assert (
            row.first_appearance.source.url == want["first_appearance__source__url"] == article.url
        )
    assert rows[0].first_appearance.made_on == datetime.date(2014, 8, 26)


def test_it_builds_the_sql_once_and_runs_it_with_each_call_s_values():
    first, second = SourceFactory(), SourceFactory()
    in_first = ClaimFactory(appearance=first)
    in_second = ClaimFactory(appearance=second)
    builds = []

    def build():
        builds.append(1)
        return _by_article()

    prepared = Prepared(build)
    with CaptureQueriesContext(connection) as queries:
        found_first = prepared.rows(article=first.pk, slug="")
        found_second = prepared.rows(article=second.pk, slug="")

    assert [row.slug for row in found_first] == [in_first.slug]
    assert [row.slug for row in found_second] == [in_second.slug]
    assert len(builds) == 1
    assert len(queries) == 2
    assert prepared.first(article=first.pk, slug=in_first.slug) is None


def test_a_value_left_out_is_an_error_not_a_query_without_it():
    prepared = Prepared(_by_article)
    with pytest.raises(KeyError, match="slug"):
        prepared.rows(article=1)


def test_only_a_values_queryset_can_be_prepared():
    with pytest.raises(TypeError, match="values"):
        Prepared(lambda: Claim.objects.filter(slug=Param("slug"))).rows(slug="x")


def test_a_field_a_dict_method_would_hide_is_refused():
    with pytest.raises(ValueError, match="items"):
        Prepared(lambda: Claim.objects.values(items=F("text"))).rows()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_thread_s_connection_goes_when_the_thread_is_done_with_it():
    """Each thread has its own connection; compiling on it must not keep it alive."""
    prepared = Prepared(_by_article)
    gone = []

    def read() -> None:
        prepared.rows(article=1, slug="")
        gone.append(weakref.ref(connections["default"]))
        connections.close_all()

    for _ in range(3):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    gc.collect()

    assert len(gone) == 3
    assert [ref() for ref in gone] == [None, None, None]
