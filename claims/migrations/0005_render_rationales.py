from django.db import migrations

from claims.markdown import render_markdown


def render_rationales(apps, schema_editor):
    # Verdicts written before rationale_html existed get it now; from here on, saving a
    # verdict renders it. The migration's model has no custom save, so render here.
    Verdict = apps.get_model("claims", "Verdict")
    for verdict in Verdict.objects.exclude(rationale="").only("pk", "rationale").iterator():
        verdict.rationale_html = render_markdown(verdict.rationale)
        verdict.save(update_fields=["rationale_html"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_review_workflow")]

    operations = [migrations.RunPython(render_rationales, migrations.RunPython.noop)]
