"""The queries a finishing capture asks of a source's history read it through the index on
(source, status, finished_at): without it SQLite read every good capture of every source
for each capture that finished, and a capture's cost grew with the archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.health import health_after
from sources.models import Capture
from sources.services.captures import _previous
from tests.factories import CaptureFactory, SourceFactory

pytestmark = pytest.mark.django_db

INDEX = "capture_source_finished_idx"


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's few rows are cheaper to scan than to look up; say which index it
            # would take once they are not.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row) for row in cursor.fetchall())


def _reads_one_source_by_an_index(sql: str) -> bool:
    """SQLite takes the index on (source, status, finished_at), which the queries were
    written for; PostgreSQL may as well take the one on source alone and sort the source's
    few captures, as it does once other tests' rows have moved the table's statistics: either
    way it reads one source's captures, never the table."""
    plan = _plan(sql)
    if connection.vendor == "postgresql":
        return "Seq Scan" not in plan and "source_id =" in plan
    return INDEX in plan


def _history_queries(run) -> list[str]:
    """The SELECTs on captures that run asks which order a source's captures by finish."""
    with CaptureQueriesContext(connection) as queries:
        run()
    table = Capture._meta.db_table
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and table in q["sql"] and "finished_at" in q["sql"]
    ]


@pytest.fixture
def source():
    """A source among others, each with good and failed captures."""
    sources = [SourceFactory() for _ in range(3)]
    for each in sources:
        for status in [Capture.Status.FAILED, Capture.Status.SUCCEEDED] * 3:
            CaptureFactory(source=each, status=status)
    return sources[1]


def test_the_previous_good_copy_is_read_through_the_source_and_finish_index(source):
    capture = CaptureFactory(source=source, status=Capture.Status.RUNNING)

    [sql] = _history_queries(lambda: _previous(capture))

    assert _reads_one_source_by_an_index(sql), _plan(sql)


def test_health_reads_the_latest_and_the_baseline_through_the_same_index(source):
    sqls = _history_queries(lambda: health_after(source.pk))

    assert len(sqls) == 2  # the latest finished capture, then the first good one
    for sql in sqls:
        assert _reads_one_source_by_an_index(sql), sql
