from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        # sources may not import claims, so it announces captures with a signal; a claim's
        # quote is checked again whenever its article is captured or the claim is saved, and
        # public pages showing the source (its archived copy, whether it changed) go stale,
        # as they do when a researcher accepts a change to it.
        from django.db.models.signals import post_save

        from sources.signals import capture_finished, change_accepted

        from . import quotes, visibility
        from .models import Claim

        capture_finished.connect(quotes.on_capture_finished, dispatch_uid="claims.quotes")
        capture_finished.connect(visibility.on_capture_finished, dispatch_uid="claims.visibility")
        change_accepted.connect(visibility.on_change_accepted, dispatch_uid="claims.visibility")
        post_save.connect(quotes.on_claim_saved, sender=Claim, dispatch_uid="claims.quotes")
