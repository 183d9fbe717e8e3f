"""DRF's plain API tokens become knox tokens: the same key keeps working (knox finds it by its
first characters and checks its SHA-512 digest) until API_TOKEN_DAYS from now, and the plain
keys are deleted. Going back cannot restore a key from its digest, so it leaves knox's rows."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

# knox.settings.CONSTANTS.TOKEN_KEY_LENGTH, and knox's default digest, fixed here as they
# were when this ran.
TOKEN_KEY_LENGTH = 15


def carry_over(apps, schema_editor) -> None:
    PlainToken = apps.get_model("authtoken", "Token")
    AuthToken = apps.get_model("knox", "AuthToken")
    expiry = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    AuthToken.objects.bulk_create(
        AuthToken(
            digest=hashlib.sha512(plain.key.encode()).hexdigest(),
            token_key=plain.key[:TOKEN_KEY_LENGTH],
            user_id=plain.user_id,
            expiry=expiry,
        )
        for plain in PlainToken.objects.all()
    )
    PlainToken.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
