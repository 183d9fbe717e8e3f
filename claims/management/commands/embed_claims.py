"""Embed every claim whose stored vectors are missing or stale, through the matcher."""

import time

from django.core.management.base import BaseCommand, CommandError

from claims.similar import matcher_client
from claims.similar.embedding import claims_needing_embeddings, embed_claims, model_name


class Command(BaseCommand):
    help = (
        "Embed the texts of every claim that has none, or whose words changed since, by "
        "asking the running matcher (which loads the model once). Resumable: each batch is "
        "committed, and a second run does only what is left."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=256, help="Claims a batch (default 256).")
        parser.add_argument(
            "--model",
            default=None,
            help="The model the vectors are of; SIMILAR_MODEL's by default. The matcher must "
            "run the same one.",
        )

    def handle(self, *args, batch: int, model: str | None, **options) -> None:
        if batch < 1:
            raise CommandError("--batch is at least 1.")
        model = model or model_name()
        try:
            state = matcher_client.health()
        except matcher_client.MatcherUnavailable as unavailable:
            raise CommandError(f"Cannot embed: {unavailable}.") from unavailable
        if state.get("status") != "ok":
            raise CommandError(f"Cannot embed: the matcher says {state.get('detail', state)}.")
        if state["model"] != model:
            raise CommandError(
                f"The matcher runs {state['model']}, not {model}: start it with SIMILAR_MODEL "
                "set to the model wanted."
            )
        needing = claims_needing_embeddings(model).order_by("pk")
        total = needing.count()
        if not total:
            self.stdout.write(f"Every claim has its vectors of {model}.")
            return
        self.stdout.write(f"{total:,} claims need vectors of {model}.")
        started = time.monotonic()
        done = texts = 0
        last = 0
        while True:
            # After the last claim done, so a claim that cannot be embedded is not tried
            # again and again.
            ids = list(needing.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
            if not ids:
                break
            try:
                texts += embed_claims(ids, model=model)
            except matcher_client.MatcherUnavailable as unavailable:
                raise CommandError(
                    f"Stopped after {done:,} of {total:,} claims: {unavailable}. Run the "
                    "command again to go on from there."
                ) from unavailable
            done += len(ids)
            last = ids[-1]
            elapsed = time.monotonic() - started
            self.stdout.write(
                f"{done:,} of {total:,} claims ({texts:,} texts embedded) in {elapsed:.1f} s"
            )
        elapsed = time.monotonic() - started
        rate = texts / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Embedded {texts:,} texts of {done:,} claims in {elapsed:.1f} s "
                f"({rate:.0f} texts/s)."
            )
        )
