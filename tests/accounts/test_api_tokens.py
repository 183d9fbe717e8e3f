"""API tokens (config.accounts.tokens): kept as a digest, refused once expired or revoked,
made in the admin with the key shown once, and DRF's plain tokens carried over."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from knox.models import AuthToken

from config.accounts.tokens import token_create
from tests.factories import UserFactory

CLAIMS = "/api/v1/claims/"


def _stored_text() -> str:
    """Every column of every stored token, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")  # noqa: S608
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


@pytest.mark.django_db
def test_a_tokens_key_is_not_in_the_database(client, staff):
    _, key = token_create(user=staff)

    assert key not in _stored_text()
    assert client.get(CLAIMS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


@pytest.mark.django_db
def test_an_expired_token_is_refused_with_401_in_the_error_shape(client, staff):
    token, key = token_create(user=staff, expiry=timezone.now() + timedelta(days=1))
    AuthToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(minutes=1))

    response = client.get(CLAIMS, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "token_expired"
    assert "expired" in body["message"]
    assert response["WWW-Authenticate"] == "Token"
    assert AuthToken.objects.filter(pk=token.pk).exists()  # kept for the admin to show


@pytest.mark.django_db
def test_a_revoked_token_is_refused_with_401(client, staff):
    token, key = token_create(user=staff)
    token.delete()

    response = client.get(CLAIMS, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
    assert "revoked" in response.json()["message"]


@pytest.mark.django_db
def test_a_token_lasts_api_token_days_by_default(settings, staff):
    settings.API_TOKEN_DAYS = 30
    token, _ = token_create(user=staff)
    assert timedelta(days=29) < token.expiry - timezone.now() <= timedelta(days=30)


@pytest.mark.django_db
def test_the_admin_makes_a_token_shows_its_key_once_and_revokes_it(admin_client, staff):
    add = "/admin/knox/authtoken/add/"
    form = admin_client.get(add)
    assert form.status_code == 200
    expiry = timezone.localtime() + timedelta(days=10)
    response = admin_client.post(
        add,
        {"user": staff.pk, "expiry_0": f"{expiry:%Y-%m-%d}", "expiry_1": f"{expiry:%H:%M:%S}"},
        follow=True,
    )
    assert response.status_code == 200
    shown = re.search(r"key is ([0-9a-f]{64})", response.content.decode())
    assert shown, response.content.decode()[:3000]
    key = shown.group(1)
    token = AuthToken.objects.get(user=staff)
    assert key not in _stored_text()
    assert key not in admin_client.get("/admin/knox/authtoken/").content.decode()
    assert key not in admin_client.get(f"/admin/knox/authtoken/{token.pk}/change/").content.decode()

    api = admin_client.__class__()
    assert api.get(CLAIMS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    revoked = admin_client.post(
        "/admin/knox/authtoken/",
        {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
    )
    assert revoked.status_code == 302
    assert api.get(CLAIMS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


@pytest.mark.django_db
def test_the_admin_refuses_a_token_that_never_expires_or_outlives_the_limit(admin_client, staff):
    add = "/admin/knox/authtoken/add/"
    never = admin_client.post(add, {"user": staff.pk})
    assert never.status_code == 200
    assert "This field is required" in never.content.decode()
    far = timezone.localtime() + timedelta(days=400)
    too_long = admin_client.post(
        add, {"user": staff.pk, "expiry_0": f"{far:%Y-%m-%d}", "expiry_1": "12:00:00"}
    )
    assert "at most 90 days" in too_long.content.decode()
    assert not AuthToken.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_carries_plain_tokens_over_and_deletes_their_keys(client):
    user = UserFactory(username="old-script")
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", None)])
    executor.loader.build_graph()
    before = executor.loader.project_state([("authtoken", "0004_alter_tokenproxy_options")]).apps
    key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    before.get_model("authtoken", "Token").objects.create(key=key, user_id=user.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    carried = AuthToken.objects.get(user=user)
    assert carried.expiry > timezone.now() + timedelta(days=89)
    assert key not in _stored_text()
    assert client.get(CLAIMS, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
