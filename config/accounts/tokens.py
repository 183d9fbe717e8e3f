"""API tokens: django-rest-knox's, kept as a SHA-512 digest (the key itself is shown once,
when an administrator makes it) and valid until their expiry (API_TOKEN_DAYS from creation);
revoking one is deleting it.

Clients send `Authorization: Token <key>`, as they did with DRF's plain tokens.
"""

from datetime import UTC, datetime, timedelta
from hmac import compare_digest

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken, get_digest_token
from knox.settings import CONSTANTS
from rest_framework import exceptions


class TokenExpired(exceptions.AuthenticationFailed):
    default_code = "token_expired"


class TokenInvalid(exceptions.AuthenticationFailed):
    default_code = "token_invalid"


def token_lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_DAYS)


def token_create(
    *, user: AbstractBaseUser, expiry: datetime | None = None
) -> tuple[AuthToken, str]:
    """A new token for user, valid until expiry (API_TOKEN_DAYS from now by default), and
    its key: the only time the key exists outside the client that keeps it."""
    token = AuthToken(user=user, expiry=expiry or timezone.now() + token_lifetime())
    key = token_key_set(token)
    token.save(force_insert=True)
    return token, key


def token_key_set(token: AuthToken) -> str:
    """Give an unsaved token a new random key, keeping only its digest and first characters
    (by which knox finds it), and return the key."""
    token.digest, key = get_digest_token()
    token.token_key = key[: CONSTANTS.TOKEN_KEY_LENGTH]
    return key


class ExpiringTokenAuthentication(TokenAuthentication):
    """knox's token check, with an expired token refused as expired (and kept, so the admin
    shows it) rather than deleted mid-request and reported as unknown."""

    def authenticate_credentials(self, key: bytes):
        try:
            text = key.decode("ascii")
        except UnicodeDecodeError:
            raise TokenInvalid("This API token is not valid.") from None
        digest = hash_token(text)
        candidates = AuthToken.objects.filter(
            token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user")
        token = next((t for t in candidates if compare_digest(t.digest, digest)), None)
        if token is None:
            raise TokenInvalid(
                "This API token is not valid: it was revoked, or never existed. Ask an "
                "administrator for a new one."
            )
        if token.expiry is not None and token.expiry <= timezone.now():
            raise TokenExpired(
                f"This API token expired on {token.expiry.astimezone(UTC):%Y-%m-%d %H:%M} UTC. "
                "Ask an administrator for a new one."
            )
        return self.validate_user(token)


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """The token scheme in the OpenAPI description."""

    target_class = ExpiringTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
        scheme["description"] = (
            "Authorization: Token <key>. Tokens are made in the admin (the key is shown "
            f"once), expire after API_TOKEN_DAYS ({settings.API_TOKEN_DAYS}) days and are "
            "revoked by deleting them there; an expired or revoked token is answered 401."
        )
        return scheme
