from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        # sources may not import claims, so it announces captures with a signal; an
        # appearance's words are checked again whenever its source (or, for a translation's
        # original words, a cited source) is captured or the appearance is saved, and
        # public pages showing the source (its archived copy, whether it changed) go stale,
        # as they do when a researcher accepts a change to it.
        from django.db.models.signals import post_migrate, post_save

        from config.validators import guard_bidi_controls
        from sources.signals import capture_finished, change_accepted

        from . import (
            quotes,
            tasks,  # noqa: F401 - registered for sending by name
            visibility,
        )
        from .models import (
            Appearance,
            Attribution,
            Citation,
            Claim,
            Claimant,
            ClaimantName,
            ClaimMerge,
            Topic,
            Verdict,
        )
        from .similar import embedding, lexical
        from .suggestions import build

        # Every save is held to the fields' bidi-control validators, not only those that
        # pass a form or a serializer.
        guard_bidi_controls(
            Appearance,
            Attribution,
            Citation,
            Claim,
            Claimant,
            ClaimantName,
            ClaimMerge,
            Topic,
            Verdict,
        )

        capture_finished.connect(quotes.on_capture_finished, dispatch_uid="claims.quotes")
        capture_finished.connect(visibility.on_capture_finished, dispatch_uid="claims.visibility")
        # An article's new archived text is read for the claims in it, in the worker.
        capture_finished.connect(build.on_capture_finished, dispatch_uid="claims.suggestions")
        change_accepted.connect(visibility.on_change_accepted, dispatch_uid="claims.visibility")
        post_save.connect(
            quotes.on_appearance_saved, sender=Appearance, dispatch_uid="claims.quotes"
        )
        post_save.connect(quotes.on_citation_saved, sender=Citation, dispatch_uid="claims.quotes")
        # A saved claim or appearance is embedded again by the worker once committed (a save
        # that left the words alone costs no model call).
        post_save.connect(embedding.on_claim_saved, sender=Claim, dispatch_uid="claims.similar")
        post_save.connect(
            embedding.on_appearance_saved, sender=Appearance, dispatch_uid="claims.similar"
        )
        # The SQLite full-text table that suggestions read, made again after every migrate
        # (a migration that rebuilds the claims table drops its triggers).
        post_migrate.connect(lexical.on_post_migrate, sender=self, dispatch_uid="claims.similar")
