import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from recognition import paste_eval
from recognition.paste import MAX_CHARS, build_preview
from regions.models import Region


def region_key(region):
    """How labels name a region: its ISO code, or its slug when it has none."""
    return region.code or region.slug


def scored_key(region):
    """The key a tag is scored as: labels name subjects and districts, so a municipality
    counts as its subject (which the recogniser tags with it, from the same words)."""
    return region_key(region.parent if region.is_municipality else region)


def recognise(story):
    """What ``build_preview`` makes of a story: (found quotes, region keys, implied keys, s)."""
    started = time.perf_counter()
    preview = build_preview(story.text, title=story.title)
    seconds = time.perf_counter() - started
    found = []
    for item in preview.quotes:
        named = item.person or item.quote  # an existing Person's name, else the story's
        first, last = named.first_name, named.last_name
        found.append(paste_eval.Found(item.quote.text, f"{first} {last}".strip(), item.title))
    keys = list(dict.fromkeys(scored_key(region) for region in preview.regions))
    # A subject's federal district comes with it; the story need not name it. A
    # municipality's subject is no such addition: it is scored as tagged.
    implied = {
        region_key(region.parent)
        for region in preview.regions
        if region.parent_id and not region.is_municipality
    }
    return found, keys, implied, seconds


def evaluate(stories):
    """Totals of the current recogniser over ``stories``."""
    totals = paste_eval.Totals()
    for story in stories:
        totals.add(story, *recognise(story))
    return totals


class Command(BaseCommand):
    help = (
        "Scores «Вставить текст» (recognition.paste.build_preview) on the labelled stories in "
        "tests/paste_eval against issue 14's targets. On an in-memory SQLite database "
        "(make eval-paste) it migrates first, for the regions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--verbose", action="store_true", help="list every miss")

    def handle(self, *args, verbose=False, **options):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            call_command("migrate", verbosity=0, interactive=False)
        if not Region.objects.exists():
            self.stderr.write("Нет регионов: выполните manage.py migrate.")
            return
        sets = {name: paste_eval.load_set(paste_eval.EVAL_DIR / name) for name in paste_eval.SETS}
        # Loads pymorphy's dictionaries and the region table, as a running server has them.
        recognise(sets["dev"][0])
        self.stdout.write("«Вставить текст» on tests/paste_eval, against issue 14's targets\n\n")
        house = []
        for name, stories in sets.items():
            house += [story for story in stories if story.house]
            totals = evaluate(stories)
            self.stdout.write("\n".join(paste_eval.report(name, totals)) + "\n")
            if verbose:
                self.stdout.write("".join(f"    miss: {miss}\n" for miss in totals.misses))
            self.stdout.write("\n")
        lines = paste_eval.report("house format", evaluate(house), paste_eval.HOUSE_TARGETS)
        self.stdout.write("\n".join(lines) + "\n\n")
        self.stdout.write(f"bad input: {MAX_CHARS:,} characters of each worst shape\n")
        for name, text in paste_eval.worst_inputs(MAX_CHARS).items():
            started = time.perf_counter()
            build_preview(text, title="Заголовок")
            seconds = time.perf_counter() - started
            mark = "✓" if seconds < paste_eval.WORST_SECONDS else "✗"
            self.stdout.write(
                f"  {seconds:5.2f} s {mark} (< {paste_eval.WORST_SECONDS:g} s)   {name}\n"
            )
