"""Language tags (BCP 47, as HTML's lang and schema.org's inLanguage read them): checked
against the IANA registry by langcodes, and stored in their standard case."""

import langcodes
from django.core.exceptions import ValidationError

MAX_TAG_LENGTH = 35


def standard_language_tag(tag: str) -> str:
    """tag in its standard form ("EN-gb" → "en-GB"); ValidationError when it is not a
    BCP 47 tag, saying what one looks like. An empty tag stays empty."""
    tag = tag.strip()
    if not tag:
        return ""
    # langcodes forgives underscores (a POSIX locale); BCP 47 has none.
    if "_" in tag or len(tag) > MAX_TAG_LENGTH or not langcodes.tag_is_valid(tag):
        raise ValidationError(
            f"“{tag}” is not a BCP 47 language tag. Use one such as en, ru, uk or pt-BR.",
            code="invalid_language",
        )
    return langcodes.standardize_tag(tag)


def validate_language_tag(tag: str) -> None:
    standard_language_tag(tag)


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language, whatever their region or script: a source
    in "ru-RU" holds words in "ru"."""
    if not a or not b:
        return False
    return langcodes.Language.get(a).language == langcodes.Language.get(b).language
