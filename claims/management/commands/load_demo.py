from django.core.management.base import BaseCommand

from claims.demo import load_demo


class Command(BaseCommand):
    help = "Load the seed article, its claims and the demo accounts. Safe to run again."

    def handle(self, *args, **options) -> None:
        created = load_demo(say=lambda line: self.stdout.write(self.style.WARNING(line)))
        summary = ", ".join(f"{n} {kind}" for kind, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded; created {summary}."))
