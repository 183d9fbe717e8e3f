"""Bidirectional-control characters: refused where they can only deceive, kept in words.

An override (U+202E) makes `https://example.org/\u202egnp.exe` read as `…exe.png`, and a name
or slug that holds one reads as another. URLs, names and slugs are refused when they hold any
of the controls. Words (a claim, a quote, a summary) keep the three marks (LRM, RLM and the
Arabic letter mark), which Arabic and Hebrew text carries where it quotes a number or a Latin
name, and refuse the embeddings, overrides and isolates, which reorder what follows them;
pages show words inside an element of their own direction (`dir="auto"`), so even a mark
cannot reach the text around them.
"""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

MARKS = {"\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM"}
REORDERING = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
BIDI_CONTROLS = MARKS | REORDERING


def _found(value: str, controls: dict[str, str]) -> list[str]:
    return [f"U+{ord(c):04X} {controls[c]}" for c in dict.fromkeys(value) if c in controls]


def _refuse(value: object, controls: dict[str, str], what: str) -> None:
    if not isinstance(value, str):
        return
    found = _found(value, controls)
    if found:
        raise ValidationError(
            "%(what)s holds a bidirectional-control character (%(found)s) that can make it "
            "read as something else; remove it.",
            code="bidi_control",
            params={"what": what, "found": ", ".join(found)},
        )


def bidi_controls_in(value: str, controls: dict[str, str] = BIDI_CONTROLS) -> list[str]:
    """The controls (all the bidirectional ones by default) in value, each named once
    ("U+202E RLO"), in order."""
    return _found(value, controls)


class _RefusingControls:
    """A field validator refusing the controls of its kind, naming the field as what."""

    controls: dict[str, str]
    default_what: str

    def __init__(self, what: str | None = None) -> None:
        self.what = what or self.default_what

    def __call__(self, value: object) -> None:
        _refuse(value, self.controls, self.what)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.what == self.what


@deconstructible
class NoBidiControls(_RefusingControls):
    """For URLs, names and slugs: none of the bidirectional controls, marks included."""

    controls, default_what = BIDI_CONTROLS, "This value"


@deconstructible
class NoBidiReordering(_RefusingControls):
    """For words: the marks are kept, the controls that reorder what follows are refused."""

    controls, default_what = REORDERING, "This text"


no_bidi_controls = NoBidiControls()
no_bidi_reordering = NoBidiReordering()


class BidiControlsRefused(ValidationError):
    """A save refused for the bidi controls in the fields it names (the API's error code)."""

    code = "bidi_control"


def _bidi_validators(field) -> list[_RefusingControls]:
    return [v for v in field.validators if isinstance(v, _RefusingControls)]


def refuse_new_bidi_controls(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save: runs the fields' bidi validators on every save, so that writes that pass no
    form or serializer (services given plain values, the ClaimReview import, the demo, a
    shell) are held to them too. A value already stored as it is passes: rows written
    before the validators keep their words until someone edits that field."""
    if raw:
        return
    errors: dict[str, list[ValidationError]] = {}
    for field in instance._meta.concrete_fields:
        if update_fields is not None and field.name not in update_fields:
            continue
        for validator in _bidi_validators(field):
            try:
                validator(getattr(instance, field.attname))
            except ValidationError as error:
                errors.setdefault(field.name, []).append(error)
    if errors and not instance._state.adding:
        stored = sender._base_manager.filter(pk=instance.pk).values(*errors).first() or {}
        errors = {
            name: found
            for name, found in errors.items()
            if stored.get(name) != getattr(instance, instance._meta.get_field(name).attname)
        }
    if errors:
        raise BidiControlsRefused(errors)


def guard_bidi_controls(*models) -> None:
    """Connects refuse_new_bidi_controls for each of models (not their history models,
    whose rows copy what was saved, legacy values included)."""
    from django.db.models.signals import pre_save

    for model in models:
        pre_save.connect(
            refuse_new_bidi_controls,
            sender=model,
            dispatch_uid=f"config.validators.bidi.{model._meta.label}",
        )
