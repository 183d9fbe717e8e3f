"""What every API endpoint shares: one error shape, pagination, the schema's description of
the errors, and who may read and write.

Every error is {"code": ..., "message": ..., "fields": {field: [sentence, ...]}}, whatever
raised it: DRF, a service's WorkflowError, Django's own ValidationError, or a bug.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, pagination, status
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

# Workflow refusals that describe the state of the data rather than the request: asking again
# will not help until the claim or verdict changes, which is what 409 means.
CONFLICT_CODES = frozenset(
    {
        "transition_not_allowed",
        "verdict_not_editable",
        "verdict_already_drafted",
        "verdict_already_published",
        "claim_changed",
        "verdict_changed",
        "appearance_exists",
        "appearance_changed",
        "last_appearance",
        "merge_not_allowed",
        "both_published",
        "claimant_in_use",
        "proposal_exists",
        "proposal_stale",
        "proposal_decided",
        "discrepancy_no_longer_holds",
        "suggestion_decided",
    }
)


# Refusals of who is asking: another person may do it, this one may not.
FORBIDDEN_CODES = frozenset({"not_permitted", "review_required"})


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request body is too large."


def _fields(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(name): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in detail.items()
        }
    return {"non_field_errors": [str(m) for m in detail]} if isinstance(detail, list) else {}


def _from_django_validation(exc: DjangoValidationError) -> exceptions.ValidationError:
    field = getattr(exc, "field", None)
    if hasattr(exc, "error_dict"):
        error = exceptions.ValidationError(exc.message_dict)
    elif field:
        error = exceptions.ValidationError({field: exc.messages})
    else:
        error = exceptions.ValidationError({"non_field_errors": exc.messages})
    error.code_override = getattr(exc, "code", None) or "invalid"
    error.message_override = " ".join(exc.messages)
    if error.code_override in CONFLICT_CODES:
        error.status_code = status.HTTP_409_CONFLICT
    elif error.code_override in FORBIDDEN_CODES:
        error.status_code = status.HTTP_403_FORBIDDEN
    return error


def error_body(*, code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def exception_handler(exc, context):
    """DRF's handler, then the body rewritten into the one error shape."""
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation(exc)
    elif isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge(f"Send at most {limit} bytes of JSON in one request.")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        # A bug: log it with its traceback for us, and give the client the shape, not a page.
        logger.exception("Unhandled error in %s", context.get("view"), exc_info=exc)
        return JsonResponse(
            error_body(code="server_error", message="Something went wrong on our side."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        code = getattr(exc, "code_override", "invalid")
        fields = _fields(exc.detail)
        message = getattr(exc, "message_override", None) or "Some fields are not valid."
    else:
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        message = str(detail)
        fields = {}
    response.data = error_body(code=code, message=message, fields=fields)
    return response


@csrf_exempt
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Unknown paths under /api/ answer in the error shape, not with the site's HTML 404.

    CSRF-exempt because it changes nothing; otherwise a write to a mistyped path would get
    the CSRF failure page in HTML instead of this.
    """
    return JsonResponse(
        error_body(code="not_found", message="There is no API endpoint at this address."),
        status=status.HTTP_404_NOT_FOUND,
    )


ERROR_STATUSES = {
    "400": "The request is not valid; `fields` says which parts and why.",
    "401": "No or bad credentials where a write needs them.",
    "403": "Signed in, but not allowed to do this.",
    "404": "Not found, or not visible to you (drafts are not found, not forbidden).",
    "405": "This method is not allowed here.",
    "406": "No representation matches the Accept header.",
    "409": (
        "The claim, verdict or appearance is not in a state that allows this, or changed "
        "since you read it."
    ),
    "413": "The request body is larger than the limit.",
    "415": "Unsupported media type; send application/json.",
    "429": "Too many requests; wait for the seconds given in Retry-After.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular hook: every operation documents the error shape for every error."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "required": ["code", "message", "fields"],
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    }
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(code, {"description": description, "content": content})
            responses["429"]["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
            }
            responses.setdefault(
                "500", {"description": "A bug on our side, in the error shape.", "content": content}
            )
    return result


class CursorPagination(pagination.CursorPagination):
    """Stable pages however rows are added meanwhile; the order comes from ?ordering."""

    ordering = "-id"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class RejectUnknownFieldsMixin:
    """Refuse fields a serializer does not have, so a misspelt one is not silently dropped."""

    def validate(self, attrs):
        known = {name for name, field in self.fields.items() if not field.read_only}
        unknown = sorted(set(getattr(self, "initial_data", {}) or {}) - known)
        if unknown:
            raise exceptions.ValidationError(
                {name: ["This field is not known or cannot be written."] for name in unknown}
            )
        return super().validate(attrs)


class ReadOrModelPermission(BasePermission):
    """Anyone may read what the queryset lets them see; writes need the model permission."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return DjangoModelPermissions().has_permission(request, view)


def is_staff_reader(user, perm: str) -> bool:
    """Whether user reads unpublished rows of a model, given its view permission."""
    return bool(user and user.is_authenticated and user.has_perm(perm))
