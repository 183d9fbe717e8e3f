"""The URL field sources are stored with, normalised on the way in (sources.urlnorm)."""

from django import forms
from django.db import models

from .urlnorm import normalize_url


class SourceURLFormField(forms.URLField):
    """A URL form field that normalises instead of guessing a scheme for bare input."""

    def to_python(self, value):
        value = forms.CharField.to_python(self, value)
        return normalize_url(value) if value else value


class SourceURLField(models.URLField):
    """Stores URLs normalised (sources.urlnorm), so the unique index sees one page once."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_url(value) if value else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = normalize_url(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": SourceURLFormField, "assume_scheme": "https", **kwargs}
        )
