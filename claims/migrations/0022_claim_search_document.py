"""A claim's full-text document stored beside it (PostgreSQL only).

Suggestions rank the claims that share words with a typed text by ts_rank, which needs
each matching claim's document. Computed from the text on every match, that cost a quarter
of a second for the 9,000 claims a pair of common words matches at 100,000 claims; stored
(a generated column, which PostgreSQL keeps in step with the text), it is read. The
expression is claim_search_idx's, which the match itself still uses, so the statistics
claims.similar.rarity reads stay where they are. The models do not name the column, as
they do not name SQLite's FTS5 table: only claims.similar.lexical reads it. A later
migration that changes the type of text or appearance_words must drop the column first.
"""

from django.db import migrations

COLUMN = "search_document"


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "
        "COALESCE(text, '') || ' ' || COALESCE(appearance_words, ''))) STORED"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE claims_claim DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0021_bidi_controls")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
