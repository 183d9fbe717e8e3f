"""Claims like the words a researcher types on an article's page, and one click to log those
words as another appearance of the claim they are.

Three views on the article's admin (`SimilarClaimsViews`): `similar/` answers the page's
script (claims/static/claims/admin/similar.js) in JSON as the researcher types a quote or a
new claim; `find-similar/` shows the same suggestions as a page, for a browser without the
script; `attach/` takes a POST of the words and the claim and logs them through
`appearance_add`, whose rules (a published claim's appearances are a reviewer's to change)
come back as messages. Only people who may add appearances see or use any of it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from config.api import error_body

from .. import similar
from ..api.reads import suggestable_claims
from ..models import Claim, Claimant
from ..models.languages import MAX_TAG_LENGTH
from ..services import WorkflowError, appearance_add
from ..similar.text import content_stems, crossing_stems, shares, words

ADD_APPEARANCE = "claims.add_appearance"
SHOWN = 5


def may_attach(user) -> bool:
    return user.has_perm(ADD_APPEARANCE)


def highlighted(text: str, typed: str) -> list[dict]:
    """text in pieces, each {"text", "shared"}: shared for a content word whose stem the
    typed words have too (or, written in Cyrillic, meet in Latin letters), so a page can
    <mark> it without writing HTML from strings."""
    stems, crossing = content_stems(typed), crossing_stems(typed)
    pieces: list[dict] = []
    rest = text
    for word in words(text):
        at = rest.find(word.written)
        if at < 0:
            continue
        shared = shares(word, stems, crossing)
        if at:
            pieces.append({"text": rest[:at], "shared": False})
        pieces.append({"text": word.written, "shared": shared})
        rest = rest[at + len(word.written) :]
    if rest:
        pieces.append({"text": rest, "shared": False})
    # Runs that are not shared in one piece each, so the page is a few nodes, not a word each.
    merged: list[dict] = []
    for piece in pieces:
        if merged and not piece["shared"] and not merged[-1]["shared"]:
            merged[-1]["text"] += piece["text"]
        else:
            merged.append(dict(piece))
    return merged


class SuggestionQuery(forms.Form):
    text = forms.CharField(required=False, strip=False)
    claimant = forms.ModelChoiceField(Claimant.objects.all(), required=False)


class AttachForm(forms.Form):
    """The words to log, and the claim they are an appearance of."""

    claim = forms.ModelChoiceField(
        Claim.objects.exclude(status=Claim.Status.MERGED),
        error_messages={"invalid_choice": "That claim is not there any more, or was merged."},
    )
    quote = forms.CharField(
        error_messages={"required": "Give the exact words as they were published here."}
    )
    position = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    made_on = forms.DateField(required=False)
    language = forms.CharField(required=False, max_length=MAX_TAG_LENGTH)


def suggestions_for(request, text: str, claimant: Claimant | None) -> dict:
    """The suggestions for text as the page and its script show them."""
    outcome = similar.suggest(
        text, claimant=claimant, among=suggestable_claims(request.user), limit=SHOWN
    )
    return {
        "results": [
            {
                "claim": {
                    "id": s.claim.pk,
                    "text": s.claim.text,
                    "claimant": s.claim.claimant.name,
                    "status": s.claim.get_status_display(),
                    "admin_url": reverse("admin:claims_claim_change", args=[s.claim.pk]),
                },
                "pieces": highlighted(s.claim.text, text),
                "score": s.score,
                "level": s.level,
                "reasons": [
                    {"kind": r.kind, "message": r.message, "words": r.words} for r in s.reasons
                ],
            }
            for s in outcome.results
        ],
        "semantic": {
            "used": outcome.semantic.available,
            "reason": outcome.semantic.reason,
            "model": outcome.semantic.model,
        },
    }


class SimilarClaimsViews:
    """The article admin's views of claims like typed words; mixed into ArticleAdmin."""

    def get_urls(self):
        views = [
            ("similar/", self.similar_view, "similar"),
            ("find-similar/", self.find_similar_view, "find_similar"),
            ("attach/", self.attach_view, "attach"),
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
        if obj is not None and may_attach(request.user):
            context["similar_claims"] = {
                "endpoint": reverse("admin:sources_source_similar", args=[obj.pk]),
                "find": reverse("admin:sources_source_find_similar", args=[obj.pk]),
                "attach": reverse("admin:sources_source_attach", args=[obj.pk]),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _article_for(self, request, object_id):
        """The article, once the person is known to be allowed to attach to it."""
        if not may_attach(request.user):
            raise PermissionDenied
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def similar_view(self, request, object_id) -> JsonResponse:
        try:
            self._article_for(request, object_id)
        except PermissionDenied:
            body = error_body(code="not_permitted", message="Only who may add appearances.")
            return JsonResponse(body, status=403)
        query = SuggestionQuery(request.GET)
        if not query.is_valid():
            body = error_body(code="invalid", message="Choose a claimant from the list.")
            return JsonResponse(body, status=400)
        try:
            found = suggestions_for(
                request, query.cleaned_data["text"], query.cleaned_data["claimant"]
            )
        except similar.SimilarInputError as error:
            return JsonResponse(error_body(code=error.code, message=error.message), status=400)
        return JsonResponse(found)

    def find_similar_view(self, request, object_id) -> TemplateResponse:
        article = self._article_for(request, object_id)
        query = SuggestionQuery(request.GET)
        text = request.GET.get("text", "")
        found, refusal = None, ""
        if query.is_valid():
            try:
                found = suggestions_for(request, text, query.cleaned_data["claimant"])
            except similar.SimilarInputError as error:
                refusal = error.message
        else:
            refusal = "Choose a claimant from the list."
        context = {
            **self.admin_site.each_context(request),
            "title": "Claims like these words",
            "opts": self.opts,
            "original": article,
            "text": text,
            "found": found,
            "refusal": refusal,
            "attach_url": reverse("admin:sources_source_attach", args=[article.pk]),
            "article_url": reverse("admin:sources_source_change", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/claims/similar/find.html", context)

    def attach_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_for(request, object_id)
        back = redirect("admin:sources_source_change", article.pk)
        form = AttachForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return back
        data = form.cleaned_data
        claim = data["claim"]
        if not suggestable_claims(request.user).filter(pk=claim.pk).exists():
            self.message_user(request, "That claim cannot be attached to.", messages.ERROR)
            return back
        try:
            appearance = appearance_add(
                claim=claim,
                by=request.user,
                source=article,
                quote=data["quote"],
                position=data["position"] or 0,
                made_on=data["made_on"],
                language=data["language"],
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return back
        self.message_user(
            request,
            f"Logged these words as an appearance of claim {claim.pk}, “{claim}”, at "
            f"position {appearance.position}.",
            messages.SUCCESS,
        )
        return back
