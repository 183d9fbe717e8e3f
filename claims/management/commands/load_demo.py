from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims.demo import load_demo


class Command(BaseCommand):
    help = "Load the seed article, its claims and the demo accounts. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--production-ok",
            metavar="DATABASE",
            help="With DEBUG off, load the demo anyway into the database of this name "
            "(as the error names it): demo accounts get staff rights there.",
        )

    def handle(self, *args, production_ok: str | None = None, **options) -> None:
        if not settings.DEBUG:
            self._refuse_production_unless_named(production_ok)
        try:
            created = load_demo(say=lambda line: self.stdout.write(self.style.WARNING(line)))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        summary = ", ".join(f"{n} {kind}" for kind, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded; created {summary}."))

    def _refuse_production_unless_named(self, named: str | None) -> None:
        database = str(connection.settings_dict["NAME"])
        if named == database:
            return
        if named is None:
            raise CommandError(
                f"DEBUG is off, so {database!r} is taken for a production database: the demo "
                "would add its accounts, with staff rights, and its claims to it. Run with "
                f"DEBUG=true for a local install, or with --production-ok={database} if you "
                "mean this database."
            )
        raise CommandError(
            f"--production-ok={named} names another database than this one ({database!r}); "
            "nothing was loaded."
        )
