from django.core.management.base import BaseCommand, CommandError

from claims.models import SuggestionRun
from claims.suggestions.build import READ_FOR_CLAIMS, suggest_for_source
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Read articles' archived texts for the claims in them, as the worker does after a "
        "capture: by default the articles, reports and statements never read, such as those "
        "archived before suggestions existed; --all and --source read them again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", dest="everything", help="every one")
        parser.add_argument(
            "--source", type=int, action="append", metavar="ID", help="this source (repeatable)"
        )

    def handle(self, *args, everything, source, **options) -> None:
        sources = Source.objects.order_by("pk")
        if source:
            sources = sources.filter(pk__in=source)
            missing = set(source) - set(sources.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No source with the id {', '.join(map(str, sorted(missing)))}.")
        else:
            sources = sources.filter(kind__in=READ_FOR_CLAIMS)
            if not everything:
                sources = sources.exclude(pk__in=SuggestionRun.objects.values("source_id"))
        total = 0
        for each in sources.iterator():
            run = suggest_for_source(each, again=bool(source) or everything)
            total += run.suggested
            note = f": {run.note}" if run.note else ""
            self.stdout.write(f"source {each.pk}: {run.suggested} suggested{note}")
        self.stdout.write(f"{total} suggestions.")
