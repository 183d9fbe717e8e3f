"""The figures of an appearance's quote on its admin page: read when the quote is saved, and
corrected, added or removed here by researchers (on a published claim, by reviewers), each
through the figure services, which a later reading of the quote never undoes."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..figures.compare import comparisons
from ..figures.units import in_one_unit
from ..models import Figure, FigureKind
from ..services import FigureInvalid, WorkflowError, figure_add, figure_remove, figure_update
from .forms import WorkflowForm

FIELDS = ["words", "value", "upper", "qualifier", "unit", "kind"]


class FigureForm(WorkflowForm):
    class Meta:
        model = Figure
        fields = FIELDS
        widgets = {
            "words": forms.TextInput(attrs={"size": 24}),
            "unit": forms.TextInput(attrs={"size": 10}),
        }


class FigureInline(admin.TabularInline):
    """The quote's figures, in quote order; a removed one is not listed (its row stays, so
    the next reading of the quote does not bring it back)."""

    model = Figure
    form = FigureForm
    extra = 1
    fields = [*FIELDS, "in_one_unit", "origin", "stale"]
    readonly_fields = ["in_one_unit", "origin", "stale"]
    verbose_name_plural = (
        "figures (read from the quote whenever it is saved; correct, add or remove them here: "
        "the words must stand in the quote)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(removed=False).order_by("start", "pk")

    @admin.display(description="in one unit")
    def in_one_unit(self, figure: Figure) -> str:
        if figure.pk is None:
            return ""
        return f"{figure.normalised_value:,.6g} {figure.normalised_unit}".strip()


def save_figure_rows(formset, *, by: AbstractBaseUser) -> None:
    """Write the inline's rows through the figure services; a refusal names its row
    (`form_prefix`), and the formset's lists feed the admin's change message."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = set(formset.deleted_forms)
    for form in formset.forms:
        try:
            _save_row(formset, form, by=by, deleted=form in deleted)
        except WorkflowError as error:
            error.form_prefix = form.prefix
            raise


def _save_row(formset, form, *, by: AbstractBaseUser, deleted: bool) -> None:
    figure = form.instance
    if figure.pk is not None and not Figure.objects.filter(pk=figure.pk).exists():
        if deleted or not form.has_changed():
            return  # read again with the quote this same save changed
        raise FigureInvalid(
            "The quote changed in this same save, so its figures were read again: save the "
            "quote first, then correct its figures against the new words."
        )
    if deleted:
        if figure.pk is not None:
            figure_remove(figure=figure, by=by)
            formset.deleted_objects.append(figure)
        return
    if not form.has_changed():
        return
    if figure.pk is None:
        fields = {name: form.cleaned_data[name] for name in FIELDS}
        formset.new_objects.append(figure_add(appearance=formset.instance, by=by, **fields))
        return
    changes = {name: form.cleaned_data[name] for name in form.changed_data if name in FIELDS}
    saved = figure_update(figure=figure, by=by, **changes)
    formset.changed_objects.append((saved, form.changed_data))


LABELS = {"agree": "agree", "differ": "differ", "qualifier_differs": "qualifier differs"}


def figures_compared(claim) -> SafeString:
    """The claim's appearances' figures of each kind side by side, in one unit, with whether
    they agree: the same comparison the API gives (claims.figures.compare.comparisons)."""
    if claim.pk is None:
        return format_html("{}", "—")
    by_appearance: dict[int, list[Figure]] = {}
    shown = Figure.objects.filter(appearance__claim=claim, removed=False, stale=False)
    for figure in shown.order_by("appearance", "start", "pk"):
        by_appearance.setdefault(figure.appearance_id, []).append(figure)
    found = comparisons(by_appearance.items())
    if not found:
        return format_html("{}", "No figure is stated by two of its appearances.")
    rows = format_html_join(
        "",
        "<tr><th scope='row'>{}</th><td><strong>{}</strong></td><td>{}</td></tr>",
        (
            (
                FigureKind(c["kind"]).label,
                LABELS[c["label"]],
                format_html_join(
                    "; ",
                    "“{}” ({})",
                    (
                        (f.words, in_one_unit(f.normalised_value, f.normalised_unit))
                        for _, f in c["figures"]
                    ),
                ),
            )
            for c in found
        ),
    )
    return format_html(
        "<table><thead><tr><th>figure</th><th>accounts</th><th>each appearance's, in one "
        "unit</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )
