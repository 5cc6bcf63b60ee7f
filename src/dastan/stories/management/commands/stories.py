"""`dastan stories evaluate` and `dastan stories extract`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dastan.publishing.models import Article
from dastan.stories.evaluate import GOLD, report
from dastan.stories.timeline import extract_article


class Command(BaseCommand):
    help = ("evaluate: print precision and recall on the gold set; "
            "extract: find the timeline events of every article again (editors' edits are kept)")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["evaluate", "extract"])
        parser.add_argument("--verbose-misses", action="store_true", help="list every miss (evaluate)")
        parser.add_argument("--part", choices=["tuning", "held-out", "all"],
                            help="evaluate only the tuning articles, the held-out ones, or all")
        parser.add_argument("--gold", type=Path, default=GOLD,
                            help="a folder laid out like the gold set: tags.json and articles/*.json")

    def handle(self, *args, action: str, verbose_misses: bool = False, part: str | None = None,
               gold: Path = GOLD, **options):
        if action == "extract":
            count = 0
            for article in Article.objects.order_by("published_at", "id").iterator():
                count += extract_article(article)
            self.stdout.write(f"{count} event sources")
            return
        if not (gold / "tags.json").is_file() or not (gold / "articles").is_dir():
            raise CommandError(f"{gold} is not a gold set: it needs tags.json and an articles/ folder.")
        try:
            parts = report(gold)
        except (ValueError, KeyError) as exc:  # JSON that does not parse or lacks a field
            raise CommandError(f"Could not read the gold set in {gold}: {exc!r}") from exc
        for name, scores in parts.items():
            if part and name != part:
                continue
            self.stdout.write(f"{name}:")
            for metric, score in scores.items():
                self.stdout.write(
                    f"  {metric:16} precision {score.precision:.3f}  recall {score.recall:.3f}"
                    f"  ({score.hits} right, {score.predicted} found, {score.expected} expected)")
                if verbose_misses:
                    for miss in score.misses:
                        self.stdout.write(f"      {miss}")
