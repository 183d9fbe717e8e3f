from django.db import migrations

SCALE = [
    (
        "True",
        "true",
        5,
        "#1a7f37",
        "The claim is accurate, and nothing important is left out.",
    ),
    (
        "Mostly true",
        "mostly-true",
        4,
        "#4d8a1f",
        "The claim is accurate in substance but needs a clarification or a missing detail.",
    ),
    (
        "Mixed",
        "mixed",
        3,
        "#9a6700",
        "Parts of the claim are accurate and parts are not, or it leaves out context that "
        "changes how a reader would understand it.",
    ),
    (
        "Mostly false",
        "mostly-false",
        2,
        "#bc4c00",
        "The claim contains a grain of truth but gets the main point wrong.",
    ),
    (
        "False",
        "false",
        1,
        "#cf222e",
        "The claim is not accurate: the evidence contradicts it.",
    ),
    (
        "Unproven",
        "unproven",
        None,
        "#57606a",
        "There is not enough public evidence to confirm or refute the claim yet. It is not "
        "a point on the true-to-false scale, and we revisit it when new evidence appears.",
    ),
]


def add_scale(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for label, slug, value, colour, description in SCALE:
        Rating.objects.update_or_create(
            slug=slug,
            defaults={
                "label": label,
                "value": value,
                "colour": colour,
                "description": description,
            },
        )


def remove_scale(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    Rating.objects.filter(slug__in=[row[1] for row in SCALE]).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(add_scale, remove_scale)]
