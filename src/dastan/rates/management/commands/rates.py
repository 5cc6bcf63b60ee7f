"""``dastan rates fetch [--date YYYY-MM-DD]`` and ``dastan rates backfill FROM TO``."""

import argparse
import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from dastan.rates.providers import all_providers
from dastan.rates.services import FetchReport, rates_backfill, rates_fetch

ERROR_ORDER = "FROM ({start}) must not be after TO ({end})."
ERROR_FUTURE = "{day} is in the future: banks publish at most one day ahead."


def iso_date(text: str) -> datetime.date:
    """Parse a YYYY-MM-DD argument, or tell argparse what is wrong with it."""
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Fetch official exchange rates from the five central banks, or fill their history."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser),
                                    title="actions")
        fetch = sub.add_parser("fetch", help="fetch today's rates (or those of --date)",
                               called_from_command_line=parser.called_from_command_line)
        fetch.add_argument("--date", type=iso_date, help="the day to fetch, YYYY-MM-DD (default today)")
        backfill = sub.add_parser("backfill", help="fill history from FROM to TO, resuming where it stopped",
                                  called_from_command_line=parser.called_from_command_line)
        backfill.add_argument("start", metavar="FROM", type=iso_date, help="first day, YYYY-MM-DD")
        backfill.add_argument("end", metavar="TO", type=iso_date, help="last day, YYYY-MM-DD")

    def handle(self, *args, action, **options):
        if action == "fetch":
            report = self.fetch(options["date"])
        else:
            report = self.backfill(options["start"], options["end"])
        self.summarise(report)
        if report.failed:
            raise CommandError(f"Failed providers: {', '.join(report.failed)}", returncode=1)

    def _check_not_future(self, day: datetime.date) -> None:
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise CommandError(ERROR_FUTURE.format(day=day), returncode=2)

    def fetch(self, day: datetime.date | None) -> FetchReport:
        if day is not None:
            self._check_not_future(day)
        return rates_fetch(day=day)

    def backfill(self, start: datetime.date, end: datetime.date) -> FetchReport:
        if start > end:
            raise CommandError(ERROR_ORDER.format(start=start, end=end), returncode=2)
        self._check_not_future(end)
        undated = [p.name for p in all_providers() if not p.dated]
        if undated:
            self.stdout.write(f"Skipped (the bank serves only its latest rates): {', '.join(undated)}")
        days = (end - start).days + 1
        # tqdm draws on stderr only when it is a terminal; cron logs get the summary alone.
        with tqdm(total=days, unit="day", desc="backfill", file=sys.stderr, disable=None) as bar:
            return rates_backfill(start=start, end=end, progress=lambda _day: bar.update(1))

    def summarise(self, report: FetchReport) -> None:
        counts: dict[str, dict[str, int]] = {}
        last_message: dict[str, str] = {}
        for result in report.results:
            per = counts.setdefault(result.provider, {})
            per[result.status] = per.get(result.status, 0) + 1
            if result.message:
                last_message[result.provider] = result.message
            for note in result.rejected:
                self.stderr.write(f"refused: {note}")
        for provider, per in counts.items():
            statuses = ", ".join(f"{status} {n}" if n > 1 else status for status, n in per.items())
            line = f"{provider}: {statuses}"
            if provider in last_message:
                line += f" ({last_message[provider]})"
            self.stdout.write(line)
        self.stdout.write(f"Quotes stored: {report.stored}.")
