"""Migration 0024 reads the figures of the appearances logged before figures were kept, as a
save of each quote reads them now, and lets researchers and reviewers correct them. Run on
rows written as the tracker wrote them before it, on the suite's database."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.figures import extract_figures
from claims.models import Appearance, Figure
from claims.similar.lexical import ensure_sqlite_index

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("claims", "0023_figures")]
QUOTES = [
    "At least 344,000 people have fled and more than 2,000 have been killed.",
    "The soldiers crossed the border by accident.",
    "a three-day, 45-mile march",
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "claims"]
    return executor.loader.project_state([*targets, *others]).apps


@pytest.fixture
def at_0023():
    """Appearances as 0023 kept them, none with figures; the database is at the latest
    migration again afterwards, whatever the test did."""
    try:
        apps = _migrate(BEFORE)
        User = apps.get_model("auth", "User")
        Source = apps.get_model("sources", "Source")
        Claimant = apps.get_model("claims", "Claimant")
        Claim = apps.get_model("claims", "Claim")
        Appearance = apps.get_model("claims", "Appearance")
        logger = User.objects.create(username="logger-0024")
        source = Source.objects.create(url="https://news.example.org/0024", title="Article")
        claimant = Claimant.objects.create(name="UN", slug="un-0024", kind="organisation")
        for n, quote in enumerate(QUOTES):
            claim = Claim.objects.create(
                slug=f"claim-0024-{n}", text=quote, claimant=claimant, created_by=logger
            )
            Appearance.objects.create(
                claim=claim, source=source, quote=quote, position=n, words_key=f"k{n}"
            )
        yield
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        ensure_sqlite_index(connection)


def test_0024_reads_each_appearances_figures_and_grants_the_roles(at_0023):
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    for appearance in Appearance.objects.filter(source__url="https://news.example.org/0024"):
        kept = [
            (f.words, f.value, f.qualifier, f.unit, f.origin)
            for f in appearance.figures.order_by("start")
        ]
        read = [
            (appearance.quote[f.start : f.end], f.value, f.qualifier, f.unit, "read")
            for f in extract_figures(appearance.quote)
        ]
        assert kept == read
    march = Figure.objects.get(words="45-mile")
    assert (round(march.normalised_value, 1), march.normalised_unit) == (72.4, "kilometre")
    assert Figure.objects.filter(appearance__source__url__endswith="/0024").count() == 4
    for name in ("Researchers", "Reviewers"):
        codes = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_figure", "add_figure", "change_figure", "delete_figure"} <= codes
