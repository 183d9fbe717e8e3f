"""The public lists at a newsroom's scale, on PostgreSQL: at 100,000 public claims the list,
a search and a claimant's page read their indexes, never the whole claims table (EXPLAIN
ANALYZE: no sequential scan of it reads more rows than the page counts); and a
statement that runs past the page's deadline becomes a 503 page, not a worker held."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from claims.models import Claim, Rating, Verdict
from claims.site import reads
from claims.site.paging import COUNT_UP_TO
from tests.factories import ClaimantFactory, UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the plans and the statement timeout are PostgreSQL's; SQLite has neither",
)

ROWS = 100_000


def _columns(table: str, leave_out: set[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position",
            [table],
        )
        return [name for (name,) in cursor.fetchall() if name not in leave_out]


def _hundred_thousand_public_claims() -> tuple[int, int]:
    """ROWS published claims of one claimant, one in 50 about shelling, each with its own
    published verdict, copied in SQL from one claim written with the ORM: the ORM would
    take minutes. Returns the claimant's id and the id of another claimant with a few."""
    busy, few = ClaimantFactory(name="Busy Ministry"), ClaimantFactory(name="Quiet Office")
    reviewer, now = UserFactory(), timezone.now()
    model = Claim.objects.create(
        slug="model", text="model", claimant=busy, status=Claim.Status.PUBLISHED
    )
    verdict = Verdict.objects.create(
        claim=model,
        rating=Rating.objects.get(slug="false"),
        summary="It reopened.",
        reviewer=reviewer,
        status=Verdict.Status.PUBLISHED,
        published_at=now,
    )
    claim_columns = _columns(
        "claims_claim", {"id", "slug", "text", "claimant_id", "appearance_words"}
    )
    verdict_columns = _columns("claims_verdict", {"id", "claim_id", "published_at"})
    # The column names are the database's own, read from information_schema.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO claims_claim (slug, text, claimant_id, appearance_words, "  # noqa: S608
            f"{', '.join(claim_columns)}) "
            "SELECT 'bridge-' || g, 'The bridge number ' || g || CASE WHEN g %% 50 = 0 "
            "THEN ' was shelled overnight.' ELSE ' was closed all week.' END, "
            "CASE WHEN g %% 1000 = 0 THEN %s ELSE %s END, 'bridge ' || g, "
            f"{', '.join(f'c.{name}' for name in claim_columns)} "
            "FROM claims_claim c, generate_series(1, %s) g WHERE c.id = %s",
            [few.pk, busy.pk, ROWS, model.pk],
        )
        cursor.execute(
            f"INSERT INTO claims_verdict (claim_id, published_at, {', '.join(verdict_columns)}) "  # noqa: S608
            "SELECT c.id, %s - (c.id || ' seconds')::interval, "
            f"{', '.join(f'v.{name}' for name in verdict_columns)} "
            "FROM claims_claim c, claims_verdict v WHERE v.id = %s AND c.id <> %s",
            [now, verdict.pk, model.pk],
        )
        cursor.execute(
            "UPDATE claims_claim c SET published_verdict_id = v.id, "
            "verdict_published_at = v.published_at FROM claims_verdict v "
            "WHERE v.claim_id = c.id AND v.status = 'published'"
        )
        cursor.execute("ANALYZE claims_claim, claims_verdict, claims_claimant")
    return busy.pk, few.pk


def _plan(queryset) -> str:
    return queryset.explain(analyze=True)


def _claims_read_by_scanning(plan: str) -> int:
    """How many claim rows the plan's sequential scans of the claims table read: the rows
    they returned and those their filters removed (a scan under a LIMIT stops early)."""
    read, lines = 0, plan.splitlines()
    for i, line in enumerate(lines):
        if "Seq Scan on claims_claim " in line:
            returned = re.search(r"actual time=\S+ rows=(\d+) loops=(\d+)", line)
            read += int(returned.group(1)) * int(returned.group(2))
            for below in lines[i + 1 : i + 4]:
                removed = re.search(r"Rows Removed by Filter: (\d+)", below)
                if removed:
                    read += int(removed.group(1))
    return read


@pytest.mark.django_db
def test_list_search_and_claimant_pages_read_their_indexes_at_100000_claims():
    busy, few = _hundred_thousand_public_claims()
    newest = reads.search_claims(reads.ClaimFilters())
    shelled = reads.search_claims(reads.ClaimFilters(q="shelled", sort="relevance"))
    shelled_newest = reads.search_claims(reads.ClaimFilters(q="shelled", sort="newest"))
    for sort in ("relevance", "newest"):
        hits = reads.search_claims(reads.ClaimFilters(q="shelled", sort=sort))
        assert hits.count() == ROWS // 50, sort
    by_claimant = {
        pk: reads.published_claims().filter(claimant_id=pk).order_by("-verdict_published_at", "-pk")
        for pk in (busy, few)
    }
    plans = {
        "list page ids": _plan(newest.values_list("pk", flat=True)[:21]),
        "list page count": _plan(newest.order_by().values("pk")[: COUNT_UP_TO + 1]),
        "search ids": _plan(shelled.values_list("pk", flat=True)[:21]),
        "search ids, newest": _plan(shelled_newest.values_list("pk", flat=True)[:21]),
        "search count": _plan(shelled.order_by().values("pk")[: COUNT_UP_TO + 1]),
        "claimant page ids": _plan(by_claimant[busy].values_list("pk", flat=True)[:21]),
        "small claimant page ids": _plan(by_claimant[few].values_list("pk", flat=True)[:21]),
        "a page's rows": _plan(reads.claim_rows(list(newest.values_list("pk", flat=True)[:20]))),
    }
    for name, plan in plans.items():
        # A page reads at most what it counts; never the 100,000 claims.
        assert _claims_read_by_scanning(plan) <= COUNT_UP_TO + 1, f"{name}:\n{plan}"
    assert "claim_search_idx" in plans["search count"], plans["search count"]
    assert "Index" in plans["small claimant page ids"], plans["small claimant page ids"]


def _hold_the_claims_table(locked: threading.Event, release: threading.Event) -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE claims_claim IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(timeout=30)
            cursor.execute("ROLLBACK")
    finally:
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(CLAIMTRAIL_PAGE_STATEMENT_TIMEOUT_MS=300, CLAIMTRAIL_PAGE_CACHE_SECONDS=0)
def test_a_page_whose_query_runs_past_the_deadline_is_a_503_page(client, publish):
    claim = publish(text="A claim behind a locked table.")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_the_claims_table, args=(locked, release))
    holder.start()
    try:
        assert locked.wait(timeout=10)
        response = client.get(f"/claims/{claim.slug}/")
        listed = client.get("/claims/?q=claim")
    finally:
        release.set()
        holder.join(timeout=30)

    for page in (response, listed):
        assert page.status_code == 503
        assert page["Retry-After"] == "30"
        assert "This page took too long" in page.content.decode()
    # Once the statement is not held up, the same page is served, on the same connection.
    assert client.get(f"/claims/{claim.slug}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0", "the deadline outlived the page's transaction"
