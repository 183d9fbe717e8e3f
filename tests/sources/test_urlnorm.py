import pytest
from django.core.exceptions import ValidationError

from sources.urlnorm import normalize_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://WWW.Example.ORG/Path/Page", "https://www.example.org/Path/Page"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a#section-2", "https://example.org/a"),
        (
            "https://example.org/a?id=7&utm_source=tw&UTM_Medium=x&fbclid=abc&page=2",
            "https://example.org/a?id=7&page=2",
        ),
        ("https://example.org/a?utm_campaign=only", "https://example.org/a"),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://example.org/a?q=Kiev%20Moscow&b", "https://example.org/a?q=Kiev%20Moscow&b"),
    ],
)
def test_it_normalises_equivalent_urls_to_one_form(raw, expected):
    assert normalize_url(raw) == expected


def test_normalising_twice_changes_nothing():
    once = normalize_url("HTTP://Example.org:80/x?utm_source=a&b=1#f")
    assert normalize_url(once) == once


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        ("javascript:alert(1)", "bad_scheme", "javascript:"),
        ("file:///etc/passwd", "bad_scheme", "file:"),
        ("ftp://example.org/file", "bad_scheme", "ftp:"),
        ("data:text/html,hello", "bad_scheme", "data:"),
        ("http://", "no_host", "no host"),
        ("https:///path-only", "no_host", "no host"),
        ("example.org/story", "no_scheme", "Add http://"),
        ("https://user:secret@example.org/", "credentials", "password"),
        ("https://example.org:99999/", "bad_url", "not a valid web address"),
        ("https://exa mple.org/", "bad_url", "not a valid web address"),
    ],
)
def test_it_refuses_what_is_not_a_public_web_address_and_says_why(raw, code, words):
    with pytest.raises(ValidationError) as caught:
        normalize_url(raw)
    error = caught.value
    assert error.code == code
    assert words in str(error.messages[0])
