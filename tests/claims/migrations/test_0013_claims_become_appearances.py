"""Migration 0013 makes every claim a claim with one appearance, history included, and can
go back: run on rows written as the tracker wrote them before it (a source with several
claims, chains, each claim's history, and a claim deleted since), on the suite's database."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from claims.similar.lexical import ensure_sqlite_index

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("claims", "0011_verdict_revision")]
MOMENT = timezone.make_aware(datetime.datetime(2014, 8, 26, 12, 0))


def _migrate(targets) -> object:
    """The app registry as it stands after migrating to targets (claims'), with every
    other app as it is: at its latest migration."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "claims"]
    return executor.loader.project_state([*targets, *others]).apps


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _as_it_was(apps) -> dict:
    """Rows as the tracker wrote them at 0011: claims in one article, two with the same
    words at the same place, chains, and the history of each, a deleted claim's included."""
    Source = apps.get_model("sources", "Source")
    Claimant = apps.get_model("claims", "Claimant")
    Claim = apps.get_model("claims", "Claim")
    Attribution = apps.get_model("claims", "Attribution")
    HistoricalClaim = apps.get_model("claims", "HistoricalClaim")
    HistoricalAttribution = apps.get_model("claims", "HistoricalAttribution")
    User = apps.get_model("auth", "User")

    researcher = User.objects.create(username="migrating-researcher")
    article = Source.objects.create(url="https://news.example.org/migration", title="Article")
    other = Source.objects.create(url="https://news.example.org/other", title="Other")
    ministry = Claimant.objects.create(name="Ministry", slug="ministry", kind="government")
    agency = Claimant.objects.create(name="Agency", slug="agency", kind="media")
    rows = [
        ("by-accident", "The soldiers crossed by accident.", "crossed the border by accident", 1),
        ("cannon-fodder", "We came as cannon fodder.", "We've come as cannon fodder", 2),
        ("same-words", "The same words, logged twice.", "crossed the border by accident", 1),
    ]
    claims = []
    for slug, text, quote, position in rows:
        claim = Claim.objects.create(
            slug=slug,
            text=text,
            quote=quote,
            appearance=article,
            position=position,
            claimant=ministry,
            made_on=datetime.date(2014, 8, 26),
            created_by=researcher,
            quote_status="not_found",
        )
        claims.append(claim)
        for version, (words, kind) in enumerate(
            [(f"{quote} (first draft)", "+"), (quote, "~")], start=1
        ):
            HistoricalClaim.objects.create(
                id=claim.pk,
                slug=slug,
                text=text,
                quote=words,
                appearance_id=article.pk,
                position=position,
                claimant_id=ministry.pk,
                made_on=claim.made_on,
                status="draft",
                quote_status="not_found",
                revision=version,
                created_at=claim.created_at,
                updated_at=claim.updated_at,
                history_date=MOMENT + datetime.timedelta(minutes=version),
                history_type=kind,
                history_change_reason="edited" if kind == "~" else None,
                history_user_id=researcher.pk,
            )
    hop = Attribution.objects.create(claim=claims[0], position=1, claimant=agency, verb="citing")
    HistoricalAttribution.objects.create(
        id=hop.pk,
        claim_id=claims[0].pk,
        position=1,
        claimant_id=agency.pk,
        verb="citing",
        history_date=MOMENT,
        history_type="+",
        history_user_id=researcher.pk,
    )
    # A claim logged and deleted: its history names an id no claim has now.
    gone_id = max(c.pk for c in claims) + 10
    for kind in ("+", "-"):
        HistoricalClaim.objects.create(
            id=gone_id,
            slug="gone",
            text="A claim deleted since.",
            quote="words of a deleted claim",
            appearance_id=other.pk,
            position=0,
            claimant_id=ministry.pk,
            status="draft",
            quote_status="not_captured",
            revision=1,
            created_at=MOMENT,
            updated_at=MOMENT,
            history_date=MOMENT,
            history_type=kind,
            history_user_id=researcher.pk,
        )
    return {
        "claims": {c.pk: (c.quote, c.position, c.created_at) for c in claims},
        "hop": hop.pk,
        "gone": gone_id,
        "article": article.pk,
        "history": sorted(
            HistoricalClaim.objects.values_list("id", "history_date", "quote", "history_type")
        ),
    }


@pytest.fixture
def at_0011():
    """The database at 0011 with rows of that time; back at the latest migration after,
    with the SQLite full-text table's triggers made again, as `migrate` makes them after
    every run (rebuilding the claims table dropped them: later tests in this process would
    find no claim by its words)."""
    apps = _migrate(BEFORE)
    try:
        yield apps, _as_it_was(apps)
    finally:
        _migrate(_latest())
        ensure_sqlite_index(connection)


def test_every_claim_becomes_a_claim_with_one_appearance_history_and_chain_kept(at_0011):
    _, before = at_0011
    apps = _migrate(_latest())
    Claim = apps.get_model("claims", "Claim")
    Appearance = apps.get_model("claims", "Appearance")
    HistoricalAppearance = apps.get_model("claims", "HistoricalAppearance")
    Attribution = apps.get_model("claims", "Attribution")
    HistoricalAttribution = apps.get_model("claims", "HistoricalAttribution")

    by_accident, cannon_fodder, same_words = sorted(before["claims"])
    for claim_id, (quote, _position, created_at) in before["claims"].items():
        appearance = Appearance.objects.get(claim_id=claim_id)
        # The appearance takes its claim's id, so the claim's history names it too.
        assert appearance.pk == claim_id
        assert (appearance.quote, appearance.source_id) == (quote, before["article"])
        assert appearance.created_at == created_at
        assert appearance.quote_status == "not_found"
        claim = Claim.objects.get(pk=claim_id)
        assert claim.first_appearance_id == appearance.pk
        assert claim.appearance_words == quote
    # Two claims had the same words at the same place; the later one moved to the next.
    assert Appearance.objects.get(pk=by_accident).position == 1
    assert Appearance.objects.get(pk=same_words).position == 2
    assert Appearance.objects.get(pk=cannon_fodder).position == 2

    assert Attribution.objects.get(pk=before["hop"]).appearance_id == by_accident
    assert HistoricalAttribution.objects.get(id=before["hop"]).appearance_id == by_accident
    carried = sorted(
        HistoricalAppearance.objects.values_list("id", "history_date", "quote", "history_type")
    )
    assert carried == before["history"]
    assert HistoricalAppearance.objects.filter(id=before["gone"]).count() == 2

    # The next appearance takes a new id, not one the migration wrote.
    new = Appearance.objects.create(
        claim_id=by_accident, source_id=before["article"], quote="new words", words_key="k"
    )
    assert new.pk > max(before["claims"])
    assert new.pk != before["gone"]


def test_it_goes_back_to_claims_that_hold_their_words(at_0011):
    _, before = at_0011
    _migrate(_latest())
    apps = _migrate(BEFORE)
    Claim = apps.get_model("claims", "Claim")
    Attribution = apps.get_model("claims", "Attribution")
    HistoricalClaim = apps.get_model("claims", "HistoricalClaim")

    for claim_id, (quote, _, _) in before["claims"].items():
        claim = Claim.objects.get(pk=claim_id)
        assert (claim.quote, claim.appearance_id) == (quote, before["article"])
    assert Attribution.objects.get(pk=before["hop"]).claim_id == min(before["claims"])
    restored = sorted(
        HistoricalClaim.objects.values_list("id", "history_date", "quote", "history_type")
    )
    assert restored == before["history"]


def test_going_back_refuses_rather_than_drop_a_second_appearance(at_0011):
    _, before = at_0011
    apps = _migrate(_latest())
    Appearance = apps.get_model("claims", "Appearance")
    claim_id = min(before["claims"])
    Appearance.objects.create(
        claim_id=claim_id, source_id=before["article"], quote="said again", words_key="x"
    )
    with pytest.raises(RuntimeError, match=f"Claims \\[{claim_id}\\] have more than one"):
        _migrate(BEFORE)
