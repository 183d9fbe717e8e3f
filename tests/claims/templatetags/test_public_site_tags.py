"""The public templates' own tags: `{% cached_url %}` gives what `{% url %}` gives, under
whatever script prefix serves the site; `{% time_element %}` writes dates for people and
machines; the filters and tags that say where and in what language a claim appeared."""

import datetime
from types import SimpleNamespace

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


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("ru", "Russian"),
        ("ru-RU", "Russian"),
        ("uk", "Ukrainian"),
        ("pt-BR", "Brazilian Portuguese"),
    ],
)
def test_language_name_names_a_tag_s_language_whatever_its_region(tag, name):
    template = Template("{% load public_site %}{{ tag|language_name }}")
    assert template.render(Context({"tag": tag})) == name


def test_language_name_gives_a_tag_it_has_no_name_for_as_written():
    template = Template("{% load public_site %}[{{ tag|language_name }}]")
    assert template.render(Context({"tag": "tlh"})) == "[tlh]"
    assert template.render(Context({"tag": "<x>"})) == "[&lt;x&gt;]"
    assert template.render(Context({"tag": ""})) == "[]"


@pytest.mark.parametrize(
    ("translated_by", "translator", "credit"),
    [
        ("outlet", "", "translated by the outlet"),
        ("newsroom", "", "translated by this newsroom"),
        ("translator", "<b>Olena</b>", "translated by &lt;b&gt;Olena&lt;/b&gt;"),
        ("", "", ""),
    ],
)
def test_translation_credit_says_who_translated_and_escapes_the_name(
    translated_by, translator, credit
):
    appearance = SimpleNamespace(translated_by=translated_by, translator=translator)
    template = Template("{% load public_site %}{% translation_credit appearance %}")
    assert template.render(Context({"appearance": appearance})) == credit


def test_outlet_is_the_publisher_else_the_title_else_the_address():
    template = Template("{% load public_site %}{{ source|outlet }}")
    url = "https://news.example.org/a"

    def outlet(**fields) -> str:
        source = SimpleNamespace(**{"publisher": "", "title": "", "url": url, **fields})
        return template.render(Context({"source": source}))

    assert outlet(publisher="VICE News", title="A story") == "VICE News"
    assert outlet(title="A story") == "A story"
    assert outlet() == url
