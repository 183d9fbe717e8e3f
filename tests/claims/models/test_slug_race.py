"""Two claims with the same words saved at once both get a slug: the later one retries."""

import threading

import pytest
from django.db import connection, transaction

from claims.models import Claim
from tests.claims.helpers import token_client, wait_for_a_blocked_lock
from tests.factories import ClaimantFactory, ClaimFactory, SourceFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two concurrent writers; SQLite serialises them, PostgreSQL run covers it",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Міноборони Росії заявило про знищення 20 дронів."


def test_a_claim_whose_slug_another_save_takes_meanwhile_gets_the_next_one(researcher):
    appearance, claimant = SourceFactory(), ClaimantFactory()
    inserted = threading.Event()
    errors = []

    def first_writer():
        # Insert the slug and keep the transaction open until the API's insert of the same
        # slug waits on the unique index behind it: the race, made certain.
        try:
            with transaction.atomic():
                ClaimFactory(text=TEXT, appearance=appearance, claimant=claimant)
                inserted.set()
                with connection.cursor() as cursor:
                    assert wait_for_a_blocked_lock(cursor)
        except Exception as error:  # reported to the main thread below
            errors.append(error)
            inserted.set()
        finally:
            connection.close()

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert inserted.wait(10)
    response = token_client(researcher).post(
        "/api/v1/claims/",
        {
            "text": TEXT,
            "quote": "знищення 20 дронів",
            "appearance_id": appearance.pk,
            "claimant_id": claimant.pk,
        },
        format="json",
    )
    thread.join(10)

    assert not errors
    assert response.status_code == 201, response.content
    slugs = sorted(Claim.objects.values_list("slug", flat=True))
    assert slugs == [
        "minoboroni-rosii-zayavilo-pro-znishchennya-20-droniv",
        "minoboroni-rosii-zayavilo-pro-znishchennya-20-droniv-2",
    ]
    assert response.json()["slug"] == slugs[1]
