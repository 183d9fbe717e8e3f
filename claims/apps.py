from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        # sources may not import claims, so it announces captures with a signal; a claim's
        # quote is checked again whenever its article is captured or the claim is saved.
        from django.db.models.signals import post_save

        from sources.signals import capture_succeeded

        from . import quotes
        from .models import Claim

        capture_succeeded.connect(quotes.on_capture_succeeded, dispatch_uid="claims.quotes")
        post_save.connect(quotes.on_claim_saved, sender=Claim, dispatch_uid="claims.quotes")
