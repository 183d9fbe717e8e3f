"""A GIN index for the public site's full-text search over a claim's text and quote.

PostgreSQL only, so it is written here rather than in the model's Meta: SQLite has no GIN
indexes and searches by substring instead. The expression is the SQL Django writes for
SearchVector("text", "quote", config="english"), which claims.public.search_claims uses, so
the planner can match one to the other.
"""

from django.db import migrations

INDEX = "claim_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim USING gin "
        "(to_tsvector('english'::regconfig, COALESCE(text, '') || ' ' || COALESCE(quote, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_render_rationales")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
