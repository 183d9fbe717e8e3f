"""Migration 0019 records on each claim who last changed the words its verdict rates, from the
claim's and its appearances' history where they say and from who logged it otherwise; starts
each claimant's history; and lets reviewers change claimants and chains. Run on rows written
as the tracker wrote them before it, on the suite's database."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from claims.models import Claim, Claimant
from claims.similar.lexical import ensure_sqlite_index

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("claims", "0018_claim_trigram_index")]
DAY = timezone.make_aware(datetime.datetime(2014, 8, 26, 12, 0))


def _at(hours: int) -> datetime.datetime:
    return DAY + datetime.timedelta(hours=hours)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "claims"]
    return executor.loader.project_state([*targets, *others]).apps


def _as_it_was(apps) -> dict:
    """Three claims as 0018 kept them: one reworded by a reviewer and then only moved along
    by someone else; one whose appearance's words were rewritten last; one with no history."""
    User = apps.get_model("auth", "User")
    Source = apps.get_model("sources", "Source")
    Claimant = apps.get_model("claims", "Claimant")
    Claim = apps.get_model("claims", "Claim")
    HistoricalClaim = apps.get_model("claims", "HistoricalClaim")
    HistoricalAppearance = apps.get_model("claims", "HistoricalAppearance")
    logger, rewriter, quoter, mover = (
        User.objects.create(username=name) for name in ("logger", "rewriter", "quoter", "mover")
    )
    source = Source.objects.create(url="https://news.example.org/0019", title="Article")
    claimant = Claimant.objects.create(name="Ministry", slug="ministry", kind="government")

    def claim(slug: str):
        return Claim.objects.create(
            slug=slug, text=f"{slug} text", claimant=claimant, created_by=logger
        )

    def claim_entry(row, hours: int, by, text: str, kind: str = "~"):
        HistoricalClaim.objects.create(
            id=row.pk,
            slug=row.slug,
            text=text,
            claimant_id=claimant.pk,
            created_by_id=logger.pk,
            created_at=DAY,
            updated_at=_at(hours),
            history_date=_at(hours),
            history_type=kind,
            history_user=by,
        )

    def appearance_entry(row, hours: int, by, quote: str, kind: str = "~"):
        HistoricalAppearance.objects.create(
            id=1000 + row.pk,
            claim_id=row.pk,
            source_id=source.pk,
            quote=quote,
            words_key=quote,
            created_at=DAY,
            updated_at=_at(hours),
            history_date=_at(hours),
            history_type=kind,
            history_user=by,
        )

    reworded, requoted, unrecorded = claim("reworded"), claim("requoted"), claim("unrecorded")
    claim_entry(reworded, 0, logger, "first words", "+")
    appearance_entry(reworded, 0, logger, "as said", "+")
    claim_entry(reworded, 2, rewriter, "second words")
    claim_entry(reworded, 3, mover, "second words")  # submitted, say: the words stay
    appearance_entry(reworded, 4, mover, "as said")  # its quote check, say

    claim_entry(requoted, 0, logger, "requoted text", "+")
    appearance_entry(requoted, 0, logger, "as said", "+")
    claim_entry(requoted, 1, rewriter, "requoted, reworded")
    appearance_entry(requoted, 5, quoter, "as really said")
    return {
        "users": {user.username: user.pk for user in (logger, rewriter, quoter)},
        "claims": {row.slug: row.pk for row in (reworded, requoted, unrecorded)},
        "claimant": claimant.pk,
    }


@pytest.fixture
def at_0018():
    """Rows as 0018 kept them; the database is at the latest migration again afterwards,
    whatever the test did."""
    try:
        yield _as_it_was(_migrate(BEFORE))
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        ensure_sqlite_index(connection)


def test_0019_fills_who_last_reworded_each_claim_and_starts_claimants_history(at_0018):
    made = at_0018

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    users, claims = made["users"], made["claims"]
    reworded_by = dict(Claim.objects.values_list("slug", "wording_changed_by"))
    assert reworded_by == {
        "reworded": users["rewriter"],
        "requoted": users["quoter"],
        "unrecorded": users["logger"],
    }
    assert set(claims) == set(reworded_by)
    entry = Claimant.objects.get(pk=made["claimant"]).history.get()
    assert (entry.history_type, entry.name) == ("+", "Ministry")
    reviewers = Group.objects.get(name="Reviewers")
    assert reviewers.permissions.filter(codename="change_claimant").exists()
    assert reviewers.permissions.filter(codename="delete_attribution").exists()
