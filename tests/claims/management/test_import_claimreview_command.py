"""manage.py import_claimreview: a file or a URL fetched through the safe fetcher."""

import json

import pytest
from django.core.management import CommandError, call_command

from claims.visibility import public_claims
from tests.claims.claimreview.documents import rated, review
from tests.loopback import page

pytestmark = pytest.mark.django_db


def test_the_command_imports_nothing_and_fails_when_a_review_was_refused(editor, tmp_path, capsys):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([review(1), rated({"ratingValue": 9})]))

    with pytest.raises(CommandError, match="1 of 2 reviews were refused"):
        call_command("import_claimreview", str(path), by=editor.username)

    err = capsys.readouterr().err
    assert "refused  [1].reviewRating.ratingValue (unknown_rating): ratingValue 9 is outside" in err
    assert not public_claims().exists()
    path.write_text(json.dumps([review(1)]))
    call_command("import_claimreview", str(path), by=editor.username)
    assert "created  [0]" in capsys.readouterr().out
    call_command("import_claimreview", str(path), by=editor.username)
    assert "0 created, 1 skipped." in capsys.readouterr().out


def test_the_command_fetches_a_url_through_the_safe_fetcher(editor, archive_from_loopback, capsys):
    body = json.dumps({"@type": "DataFeed", "dataFeedElement": [review(1), review(2)]})
    archive_from_loopback.route("/feed.json", page(body.encode(), content_type="application/json"))

    call_command("import_claimreview", archive_from_loopback.url("/feed.json"), by=editor.username)

    assert "2 created, 0 skipped." in capsys.readouterr().out
    assert public_claims().count() == 2


def test_the_command_will_not_fetch_from_a_private_address(editor, loopback):
    loopback.route("/feed.json", page(json.dumps(review()).encode()))

    with pytest.raises(CommandError, match="Could not fetch"):
        call_command("import_claimreview", loopback.url("/feed.json"), by=editor.username)
    assert loopback.requests == []


def test_the_command_says_when_the_file_is_not_json(editor, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text("<html>")

    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_claimreview", str(path), by=editor.username)
