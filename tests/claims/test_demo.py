import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command

from claims.demo import ARTICLE, CLAIMS, VERDICTS, load_demo
from claims.models import Attribution, Citation, Claim, Claimant, Topic, Verdict
from sources.models import Source

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed"
needs_seed = pytest.mark.skipif(
    not (SEED / "article.txt").exists(),
    reason=f"the seed article is not in this checkout ({SEED}); it ships beside the repository",
)


def _everything() -> dict:
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Source, Claimant, Claim, Attribution, Citation, Topic, Verdict)
    } | {
        "claim_history": Claim.history.count(),
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
    claims = Claim.objects.filter(appearance=article)
    assert claims.count() >= 12
    assert all(c.citations.filter(role="origin", source=article).exists() for c in claims)
    assert Topic.objects.filter(claims__isnull=False).distinct().count() >= 3
    assert article.captures.get().status == "queued", "the demo article is queued for archiving"


def test_the_by_accident_denial_reached_the_article_through_three_hops():
    load_demo(say=lambda line: None)
    claim = Claim.objects.get(quote__contains="by accident")
    assert claim.claimant.kind == Claimant.Kind.UNNAMED
    chain = [(a.claimant.name, a.verb) for a in claim.attributions.all()]
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
    assert second == {"sources": 0, "claimants": 0, "claims": 0, "accounts": 0, "verdicts": 0}
    assert _everything() == before


def test_demo_accounts_have_their_roles_and_a_generated_password_printed_once(settings):
    settings.DEMO_PASSWORD = ""
    said: list[str] = []
    load_demo(say=said.append)
    passwords = dict(re.findall(r"'(\w+)' with password (\S+)", "\n".join(said)))
    assert set(passwords) == {"researcher", "reviewer", "editor"}
    researcher = authenticate(username="researcher", password=passwords["researcher"])
    assert researcher is not None
    assert researcher.groups.filter(name="Researchers").exists()
    reviewer = authenticate(username="reviewer", password=passwords["reviewer"])
    assert reviewer is not None
    assert reviewer.groups.filter(name="Reviewers").exists()
    editor = authenticate(username="editor", password=passwords["editor"])
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
    assert authenticate(username="reviewer", password="a-long-demo-passphrase")
    assert "a-long-demo-passphrase" not in "\n".join(said)


def test_the_command_reports_what_it_created(capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert f"created 1 sources, 11 claimants, {len(CLAIMS)} claims, 3 accounts, 4 verdicts" in out
    assert "created 0 sources, 0 claimants, 0 claims, 0 accounts, 0 verdicts" in out


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
    assert demo.quote in article


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
