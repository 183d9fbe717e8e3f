"""The full-text search index over a claim's text and the words of its appearances.

The index of 0006 covered the claim's own quote, which went with 0014 (PostgreSQL dropped
the index with the column). This one covers `appearance_words`, the appearances' words that
the services keep on the claim, under the same name: the expression is the SQL Django writes
for SearchVector("text", "appearance_words", config="english"), which
claims.site.reads.search_claims uses, so the planner can match one to the other.
"""

from django.db import migrations

INDEX = "claim_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON claims_claim USING gin "
        "(to_tsvector('english'::regconfig, "
        "COALESCE(text, '') || ' ' || COALESCE(appearance_words, ''))) "
        # No pending list: claims are written seldom and searched often, and a long pending
        # list (left by many inserts before a vacuum) makes every search read it and makes
        # the planner prefer reading the whole table.
        "WITH (fastupdate = off)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_appearances_take_the_words")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
