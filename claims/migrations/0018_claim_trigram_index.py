"""A trigram index over a claim's text and its appearances' words (PostgreSQL only).

Suggestions of similar claims look up the names and rare words of a typed text by trigram
word similarity, so that a name spelled another way ("Milchankov", "Milchakov") still finds
the claims that carry it, where full-text search needs the same word. The expression is the
one claims.similar.lexical writes; pg_trgm is a trusted extension, so the database owner
may create it.
"""

from django.db import migrations

INDEX = "claim_words_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin "
        "((COALESCE(text, '') || ' ' || COALESCE(appearance_words, '')) gin_trgm_ops) "
        # As claim_search_idx: written seldom, read on every keystroke of a suggestion.
        "WITH (fastupdate = off)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other databases' objects may use it, and it costs nothing.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_embeddings")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
