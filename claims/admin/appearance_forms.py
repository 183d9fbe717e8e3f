"""The forms appearances are written through in the admin: one appearance on its own page, or a
row of a claim's or an article's appearances, and the rows saved through the services.

The forms check what the services would refuse (clean_appearance, a place already taken, a
published claim changed by a researcher) while they validate, with the services' own
messages, so errors show before anything is saved. What the services still refuse while
saving (a claim's last appearance removed, a race) comes back on its row through
`WorkflowErrorsOnTheForm`.
"""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.models import AbstractBaseUser
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet

from config.validators import no_bidi_reordering

from .. import visibility
from ..models import Appearance, Claim, Claimant
from ..services import (
    APPEARANCE_FIELDS,
    AppearanceInvalid,
    WorkflowError,
    appearance_add,
    appearance_remove,
    appearance_update,
    claim_create,
    clean_appearance,
    require_appearances_editable,
    require_free_place,
)
from .forms import ShowsRefusal, revision_as_opened


def locked_for(appearance: Appearance, *, reviews: bool) -> bool:
    """Whether an appearance is one its editor may not change, as require_appearances_editable
    decides, from what its row was read with (`claim`, and `claim_is_public` where the
    queryset annotated it): a merged claim's, or a published claim's for someone who does
    not review. The service itself says why when a change is posted."""
    claim = appearance.claim
    if claim.status == Claim.Status.MERGED:
        return True
    if reviews:
        return False
    public = getattr(appearance, "claim_is_public", None)
    return visibility.is_public(claim.pk) if public is None else public


class AppearanceForm(ShowsRefusal, forms.ModelForm):
    """An appearance's own fields, checked as the services check them.

    An appearance its editor may not change is shown with its fields disabled; a post that
    changes one anyway is refused with the service's reason, and nothing of it is saved.
    """

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Who is editing and whether they review, set by the admin on the form class it makes
    # for each request.
    editor: AbstractBaseUser | None = None
    editor_reviews = False

    class Meta:
        model = Appearance
        fields = list(APPEARANCE_FIELDS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "quote" in self.fields:
            # clean_appearance refuses an empty quote, saying what to write instead.
            self.fields["quote"].required = False
        if "position" in self.fields:
            self.fields["position"].required = False
        self.locked = False
        if self.instance.pk is not None:
            self.fields["seen_revision"].initial = revision_as_opened(self.instance)
            self.locked = locked_for(self.instance, reviews=self.editor_reviews)
        if self.locked:
            for name in self.written_fields():
                self.fields[name].disabled = True

    def written_fields(self) -> list[str]:
        """The fields a person writes, as opposed to the form's bookkeeping."""
        return [name for name in self.fields if name not in ("seen_revision", DELETION_FIELD_NAME)]

    def clean_position(self) -> int:
        # Words whose place nobody gave are at the start, as the services take them.
        return self.cleaned_data.get("position") or 0

    def has_changed(self) -> bool:
        # The revision is bookkeeping: a row as it is in the database has nothing to save,
        # however old the revision it was opened at.
        return any(name != "seen_revision" for name in self.changed_data)

    def appearance_fields(self) -> dict:
        """What the form gives of the appearance, cleaned, as the services take it."""
        return {
            name: self.cleaned_data[name]
            for name in APPEARANCE_FIELDS
            if name in self.fields and not self.fields[name].disabled
        }

    def posted_changes(self) -> list[str]:
        """The disabled fields a post gives another value: a change to a locked appearance.
        A browser posts no disabled field, so an ordinary save shows up as none."""
        changed = []
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if not field.disabled or name == "seen_revision" or key not in self.data:
                continue
            posted = field.widget.value_from_datadict(self.data, self.files, key)
            # A disabled field never says it changed; the same field enabled does.
            enabled = copy.copy(field)
            enabled.disabled = False
            if enabled.has_changed(self.get_initial_for_field(field, name), posted):
                changed.append(name)
        return changed

    def claim_for_check(self) -> Claim | None:
        """The claim whose rules this form's appearance is held to; None for one not logged."""
        return self.instance.claim if self.instance.claim_id else None

    def source_id_for_check(self) -> int | None:
        source = self.cleaned_data.get("source")
        return source.pk if source is not None else self.instance.source_id

    def clean(self):
        cleaned_data = self.cleaned_data
        if self.refused_here():
            self.show_refusal()
            return cleaned_data
        if self.locked:
            if self.posted_changes():
                try:
                    require_appearances_editable(self.instance.claim, self.editor)
                except WorkflowError as error:
                    self.add_error(self.error_field(error), str(error))
            return cleaned_data
        if not self.has_changed():
            return cleaned_data
        try:
            fields = clean_appearance(
                {name: cleaned_data.get(name) for name in APPEARANCE_FIELDS if name in self.fields}
            )
            self.check_claim()
            source_id = self.source_id_for_check()
            if source_id is not None:
                require_free_place(
                    Appearance(
                        pk=self.instance.pk,
                        source_id=source_id,
                        position=fields["position"],
                        quote=fields["quote"],
                    )
                )
        except WorkflowError as error:
            self.add_error(self.error_field(error), str(error))
            # The model's own checks would only say the same less clearly.
            return cleaned_data
        cleaned_data.update(
            {name: fields[name] for name in APPEARANCE_FIELDS if name in self.fields}
        )
        return super().clean()

    def check_claim(self) -> None:
        """Raise the service's refusal when the claim's appearances are not the editor's to
        change."""
        claim = self.claim_for_check()
        if claim is not None:
            require_appearances_editable(claim, self.editor)

    def error_field(self, error: WorkflowError) -> str | None:
        field = error.field
        return field if field in self.fields and not self.fields[field].disabled else None


class ClaimAppearanceRowForm(AppearanceForm):
    """A row of a claim's appearances. An appearance's source is changed on its own page,
    so a logged row shows it and the form holds it as it is."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["source"].widget = forms.HiddenInput()
            self.fields["source"].disabled = True


class ArticleAppearanceRowForm(AppearanceForm):
    """A row of an article's appearances: words that are an existing claim, chosen, or a
    new claim, written with its claimant on the row."""

    new_claim_text = forms.CharField(
        label="or a new claim",
        required=False,
        # Model validation sees the claim only once the service writes it; check it here.
        validators=[no_bidi_reordering],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For words that make a claim not logged yet: the claim in one checkable "
        "sentence. It is logged as a draft.",
    )
    new_claim_claimant = forms.ModelChoiceField(
        Claimant.objects.all(),
        label="who made it",
        required=False,
        widget=AutocompleteSelect(Claim._meta.get_field("claimant"), admin.site),
    )

    class Meta(AppearanceForm.Meta):
        fields = ["claim", *APPEARANCE_FIELDS]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claim"].required = False
        self.fields["claim"].label = "this is claim"
        if self.instance.pk is not None:
            # Which claim a logged appearance is of changes by a merge or a split.
            for name in ("claim", "new_claim_text", "new_claim_claimant"):
                self.fields[name].widget = forms.HiddenInput()
                self.fields[name].disabled = True

    def claim_for_check(self) -> Claim | None:
        if self.instance.pk is not None:
            return self.instance.claim
        return self.cleaned_data.get("claim")

    def source_id_for_check(self) -> int | None:
        # The article is the row's source; a new article has no appearances to clash with.
        return self.instance.source_id

    def check_claim(self) -> None:
        if self.instance.pk is None:
            data = self.cleaned_data
            text = (data.get("new_claim_text") or "").strip()
            if data.get("claim") is not None and (text or data.get("new_claim_claimant")):
                raise AppearanceInvalid(
                    "Choose the claim these words are, or write a new claim: not both.",
                    field="claim",
                )
            if data.get("claim") is None:
                if not text:
                    raise AppearanceInvalid(
                        "Choose the claim these words are, or write the new claim they make.",
                        field="claim",
                    )
                if data.get("new_claim_claimant") is None:
                    raise AppearanceInvalid(
                        "Choose who made the new claim.", field="new_claim_claimant"
                    )
                data["new_claim_text"] = text
        try:
            super().check_claim()
        except WorkflowError as error:
            # The claim chosen on the row is the one refused.
            error.field = error.field or "claim"
            raise


class AppearanceRowFormSet(BaseInlineFormSet):
    """A claim's or an article's appearance rows."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if getattr(form, "locked", False) and DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].disabled = True

    def _should_delete_form(self, form) -> bool:
        # A row the services refused to remove stays, with why.
        return super()._should_delete_form(form) and not form.refused_here()

    @property
    def media(self):
        # A logged row shows its claim or source without its autocomplete; a new row has it.
        return self.empty_form.media


def save_appearance_rows(formset: AppearanceRowFormSet, *, by: AbstractBaseUser, parent: dict):
    """Write formset's rows through the services: a removed row by appearance_remove, a
    changed one by appearance_update, a new one by appearance_add, or by claim_create when
    it is a new claim. parent is what the page gives every row (its "claim" or "source").

    A refusal is raised with `form_prefix` naming its row. The formset's lists of new,
    changed and deleted objects are filled for the admin's change message.
    """
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set(formset.deleted_forms)
    for form in formset.forms:
        try:
            _save_row(formset, form, by=by, parent=parent, deleted=form in deleted)
        except WorkflowError as error:
            error.form_prefix = form.prefix
            raise


def _save_row(formset, form, *, by, parent: dict, deleted: bool) -> None:
    appearance = form.instance
    if deleted:
        if appearance.pk is not None:
            appearance_remove(appearance=appearance, by=by)
            formset.deleted_objects.append(appearance)
        return
    if getattr(form, "logged_with_claim", None) is not None:
        formset.new_objects.append(form.logged_with_claim)
        return
    if form.locked or not form.has_changed():
        return
    fields = form.appearance_fields()
    if appearance.pk is not None:
        saved = appearance_update(
            appearance=appearance,
            by=by,
            seen_revision=form.cleaned_data.get("seen_revision"),
            **fields,
        )
        formset.changed_objects.append((saved, form.changed_data))
        return
    fields = {**fields, **{k: v for k, v in parent.items() if k in APPEARANCE_FIELDS}}
    claim = parent.get("claim") or form.cleaned_data.get("claim")
    if claim is not None:
        saved = appearance_add(claim=claim, by=by, **fields)
    else:
        saved = claim_create(
            by=by,
            text=form.cleaned_data["new_claim_text"],
            claimant=form.cleaned_data["new_claim_claimant"],
            **fields,
        ).first_appearance
    formset.new_objects.append(saved)


def first_new_row(formset: AppearanceRowFormSet) -> AppearanceForm:
    """The row a claim being logged takes as its first appearance."""
    deleted = set(formset.deleted_forms)
    return next(form for form in formset.forms if form.has_changed() and form not in deleted)
