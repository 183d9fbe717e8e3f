"""How the admin shows an appearance: its quote checks, its translation and its chain, the same
on the claim, article and appearance pages and in the review panel."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Appearance, QuoteStatus
from ..quotes import excerpt


def _copy_checked(capture_id: int | None, label: str) -> SafeString:
    # A capture deleted since the check leaves the result without its copy.
    if capture_id is None:
        return format_html("{}", label)
    return format_html('<a href="{}">{}</a>', reverse("sources:archive", args=[capture_id]), label)


def quote_check(appearance: Appearance) -> SafeString:
    """Whether the published words are in their source's archived text: verified, with the
    words as archived around them; not found, with the copy checked; or not yet captured.

    Reads appearance.quote_capture: select_related it where appearances are listed.
    """
    if appearance.pk is None:
        return format_html("{}", "—")
    if appearance.quote_status == QuoteStatus.NOT_FOUND:
        return format_html(
            '<strong class="quote-not-found" style="color:#b00020">Warning: the quote was not '
            "found in the archived text of the source ({}). Check the wording against the "
            "source.</strong>",
            _copy_checked(appearance.quote_capture_id, "copy checked"),
        )
    found = excerpt(appearance, context=80)
    if found is not None:
        before, match, after = found
        return format_html(
            "Verified in the {}: {}<mark>{}</mark>{}",
            _copy_checked(appearance.quote_capture_id, "archived copy"),
            before,
            match,
            after,
        )
    return format_html("{}", appearance.get_quote_status_display())


def translation(appearance: Appearance) -> str:
    """Who translated the words, from which language: "" for words not translated."""
    if not appearance.is_translation:
        return ""
    if appearance.translated_by == Appearance.TranslatedBy.TRANSLATOR:
        by = appearance.translator
    else:
        by = Appearance.TranslatedBy(appearance.translated_by).label.lower()
    return f"Translated from {appearance.original_language} by {by}."


def original_check(appearance: Appearance) -> SafeString:
    """For a translation: whether its original words are in a cited source in their
    language, or why they could not be checked."""
    if appearance.pk is None or not appearance.is_translation:
        return format_html("{}", "—")
    language = appearance.original_language
    if not appearance.original_quote:
        return format_html("{} The original words are not recorded.", translation(appearance))
    status = appearance.original_status
    if status == QuoteStatus.VERIFIED:
        said = format_html(
            "The original words are verified in the {} of a cited source in {}.",
            _copy_checked(appearance.original_capture_id, "archived copy"),
            language,
        )
    elif status == QuoteStatus.NOT_FOUND:
        said = format_html(
            '<strong class="quote-not-found" style="color:#b00020">Warning: the original words '
            "were not found in the cited sources in {} ({}).</strong>",
            language,
            _copy_checked(appearance.original_capture_id, "copy checked"),
        )
    elif status == QuoteStatus.NO_SOURCE:
        said = format_html(
            "No cited source in that language ({}): cite one to check the original words.",
            language,
        )
    else:
        said = format_html(
            "Not yet captured: no cited source in {} has archived text yet.", language
        )
    return format_html("{} {}", translation(appearance), said)


def chain(appearance: Appearance) -> str:
    """The hops by which the words reached the outlet, nearest first.

    Reads appearance.attributions: prefetch them, with their claimants, where appearances
    are listed.
    """
    if appearance.pk is None:
        return "—"
    hops = [f"{hop.claimant.name} ({hop.verb})" for hop in appearance.attributions.all()]
    return " → ".join(hops) or "not logged yet"
