"""Suggested claims on the article's admin page: the sentences of its archived text worth
logging, best first, each in its context with its reasons and guesses; "Log this claim"
opens a form filled from the guesses, and a sentence can be dismissed with a reason."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from sources.models import Capture

from ..models import Attribution, Claim, Claimant, ClaimantName, SuggestedClaim, name_key
from ..services import (
    SuggestionInvalid,
    WorkflowError,
    claimant_for,
    suggestion_dismiss,
    suggestion_log,
)
from ..suggestions.attribution import kind_of
from ..suggestions.scoring import ATTRIBUTED, QUOTED

# How much of the text either side of a sentence its row shows.
CONTEXT = 160
SHOWN_ON_THE_PAGE = 25
# What the panel shows of an open suggestion.
PANEL_COLUMNS = (
    "sentence", "start", "end", "capture", "score", "reasons", "claimant__name",
    "claimant__affiliation", "claimant_name", "claimant_kind", "claimant_how", "chain",
    "figures", "matches",
)  # fmt: skip
HOP = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<verb>[^()]+)\)\s*$")
VERB_LENGTH = Attribution._meta.get_field("verb").max_length
# The form's fields for those the services name.
FORM_FIELDS = {"claimant_name": "new_claimant_name", "claimant_kind": "new_claimant_kind"}


def in_context(suggestion: SuggestedClaim, text: str) -> dict:
    """The sentence with up to CONTEXT characters of text, its capture's, either side, cut
    at a word."""
    if text[suggestion.start : suggestion.end] != suggestion.sentence:
        return {"before": "", "sentence": suggestion.sentence, "after": ""}
    before = text[max(0, suggestion.start - CONTEXT) : suggestion.start]
    after = text[suggestion.end : suggestion.end + CONTEXT]
    if suggestion.start > CONTEXT and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if suggestion.end + CONTEXT < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return {"before": before, "sentence": suggestion.sentence, "after": after}


def words_to_log(suggestion: SuggestedClaim) -> str:
    """What the form offers as the quote: the quotation when the sentence attributes a
    quotation to someone ('"We've come as cannon fodder," he said'), else the sentence."""
    quoted = next(
        (q for q in QUOTED.finditer(suggestion.sentence) if len(q["words"].split()) >= 3), None
    )
    attributed = any(reason["kind"] == ATTRIBUTED for reason in suggestion.reasons)
    return quoted["words"].rstrip(",") if quoted and attributed else suggestion.sentence


def chain_text(chain: list) -> str:
    return "\n".join(f"{name} ({verb})" for name, verb in chain)


def claimant_kind(guessed: str) -> str:
    """A new claimant's kind as guessed from their name; one the rules cannot tell
    ("local residents", "witnesses") is an unnamed source."""
    return guessed if guessed in Claimant.Kind.values else Claimant.Kind.UNNAMED


def may_log(user) -> bool:
    return user.has_perm("claims.add_claim") and user.has_perm("claims.change_suggestedclaim")


class LogForm(forms.Form):
    text = forms.CharField(
        label="The claim",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One checkable sentence.",
    )
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The article's words, verbatim: trim them to the claim, change none.",
    )
    claimant = forms.ModelChoiceField(
        queryset=Claimant.objects.all(),
        required=False,
        widget=AutocompleteSelect(Claim._meta.get_field("claimant"), admin.site),
        help_text="A claimant already logged; or name a new one below.",
    )
    new_claimant_name = forms.CharField(
        required=False,
        max_length=200,
        help_text="As the article prints it; a new claimant of this name is logged only "
        "when none is chosen above.",
    )
    new_claimant_kind = forms.ChoiceField(choices=Claimant.Kind.choices, required=False)
    chain = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How it reached the article, one hop a line from the outlet outward: "
        "“Reuters (citing)”. Each name is the claimant logged under it (in any script or "
        "case), or a new one.",
    )
    position = forms.IntegerField(min_value=0, help_text="Where in the article it stands.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("claimant") and not cleaned.get("new_claimant_name", "").strip():
            self.add_error("claimant", "Choose who made the claim, or name a new claimant.")
        hops = []
        for line in (cleaned.get("chain") or "").splitlines():
            if not line.strip():
                continue
            hop = HOP.match(line)
            if hop is None:
                self.add_error("chain", f"“{line.strip()}”: write a hop as “Name (verb)”.")
                continue
            verb = hop["verb"].strip()
            if len(verb) > VERB_LENGTH:
                self.add_error(
                    "chain",
                    f"“{line.strip()}”: a hop's verb is at most {VERB_LENGTH} characters "
                    f"(this one has {len(verb)}): say how it passed the claim on in a word "
                    "or two, “citing”, “quoting”, “said”.",
                )
                continue
            hops.append((hop["name"], verb))
        cleaned["hops"] = hops
        return cleaned


def _known_as(name: str) -> Claimant | None:
    """The one claimant logged under name or an other name with its name key (in another
    script, case or accents), as the suggestions guess them. A name only like another's is
    not theirs ("Ukrainian army" is 87.5 % "Russian army"), nor one two claimants share."""
    key = name_key(name)
    if not key:
        return None
    known = set(ClaimantName.objects.filter(key=key[:200]).values_list("claimant_id", flat=True))
    known |= {
        pk
        for pk, written in Claimant.objects.values_list("pk", "name").iterator()
        if name_key(written) == key
    }
    return Claimant.objects.get(pk=known.pop()) if len(known) == 1 else None


def _hop_claimant(name: str, by) -> Claimant:
    """The claimant logged under a hop's name, else a new one of that name."""
    known = _known_as(name)
    if known is not None:
        return known
    try:
        return claimant_for(name=name, kind=claimant_kind(kind_of(name)), by=by)
    except SuggestionInvalid as error:
        raise SuggestionInvalid(f"In the chain: {error}", field="chain") from error


class SuggestedClaimsViews:
    """The article admin's suggested claims; mixed into ArticleAdmin."""

    def get_urls(self):
        views = [
            ("suggested-claims/<int:suggestion_id>/log/", self.log_view, "suggestion_log"),
            (
                "suggested-claims/<int:suggestion_id>/dismiss/",
                self.dismiss_view,
                "suggestion_dismiss",
            ),
        ]
        return [
            path(
                f"<path:object_id>/{route}",
                self.admin_site.admin_view(view),
                name=f"sources_source_{name}",
            )
            for route, view, name in views
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.user.has_perm("claims.view_suggestedclaim"):
            suggestions = SuggestedClaim.objects.filter(source=obj)
            shown = list(
                suggestions.filter(status=SuggestedClaim.Status.OPEN)
                .select_related("claimant")
                .only(*PANEL_COLUMNS)
                .order_by("-score", "start")[:SHOWN_ON_THE_PAGE]
            )
            # One capture's text for all the rows it was read from, not a copy with each.
            texts = dict(
                Capture.objects.filter(pk__in={s.capture_id for s in shown}).values_list(
                    "pk", "text"
                )
            )
            logged = (
                suggestions.filter(status=SuggestedClaim.Status.LOGGED)
                .select_related("appearance")
                .only("sentence", "appearance__claim")
                .order_by("position", "pk")
            )
            context["suggested_claims"] = {
                "run": getattr(obj, "suggestion_run", None),
                "open": [(s, in_context(s, texts.get(s.capture_id, ""))) for s in shown],
                "logged": list(logged),
                "may_log": may_log(request.user),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _suggestion_for(self, request, object_id, suggestion_id) -> SuggestedClaim:
        if not may_log(request.user):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None:
            raise PermissionDenied
        return get_object_or_404(
            SuggestedClaim.objects.select_related("capture", "claimant", "source"),
            pk=suggestion_id,
            source=article,
        )

    def log_view(self, request, object_id, suggestion_id):
        suggestion = self._suggestion_for(request, object_id, suggestion_id)
        article_url = reverse("admin:sources_source_change", args=[suggestion.source_id])
        initial = {
            "text": suggestion.sentence,
            "quote": words_to_log(suggestion),
            "claimant": suggestion.claimant,
            # As the article prints it, guessed claimant or not: what the researcher reads.
            "new_claimant_name": suggestion.claimant_name,
            "new_claimant_kind": claimant_kind(suggestion.claimant_kind),
            "chain": chain_text(suggestion.chain),
            "position": suggestion.position,
        }
        form = LogForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    claimant = data["claimant"] or claimant_for(
                        name=data["new_claimant_name"],
                        kind=data["new_claimant_kind"],
                        by=request.user,
                    )
                    chain = [
                        (_hop_claimant(name, request.user), verb) for name, verb in data["hops"]
                    ]
                    claim = suggestion_log(
                        suggestion=suggestion,
                        by=request.user,
                        text=data["text"],
                        claimant=claimant,
                        quote=data["quote"],
                        chain=chain,
                        position=data["position"],
                    )
            except WorkflowError as error:
                field = FORM_FIELDS.get(error.field, error.field)
                form.add_error(field if field in form.fields else None, str(error))
            else:
                self.message_user(
                    request, f"Logged claim {claim.pk}, “{claim}”, as a draft.", messages.SUCCESS
                )
                return redirect(article_url)
        text = suggestion.capture.text if suggestion.capture else ""
        context = {
            **self.admin_site.each_context(request),
            "title": "Log this claim",
            "opts": self.opts,
            "original": suggestion.source,
            "suggestion": suggestion,
            "context": in_context(suggestion, text),
            "form": form,
            "media": self.media + form.media,
            "article_url": article_url,
        }
        return TemplateResponse(request, "admin/claims/suggestions/log.html", context)

    def dismiss_view(self, request, object_id, suggestion_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        suggestion = self._suggestion_for(request, object_id, suggestion_id)
        try:
            suggestion_dismiss(
                suggestion=suggestion, by=request.user, reason=request.POST.get("reason", "")
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"Dismissed “{suggestion}”.", messages.SUCCESS)
        return redirect("admin:sources_source_change", suggestion.source_id)
