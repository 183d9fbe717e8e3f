"""The list page's filters: a bad value is an error the reader sees, never a reason to drop
the filters that were fine."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    # By id: the site header has a search box named q too.
    match = re.search(rf'<input[^>]*id="id_{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_an_invalid_date_drops_only_that_filter_and_says_why(client, publish):
    publish(rating="false", text="A false claim.")
    publish(rating="true", text="A true claim.")

    html = client.get("/claims/?rating=false&made_from=garbage").content.decode()

    assert "A false claim." in html
    assert "A true claim." not in html
    made_from = _input(html, "made_from")
    assert 'aria-invalid="true"' in made_from
    assert 'aria-describedby="id_made_from_error"' in made_from
    assert re.search(r'id="id_made_from_error"[^>]*><li>Enter a valid date.</li>', html)


def test_valid_filters_are_not_marked_invalid(client, publish):
    publish(rating="false", text="A false claim.")
    html = client.get("/claims/?rating=false&made_from=garbage").content.decode()
    assert "aria-invalid" not in _input(html, "q")
    assert 'aria-invalid="true"' not in re.search(r"<select[^>]*>", html).group(0)


def test_an_over_long_search_is_an_error_not_every_claim(client, publish):
    publish(text="A claim nobody searched for.")

    html = client.get("/claims/?q=" + "x" * 201).content.decode()

    assert "A claim nobody searched for." not in html
    assert "All checked claims" not in html
    q = _input(html, "q")
    assert 'aria-invalid="true"' in q
    assert 'aria-describedby="id_q_error"' in q
    assert re.search(r'id="id_q_error"[^>]*><li>Ensure this value has at most 200', html)


def test_a_search_of_the_longest_allowed_length_runs(client, publish):
    quote = ("seven shells hit the hospital " * 7)[:200]
    publish(text="A long quote.", quote=quote)
    html = client.get("/claims/", {"q": quote}).content.decode()
    assert "A long quote." in html
    assert "aria-invalid" not in _input(html, "q")


@pytest.mark.parametrize("article", ["9223372036854775808", "99999999999999999999"])
def test_an_article_id_beyond_the_database_range_is_a_filter_error(client, publish, article):
    publish(rating="false", text="A false claim.")
    publish(rating="true", text="A true claim.")

    response = client.get(f"/claims/?rating=false&article={article}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "A false claim." in html
    assert "A true claim." not in html
    assert "article filter was left out: Ensure this value is less than or equal to" in html


def test_the_largest_article_id_the_database_holds_is_a_valid_filter(client, publish):
    publish(text="A claim in another article.")
    response = client.get(f"/claims/?article={2**63 - 1}")
    assert response.status_code == 200
    assert "left out" not in response.content.decode()
    assert response.context["page"].count == 0
