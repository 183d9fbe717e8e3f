"""`{% cached_url %}` gives what `{% url %}` gives, under whatever script prefix serves the site."""

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
