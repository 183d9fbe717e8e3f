"""On PostgreSQL suggestions rank the claims that share words with a text by their stored
document (`search_document`, migration 0022), which must stay the document
`claim_search_idx` matches: the claim's text and its appearances' words, as they are now."""

import pytest
from django.db import connection

from claims.models import Claim
from claims.similar import lexical
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the stored tsvector is PostgreSQL's; SQLite ranks in its FTS5 table",
    ),
]


def _stored_is_indexed(claim: Claim) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document = to_tsvector('english'::regconfig, "
            "COALESCE(text, '') || ' ' || COALESCE(appearance_words, '')) "
            "FROM claims_claim WHERE id = %s",
            [claim.pk],
        )
        return cursor.fetchone()[0]


def test_the_stored_document_follows_the_text_and_the_appearances():
    claim = ClaimFactory(text="Paratroopers crossed the border by accident.")
    assert _stored_is_indexed(claim)
    AppearanceFactory(claim=claim, quote="They strayed across an unmarked stretch of it.")
    claim.refresh_from_db()
    assert "unmarked" in claim.appearance_words
    assert _stored_is_indexed(claim)
    Claim.objects.filter(pk=claim.pk).update(text="Soldiers were detained near Amvrosiivka.")
    assert _stored_is_indexed(claim)


def test_claims_rank_by_the_words_they_share_now():
    first = ClaimFactory(text="Shelling hit Ilovaisk overnight.")
    second = ClaimFactory(text="Shelling hit Ilovaisk and Amvrosiivka overnight, near Ilovaisk.")
    found = lexical.candidates("Ilovaisk Amvrosiivka shelling", Claim.objects.all(), limit=10)
    assert [pk for pk, _ in found] == [second.pk, first.pk]
    Claim.objects.filter(pk=first.pk).update(text="Amvrosiivka and Ilovaisk, shelling Ilovaisk.")
    Claim.objects.filter(pk=second.pk).update(text="A quiet night in Ilovaisk.")
    found = lexical.candidates("Ilovaisk Amvrosiivka shelling", Claim.objects.all(), limit=10)
    assert [pk for pk, _ in found] == [first.pk, second.pk]
