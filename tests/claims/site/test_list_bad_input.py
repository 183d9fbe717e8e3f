"""What readers and crawlers type into the list page's address: deep pages, every filter at
once, searches that are too long or hold no words, sorts that do not exist. Each gets a
correct page or a 400 that says why, never a 500."""

import re

import pytest

from claims.site import paging

pytestmark = pytest.mark.django_db


def _rows(html: str) -> int:
    return html.count('class="claim-row"')


def test_a_page_past_the_deepest_listed_is_a_400_that_says_what_to_do(client, publish):
    publish(text="The only claim.")

    response = client.get(f"/claims/?rating=false&page={paging.MAX_PAGE + 1}")

    assert response.status_code == 400
    html = response.content.decode()
    assert f"Page {paging.MAX_PAGE + 1} is past the {paging.MAX_PAGE} pages" in html
    # The way back keeps the reader's filters.
    assert 'href="?rating=false"' in html


def test_the_deepest_listed_page_past_the_end_of_the_list_is_a_404(client, publish):
    publish(text="The only claim.")
    assert client.get(f"/claims/?page={paging.MAX_PAGE}").status_code == 404
    assert client.get("/claims/?page=2").status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-3", "²", "1e3", "9" * 30])
def test_a_page_that_is_not_a_page_number_is_the_first_page(client, publish, page):
    publish(text="The only claim.")
    response = client.get("/claims/", {"page": page})
    assert response.status_code == 200
    assert "The only claim." in response.content.decode()


def test_pages_follow_one_another_and_the_count_stops_at_its_limit(client, publish, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_UP_TO", 3)
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    texts = [publish(text=f"Claim number {n}.").text for n in range(5)]

    first = client.get("/claims/?sort=oldest")
    second = client.get("/claims/?sort=oldest&page=2")
    last = client.get("/claims/?sort=oldest&page=3")

    assert [c.text for c in first.context["page"].object_list] == texts[:2]
    assert [c.text for c in second.context["page"].object_list] == texts[2:4]
    assert [c.text for c in last.context["page"].object_list] == texts[4:]
    html = second.content.decode()
    assert "More than 3 claims" in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    assert "Page 2<" in html  # no "of N": the pages were not all counted
    assert 'rel="next"' not in last.content.decode()


def test_a_count_within_the_limit_is_exact_with_the_number_of_pages(client, publish, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for n in range(3):
        publish(text=f"Claim number {n}.")
    html = client.get("/claims/").content.decode()
    assert "3 claims" in html
    assert "Page 1 of 2" in html


def test_every_filter_at_once_is_a_correct_page(client, publish):
    claim = publish(rating="false", text="Seven shells hit the hospital.")
    source = claim.first_appearance.source
    publish(rating="false", text="Seven shells hit the school.")
    query = {
        "q": "shells hospital",
        "rating": "false",
        "claimant": claim.claimant.name.upper(),
        "topic": "",
        "article": source.pk,
        "made_from": "2000-01-01",
        "made_to": "2100-01-01",
        "sort": "rating",
        "page": "1",
    }
    response = client.get("/claims/", query)
    assert response.status_code == 200
    assert [c.text for c in response.context["page"].object_list] == [claim.text]


def test_a_search_of_a_thousand_characters_is_an_error_and_lists_nothing(client, publish):
    publish(text="A claim nobody searched for.")
    response = client.get("/claims/", {"q": "shells " * 143})
    assert response.status_code == 200
    html = response.content.decode()
    assert "A claim nobody searched for." not in html
    assert re.search(r'id="id_q_error"[^>]*><li>Ensure this value has at most 200', html)


@pytest.mark.parametrize("q", ["the and of", "?!…", "«»", "'\"", "*", "-", "OR AND NOT"])
def test_a_search_of_stop_words_or_punctuation_matches_nothing_and_says_so(client, publish, q):
    publish(text="The shells and the hospital.", quote="The shells and the hospital, said of it.")
    response = client.get("/claims/", {"q": q})
    assert response.status_code == 200
    assert _rows(response.content.decode()) == 0
    assert "No published claims match" in response.content.decode()


def test_a_sort_that_does_not_exist_is_shown_as_an_error_and_the_list_is_newest_first(
    client, publish
):
    older = publish(text="Published first.")
    newer = publish(text="Published second.")
    response = client.get("/claims/?sort=password")
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [newer.pk, older.pk]
    assert "Select a valid choice. password is not one of the available choices." in (
        response.content.decode()
    )


def test_a_claimant_is_filtered_by_name_or_by_the_slug_of_its_page(client, publish):
    claim = publish(text="Said by the ministry.")
    publish(text="Said by someone else.")
    for given in (claim.claimant.slug, claim.claimant.name, claim.claimant.name.lower()):
        page = client.get("/claims/", {"claimant": given}).context["page"]
        assert [c.pk for c in page.object_list] == [claim.pk], given


def test_a_claimant_nobody_published_is_an_error_not_an_empty_list(client, publish, draft_claim):
    publish(text="A public claim.")
    for given in ("Nobody at all", draft_claim.claimant.name):
        html = client.get("/claims/", {"claimant": given}).content.decode()
        assert f"No claimant called “{given}” has published claims" in html
        # The filter that could not be used is dropped, as a bad date is.
        assert "A public claim." in html
