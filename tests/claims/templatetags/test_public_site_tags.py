"""The public templates' own tags: `{% cached_url %}` gives what `{% url %}` gives, under
whatever script prefix serves the site; `{% time_element %}` writes dates for people and
machines."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, get_script_prefix, set_script_prefix

TEMPLATE = Template(
    "{% load public_site %}{% cached_url 'claims:claim' slug %} {% url 'claims:claim' slug %}"
)


@pytest.fixture
def script_prefix():
    before = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(before)


def test_it_matches_the_url_tag_for_each_slug():
    for slug in ("first-claim", "second-claim", "first-claim"):
        cached, plain = TEMPLATE.render(Context({"slug": slug})).split()
        assert cached == plain == f"/claims/{slug}/"


def test_a_site_served_under_a_prefix_gets_links_under_it(script_prefix):
    TEMPLATE.render(Context({"slug": "one"}))
    script_prefix("/factcheck/")
    cached, plain = TEMPLATE.render(Context({"slug": "one"})).split()
    assert cached == plain == "/factcheck/claims/one/"


def test_a_name_that_does_not_reverse_still_fails_loudly():
    with pytest.raises(NoReverseMatch):
        Template("{% load public_site %}{% cached_url 'claims:nowhere' %}").render(Context())


def test_time_element_gives_machines_iso_and_people_the_day_in_the_site_s_zone(settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    template = Template("{% load public_site %}{% time_element when %}|{% time_element day %}")
    late_evening_utc = datetime.datetime(2014, 8, 26, 22, 30, tzinfo=datetime.UTC)

    html = template.render(Context({"when": late_evening_utc, "day": datetime.date(2014, 8, 26)}))

    # 22:30 UTC is already the 27th in Kyiv.
    assert html == (
        '<time datetime="2014-08-27T01:30:00+03:00">27 August 2014</time>|'
        '<time datetime="2014-08-26">26 August 2014</time>'
    )
    assert (
        Template("{% load public_site %}[{% time_element nothing %}]").render(
            Context({"nothing": None})
        )
        == "[]"
    )
