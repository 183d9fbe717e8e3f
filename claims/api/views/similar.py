"""Claims like a typed text, over the API: `GET /api/v1/claims/similar/?text=…`, a list
action of the claims' viewset, so that its route comes before `claims/{id}/`.

Staff who read unpublished claims are suggested every claim not merged away; everyone else
only public claims, shown as the public pages show them. The text is checked by
claims.similar.validate, and a refusal answers in the API's error shape with its own code.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ... import similar, visibility
from ...models import Claimant
from ..reads import suggestable_claims
from ..serializers import SimilarClaimsQuerySerializer, SimilarClaimsSerializer
from ..serializers.common import MAX_ID


def refusal(field: str, code: str, message: str) -> exceptions.ValidationError:
    """A 400 whose code and message are ours, with the message under field."""
    error = exceptions.ValidationError({field: [message]})
    error.code_override, error.message_override = code, message
    return error


def claimant_for(user, given: str) -> Claimant | str | None:
    """The claimant a query names: by id, among the claimants user may read, or a name as
    printed, which the matcher compares with every claimant's names."""
    if not given:
        return None
    if not given.isdigit():
        return given
    pk = int(given)
    # An id past the largest the database stores names nobody, and SQLite cannot compare it.
    found = None
    if pk <= MAX_ID:
        found = visibility.visible_to(user, Claimant.objects.all()).filter(pk=pk).first()
    if found is None:
        raise refusal(
            "claimant",
            "claimant_not_found",
            f"There is no claimant {given}; give a claimant's id or a name as printed.",
        )
    return found


class SimilarClaimsMixin:
    """The claims viewset's `similar` action."""

    @extend_schema(parameters=[SimilarClaimsQuerySerializer], responses=SimilarClaimsSerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def similar(self, request: Request) -> Response:
        """Claims likely the same as, or related to, `text` (a quote or a claim as typed),
        best first: each with a score from 0 to 1, a level (`same`: attach the text as an
        appearance of it; `related`: worth a look) and the reasons, with the shared words to
        highlight. Look here before logging a claim. `semantic` says whether matching by
        meaning took part, and why not when it did not; without it, wording alone counts.

        Refused with 400: no text (text_required), over 5,000 characters (text_too_long), a
        text of punctuation and stop words only (text_without_words), a limit outside 1 to
        20, or a claimant id that names no claimant you can see (claimant_not_found).
        """
        query = SimilarClaimsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        text = given.get("text", "")
        try:
            similar.validate(text)
        except similar.SimilarInputError as error:
            raise refusal("text", error.code, error.message) from error
        claimant = claimant_for(request.user, given.get("claimant", ""))
        outcome = similar.suggest(
            text,
            claimant=claimant,
            among=suggestable_claims(request.user),
            limit=given["limit"],
        )
        body = SimilarClaimsSerializer(outcome, context=self.get_serializer_context())
        return Response(body.data)
