import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from claims.claimants import similar_claimants
from claims.demo import ARTICLE, CLAIMANT_NAMES, CLAIMS, VERDICTS, load_demo
from claims.models import (
    Appearance,
    Attribution,
    Citation,
    Claim,
    Claimant,
    ClaimantName,
    Discrepancy,
    Figure,
    Topic,
    Verdict,
)
from sources.models import Source

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed"
needs_seed = pytest.mark.skipif(
    not (SEED / "article.txt").exists(),
    reason=f"the seed article is not in this checkout ({SEED}); it ships beside the repository",
)


def _login_request():
    # Logins are counted per request (django-axes), so authenticate() needs one.
    return RequestFactory().post("/admin/login/")


def _everything() -> dict:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Source,
            Claimant,
            ClaimantName,
            Claim,
            Appearance,
            Attribution,
            Citation,
            Topic,
            Verdict,
            Discrepancy,
        )
    } | {
        "claim_history": Claim.history.count(),
        "appearance_history": Appearance.history.count(),
        "verdict_history": Verdict.history.count(),
        "citation_history": Citation.history.count(),
        "updated": sorted(Claim.objects.values_list("updated_at", flat=True)),
    }


def test_it_loads_the_seed_article_and_at_least_twelve_claims():
    load_demo(say=lambda line: None)
    article = Source.objects.get()
    assert article.url == ARTICLE["url"]
    assert article.publisher == "VICE News"
    assert article.author == "Harriet Salem"
    assert str(article.published_on) == "2014-08-26"
    claims = Claim.objects.filter(appearances__source=article).distinct()
    assert claims.count() == len(CLAIMS) >= 12
    assert all(c.citations.filter(role="origin", source=article).exists() for c in claims)
    assert Topic.objects.filter(claims__isnull=False).distinct().count() >= 3
    assert article.captures.get().status == "queued", "the demo article is queued for archiving"


def test_the_by_accident_denial_reached_the_article_through_three_hops():
    load_demo(say=lambda line: None)
    appearance = Appearance.objects.get(quote__contains="by accident")
    assert appearance.claim.claimant.kind == Claimant.Kind.UNNAMED
    chain = [(a.claimant.name, a.verb) for a in appearance.attributions.all()]
    assert chain == [
        ("Reuters", "citing"),
        ("Russian news agencies", "quoting"),
        ("Unnamed defence ministry source", "said"),
    ]


def test_claimants_have_the_kind_a_reader_would_expect():
    load_demo(say=lambda line: None)
    kinds = dict(Claimant.objects.values_list("name", "kind"))
    assert kinds["United Nations"] == "organisation"
    assert kinds["Government of Russia"] == "government"
    assert kinds["Reuters"] == "media"
    assert kinds["Alexander Zakharchenko"] == "person"


def test_a_second_run_changes_nothing():
    first = load_demo(say=lambda line: None)
    before = _everything()
    second = load_demo(say=lambda line: None)
    assert first["claims"] == len(CLAIMS)
    assert first["verdicts"] == sum(len(versions) for versions in VERDICTS.values())
    assert first["appearances"] == sum(len(demo.appearances) for demo in CLAIMS)
    assert set(second.values()) == {0}
    assert _everything() == before


def test_demo_accounts_have_their_roles_and_a_generated_password_printed_once(settings):
    settings.DEMO_PASSWORD = ""
    said: list[str] = []
    load_demo(say=said.append)
    passwords = dict(re.findall(r"'(\w+)' with password (\S+)", "\n".join(said)))
    assert set(passwords) == {"researcher", "reviewer", "editor"}
    researcher = authenticate(
        _login_request(), username="researcher", password=passwords["researcher"]
    )
    assert researcher is not None
    assert researcher.groups.filter(name="Researchers").exists()
    reviewer = authenticate(_login_request(), username="reviewer", password=passwords["reviewer"])
    assert reviewer is not None
    assert reviewer.groups.filter(name="Reviewers").exists()
    editor = authenticate(_login_request(), username="editor", password=passwords["editor"])
    assert editor is not None
    assert editor.is_superuser
    assert len(set(passwords.values())) == 3

    said.clear()
    load_demo(say=said.append)
    assert said == []


def test_demo_accounts_take_their_password_from_the_environment(settings):
    settings.DEMO_PASSWORD = "a-long-demo-passphrase"
    said: list[str] = []
    load_demo(say=said.append)
    assert authenticate(_login_request(), username="reviewer", password="a-long-demo-passphrase")
    assert "a-long-demo-passphrase" not in "\n".join(said)


def test_the_command_reports_what_it_created(capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert (
        f"created 1 sources, 11 claimants, 4 names, {len(CLAIMS)} claims, 18 appearances, "
        "3 accounts, 5 verdicts, 2 reviewed discrepancies." in out
    )
    assert "created 0 sources, 0 claimants, 0 names, 0 claims, 0 appearances, 0 accounts" in out


@pytest.mark.parametrize("password", ["a", "password123", "editor", "12345678901234567"])
def test_a_weak_demo_password_is_refused_before_anything_is_written(settings, password):
    settings.DEMO_PASSWORD = password
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo")
    assert User.objects.count() == 0
    assert not Claim.objects.exists()


def test_the_refusal_says_what_is_wrong_with_the_password(settings):
    settings.DEMO_PASSWORD = "a"
    settings.DEBUG = True
    with pytest.raises(CommandError) as refused:
        call_command("load_demo")
    message = str(refused.value)
    assert "too short" in message
    assert "too common" in message


def test_with_debug_off_the_command_refuses_without_the_database_named(settings):
    settings.DEBUG = False
    name = str(connection.settings_dict["NAME"])
    with pytest.raises(CommandError, match="--production-ok") as refused:
        call_command("load_demo")
    assert name in str(refused.value)
    assert not Claim.objects.exists()
    with pytest.raises(CommandError, match="names another database"):
        call_command("load_demo", production_ok="some-other-database")
    assert User.objects.count() == 0


def test_with_debug_off_naming_the_database_loads_the_demo(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo", production_ok=str(connection.settings_dict["NAME"]))
    assert Claim.objects.count() == len(CLAIMS)
    assert "Demo data loaded" in capsys.readouterr().out


def test_it_publishes_a_few_verdicts_through_review_with_one_correction():
    load_demo(say=lambda line: None)
    published = Verdict.objects.filter(status=Verdict.Status.PUBLISHED).select_related("claim")
    assert published.count() == len(VERDICTS) >= 3
    assert all(v.claim.status == Claim.Status.PUBLISHED for v in published)
    assert all(v.published_by.username == "reviewer" for v in published)
    assert all(v.claim.created_by.username == "researcher" for v in published)
    corrected = Verdict.objects.get(status=Verdict.Status.SUPERSEDED)
    correction = Verdict.objects.get(claim=corrected.claim, status=Verdict.Status.PUBLISHED)
    assert (corrected.version, correction.version) == (1, 2)
    assert correction.correction_note
    assert corrected.rating != correction.rating
    assert "<em>nearly one million</em>" in correction.rationale_html
    reasons = set(Claim.history.values_list("history_change_reason", flat=True))
    assert {"submitted", "published"} <= reasons


@needs_seed
@pytest.mark.parametrize("demo", CLAIMS, ids=lambda c: c.slug)
def test_every_demo_quote_appears_verbatim_in_the_seed_article(demo):
    article = (SEED / "article.txt").read_text(encoding="utf-8")
    for appearance in demo.appearances:
        assert article.count(appearance.quote) == 1


@needs_seed
def test_demo_positions_follow_the_seed_article_in_reading_order():
    article = (SEED / "article.txt").read_text(encoding="utf-8")
    said = sorted(
        (appearance.position, article.index(appearance.quote))
        for demo in CLAIMS
        for appearance in demo.appearances
    )
    assert [position for position, _ in said] == list(range(1, len(said) + 1))
    assert [at for _, at in said] == sorted(at for _, at in said)


@needs_seed
def test_the_demo_article_metadata_matches_the_seed_readme():
    readme = (SEED / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\w+) \| (.+?) \|$", readme, flags=re.MULTILINE))
    assert table["title"] == ARTICLE["title"]
    assert table["publisher"] == ARTICLE["publisher"]
    assert table["author"] == ARTICLE["author"]
    assert table["published"] == str(ARTICLE["published_on"])
    assert table["url"] == ARTICLE["url"]
    assert table["language"] == ARTICLE["language"]


def _appearances(slug: str) -> list[Appearance]:
    return list(
        Appearance.objects.filter(claim__slug=slug).select_related("source").order_by("position")
    )


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        (
            "donetsk-pre-war-population-one-million",
            ["a pre-war population of one million", "a pre-war population of nearly one million"],
        ),
        (
            "seven-shells-hit-kalinina-hospital",
            ["Six other shells hit the territory of this hospital", "Seven shells hit"],
        ),
    ],
)
def test_a_claim_the_article_carries_twice_has_two_appearances_in_it(slug, words):
    load_demo(say=lambda line: None)
    claim = Claim.objects.get(slug=slug)
    appearances = _appearances(slug)

    assert [a.source.url for a in appearances] == [ARTICLE["url"]] * 2
    assert [word in a.quote for word, a in zip(words, appearances, strict=True)] == [True, True]
    assert appearances[0].position != appearances[1].position
    assert claim.first_appearance.quote == next(d for d in CLAIMS if d.slug == slug).quote
    assert all(a.quote in claim.appearance_words for a in appearances)
    assert claim.citations.get().source.url == ARTICLE["url"], "one source, cited once"


def test_the_shells_caption_counts_the_morgue_shell_and_six_others():
    load_demo(say=lambda line: None)
    text, caption = sorted(_appearances("seven-shells-hit-kalinina-hospital"), key=lambda a: a.pk)

    assert text.quote.startswith("Seven shells hit the territory of Kalinina hospital")
    assert "a mortar shell smashed through the ceiling of Donetsk morgue" in caption.quote
    assert "Six other shells hit the territory of this hospital" in caption.quote
    assert caption.position < text.position, "the caption stands above the text in the article"


def test_the_paratroopers_words_are_the_outlets_translation_from_russian():
    load_demo(say=lambda line: None)
    his = Appearance.objects.filter(claim__claimant__slug="ivan-milchankov")
    others = Appearance.objects.exclude(claim__claimant__slug="ivan-milchankov")

    assert his.count() == 2
    assert {
        (a.translated_by, a.original_language, a.original_quote, a.translator) for a in his
    } == {(Appearance.TranslatedBy.OUTLET, "ru", "", "")}
    assert all(a.is_translation for a in his)
    assert not any(a.is_translation for a in others)
    cannon_fodder = his.get(quote="We've come as cannon fodder")
    assert [(h.claimant.name, h.verb) for h in cannon_fodder.attributions.all()] == [
        ("Government of Ukraine", "published video of"),
        ("Ivan Milchankov", "said"),
    ]


def test_the_paratrooper_is_one_claimant_under_every_published_name():
    load_demo(say=lambda line: None)
    paratrooper = Claimant.objects.get(slug="ivan-milchankov")

    assert paratrooper.name == "Ivan Milchankov"
    assert sorted(paratrooper.names.values_list("name", "kind", "language")) == sorted(
        [
            ("Ivan Milchakov", "spelling", ""),
            ("Ivan Vasilyevich Milchakov", "full", ""),
            ("Иван Мильчаков", "original", "ru"),
            ("Иван Васильевич Мильчаков", "original", "ru"),
        ]
    )
    for spelling in ("Мильчаков", "Иван Васильевич Мильчаков", "Ivan Milchakov"):
        (match, *_) = similar_claimants(spelling)
        assert match.claimant == paratrooper, spelling


def test_a_claimant_loaded_before_it_had_other_names_gets_them_on_the_next_load():
    load_demo(say=lambda line: None)
    ClaimantName.objects.all().delete()

    again = load_demo(say=lambda line: None)

    assert again["names"] == sum(len(names) for names in CLAIMANT_NAMES.values())
    assert again["claims"] == again["appearances"] == 0


def test_every_appearance_is_logged_by_the_researcher_through_the_services():
    load_demo(say=lambda line: None)

    assert set(Appearance.objects.values_list("created_by__username", flat=True)) == {"researcher"}
    authors = set(Appearance.history.values_list("history_user__username", flat=True))
    assert authors == {"researcher"}
    reasons = set(Appearance.history.values_list("history_change_reason", flat=True))
    assert reasons == {"logged", "added"}


def test_the_seed_articles_figures_are_read_and_the_march_is_in_kilometres():
    load_demo(say=lambda line: None)
    fled = Figure.objects.filter(appearance__claim__slug="un-344000-fled-and-2000-killed")
    march = Figure.objects.filter(unit="mile", value=45).first()

    assert {(f.value, f.qualifier, f.kind) for f in fled} == {
        (344_000, "at_least", "fled"),
        (2_000, "more_than", "killed"),
    }
    assert march is not None
    assert (round(march.normalised_value, 1), march.normalised_unit) == (72.4, "kilometre")
    shells = Figure.objects.filter(appearance__claim__slug="seven-shells-hit-kalinina-hospital")
    assert {f.value for f in shells if f.kind == "shells"} >= {7, 6}


def test_the_demo_reviewer_decided_figures_that_disagree_through_the_services():
    load_demo(say=lambda line: None)
    decided = {
        (d.claim.slug, d.kind): (d.status, d.decided_by.username, d.history.latest().history_user)
        for d in Discrepancy.objects.exclude(status="proposed").select_related("claim")
    }
    reviewer = decided[("seven-shells-hit-kalinina-hospital", "shells")][2]
    assert decided == {
        ("seven-shells-hit-kalinina-hospital", "shells"): ("dismissed", "reviewer", reviewer),
        ("donetsk-pre-war-population-one-million", "population"): (
            "confirmed",
            "reviewer",
            reviewer,
        ),
    }
    shells = Discrepancy.objects.get(kind="shells")
    assert shells.note.startswith("1 + 6 = 7: the morgue is on the hospital's grounds")
    # The march and the distances from Mariupol are distances of different things: the
    # desk has them, proposed, for a reviewer to dismiss.
    assert Discrepancy.objects.filter(kind="distance", status="proposed").count() == 3
