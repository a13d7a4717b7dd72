import datetime
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...loaddata import UNTIL, generate


def _count(value, option):
    """A whole number of at least zero from the command line or from call_command."""
    try:
        number = int(value) if isinstance(value, str) else value
    except ValueError:
        number = None
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise CommandError(f"{option}: нужно целое число не меньше нуля, а не «{value}».")
    return number


class Command(BaseCommand):
    help = (
        "Adds realistic load data: people with appointments, topics, articles in every region "
        "with text and quote blocks, threaded comments (about 5% pending). The same seed gives "
        "the same data; nothing existing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", default="1000", help="how many articles (1000)")
        parser.add_argument("--comments", default="10000", help="how many comments (10000)")
        parser.add_argument("--people", default="300", help="how many officials to add (300)")
        parser.add_argument("--seed", default="1", help="the random seed (1)")
        parser.add_argument(
            "--until",
            default=UNTIL.isoformat(),
            help=f"the day after the newest article, YYYY-MM-DD ({UNTIL.isoformat()})",
        )

    def handle(self, *args, **options):
        articles = _count(options["articles"], "--articles")
        comments = _count(options["comments"], "--comments")
        people = _count(options["people"], "--people")
        seed = _count(options["seed"], "--seed")
        try:
            until = datetime.date.fromisoformat(str(options["until"]))
        except ValueError:
            raise CommandError(
                f"--until: нужна дата вида ГГГГ-ММ-ДД, а не «{options['until']}»."
            ) from None
        if comments and not articles:
            raise CommandError("Комментариям нужны материалы: укажите --articles больше нуля.")
        quiet = options["verbosity"] == 0
        started = time.monotonic()
        bar = None
        if not quiet:
            from tqdm import tqdm

            bar = tqdm(total=articles, unit=" мат.", desc="Материалы", file=sys.stderr)
        try:
            summary = generate(
                articles=articles,
                comments=comments,
                people=people,
                seed=seed,
                until=until,
                progress=bar.update if bar else None,
            )
        except ValueError as error:  # e.g. comments but no article came out published
            raise CommandError(str(error)) from error
        finally:
            if bar:
                bar.close()
        if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would gather
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if not quiet:
            self.stdout.write(
                f"Добавлено за {time.monotonic() - started:.0f} с: материалов {summary.articles}, "
                f"комментариев {summary.comments} (на модерации {summary.pending}), "
                f"персон {summary.people}, тем {summary.topics}."
            )
