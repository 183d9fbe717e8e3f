"""Search and filters over a claim's appearances: the words of any of them, the claimant
under any of their names, any article it appeared in, and the date it was first reported."""

import datetime

import pytest

from tests.factories import ClaimantFactory, ClaimantNameFactory, ReadyClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

AUG_25, AUG_26, SEP_10 = (
    datetime.date(2014, 8, 25),
    datetime.date(2014, 8, 26),
    datetime.date(2014, 9, 10),
)


def listed(client, query: str) -> list[str]:
    """The texts of the claims the list page shows for query, in order."""
    response = client.get(f"/claims/?{query}")
    assert response.status_code == 200
    return [claim.text for claim in response.context["page"].object_list]


def test_a_search_finds_the_words_of_any_appearance_not_only_the_first(client, publish, appear):
    claim = publish(text="Soldiers crossed by accident.", quote="crossed the border")
    appear(claim, quote="at an unequipped and unmarked point")
    publish(text="Another claim.")

    assert listed(client, "q=unmarked") == ["Soldiers crossed by accident."]
    assert listed(client, "q=crossed+the+border") == ["Soldiers crossed by accident."]


def test_a_search_never_finds_a_draft_by_its_appearance_words(client, publish, appear, researcher):
    draft = ReadyClaimFactory(created_by=researcher, quote="words nobody may read yet")
    publish(text="A public claim.")
    assert draft.appearance_words == "words nobody may read yet"

    assert listed(client, "q=nobody+may+read") == []


def test_a_search_finds_a_claimant_by_another_spelling_of_their_name(client, publish):
    paratrooper = ClaimantFactory(name="Ivan Milchankov")
    ClaimantNameFactory(claimant=paratrooper, name="Ivan Vasilyevich Milchakov")
    ClaimantNameFactory(claimant=paratrooper, name="Иван Мильчаков")
    publish(claimant=paratrooper, text="We were on patrol.")
    publish(text="Somebody else's claim.")

    assert listed(client, "q=Vasilyevich") == ["We were on patrol."]
    assert listed(client, "q=Мильчаков") == ["We were on patrol."]
    assert listed(client, "q=Milchankov") == ["We were on patrol."]


def test_the_article_filter_finds_claims_by_any_appearance_each_once(client, publish, appear):
    article = SourceFactory()
    first_there = publish(appearance=article, text="First reported there.")
    appear(first_there, source=article, position=1, quote="again in a caption")
    later_there = publish(text="Carried there later.")
    appear(later_there, source=article)
    publish(text="Never there.")

    found = listed(client, f"article={article.pk}&sort=oldest")

    assert found == ["First reported there.", "Carried there later."]
    html = client.get(f"/claims/?article={article.pk}").content.decode()
    assert f'appeared in the article <a href="/articles/{article.pk}/">{article.title}</a>' in html


def test_the_date_filters_use_the_date_the_claim_was_first_reported(client, publish, appear):
    claim = publish(made_on=AUG_26, text="First reported in August.")
    appear(claim, made_on=SEP_10)
    publish(made_on=SEP_10, text="First reported in September.")

    assert listed(client, "made_from=2014-09-01") == ["First reported in September."]
    assert listed(client, "made_to=2014-08-31") == ["First reported in August."]


def test_the_made_sort_orders_by_first_report_newest_first_undated_last(client, publish, appear):
    august = publish(made_on=SEP_10, text="Reported in August, logged as September.")
    appear(august, made_on=AUG_25)
    publish(made_on=AUG_26, text="Reported on the 26th.")
    publish(made_on=None, text="Undated.")

    assert listed(client, "sort=made") == [
        "Reported on the 26th.",
        "Reported in August, logged as September.",
        "Undated.",
    ]


def test_the_date_filters_and_sort_say_they_go_by_the_first_report(client, publish):
    publish()
    html = client.get("/claims/").content.decode()
    assert '<label for="id_made_from">First reported on or after:</label>' in html
    assert '<label for="id_made_to">First reported on or before:</label>' in html
    assert '<option value="made">Date first reported, newest first</option>' in html
