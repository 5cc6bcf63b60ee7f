"""Fetch and store official rates, and answer the questions other apps ask about them.

Lookups (``latest_quotes``, ``rate_on``, ``usd_value``, ``history``) are the one place that decides
which quote is current: the newest day, and on a day with several rows the bank's own file first,
then the peg fallback, then demo data (``Quote.priority``).
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import DenseRank
from django.utils import timezone

from dastan.caching.keys import purge, tokens_now
from dastan.rates.models import CURRENCIES, FetchLog, Quote, Source, days_between, priority_of

if TYPE_CHECKING:
    from dastan.rates.providers.base import ParsedQuote, Provider

# The providers (and the XML parsers and certificate bundle they bring) are imported by the
# functions that fetch: a reader worker only looks rates up.

logger = logging.getLogger("dastan.rates")

LATEST_CACHE_KEY = "dastan:rates:latest:v2"
LATEST_CACHE_SECONDS = 3600  # a safety net: every stored quote purges the "rates" key
# quotes_on() looks back this many days, so a quote of day D can change what days D..D+31 show.
QUOTES_ON_WITHIN_DAYS = 31
STALE_AFTER_DAYS = 3
MAX_JUMP = Decimal("0.20")  # a new quote more than 20% away from the last stored one is refused
PEG_SINCE = datetime.date(2015, 1, 1)

REJECT_NOT_POSITIVE = "rate is zero or negative"
REJECT_JUMP = "rate moves more than 20% from the last stored quote"
ERROR_NOT_DATED = "the bank serves only its latest rates, not those of a chosen day"


@dataclasses.dataclass(frozen=True)
class TickerQuote:
    """The latest quote of one currency with the previous quoted day's, for the ticker."""

    currency: str
    quote: Quote
    previous: Quote | None
    change_percent: Decimal | None  # change of CUR/USD since the previous quoted day, in percent

    @property
    def date(self) -> datetime.date:
        return self.quote.date

    @property
    def units_per_usd(self) -> Decimal:
        return self.quote.units_per_usd

    @property
    def usd_per_unit(self) -> Decimal:
        return self.quote.usd_per_unit

    @property
    def stale(self) -> bool:
        """Return True when the quote is more than three days old (read when asked, never cached)."""
        return (timezone.localdate() - self.quote.date).days > STALE_AFTER_DAYS

    @property
    def direction(self) -> str:
        if not self.change_percent:
            return "flat"
        return "up" if self.change_percent > 0 else "down"


@dataclasses.dataclass
class ProviderResult:
    provider: str
    day: datetime.date
    status: str  # a FetchLog.Status value
    stored: int = 0
    rejected: list[str] = dataclasses.field(default_factory=list)
    message: str = ""


@dataclasses.dataclass
class FetchReport:
    results: list[ProviderResult] = dataclasses.field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        """Return the names of providers that failed at least once, in order, without repeats."""
        return list(dict.fromkeys(r.provider for r in self.results if r.status == FetchLog.Status.FAILED))

    @property
    def stored(self) -> int:
        return sum(r.stored for r in self.results)


def change_percent(current: Decimal, previous: Decimal) -> Decimal:
    """Return the change of CUR/USD in percent, given local units per USD now and before.

    CUR/USD is 1 / units_per_usd, so the change is previous / current - 1: the som going from
    88.00 to 87.45 per dollar is KGS/USD up by 88.00 / 87.45 - 1 = +0.63%.
    """
    return ((Decimal(previous) / Decimal(current)) - 1) * 100


def best_per_day(rows: Iterable[Quote]) -> list[Quote]:
    """Keep the first row of each (currency, day) from ROWS ordered by priority within a day."""
    seen: set[tuple[str, datetime.date]] = set()
    kept = []
    for row in rows:
        if (row.currency, row.date) not in seen:
            seen.add((row.currency, row.date))
            kept.append(row)
    return kept


def _latest_from_db() -> list[TickerQuote]:
    # One query: the two newest quoted days of every currency, ranked in the database.
    rows = (
        Quote.objects.annotate(day_rank=Window(DenseRank(), partition_by=F("currency"),
                                               order_by=F("date").desc()))
        .filter(day_rank__lte=2)
        .order_by("currency", "-date", "priority", "source")
    )
    by_currency: dict[str, list[Quote]] = {}
    for row in best_per_day(rows):
        by_currency.setdefault(row.currency, []).append(row)
    ticker = []
    for currency in CURRENCIES:
        quotes = by_currency.get(currency)
        if not quotes:
            continue
        previous = quotes[1] if len(quotes) > 1 else None
        change = change_percent(quotes[0].units_per_usd, previous.units_per_usd) if previous else None
        ticker.append(TickerQuote(currency, quotes[0], previous, change))
    return ticker


def latest_quotes() -> list[TickerQuote]:
    """Return, per currency, the latest quote and its change: no query when cached, one otherwise."""
    # Cached under the token of "rates", read before the query: a quote stored meanwhile purges
    # it, so every worker's next call reads the new quotes (a cache.delete reaches only its own).
    key = f"{LATEST_CACHE_KEY}:{tokens_now(['rates'])['rates']}"
    ticker = cache.get(key)
    if ticker is None:
        ticker = _latest_from_db()
        cache.set(key, ticker, LATEST_CACHE_SECONDS)
    return ticker


def rate_keys(days: Iterable[datetime.date] | None = None) -> set[str]:
    """Return the surrogate keys of what shows the quotes of DAYS (None: of any day).

    "rates" is the ticker's; "rates-<day>" that of an article body converted at that day's rate,
    which a quote up to QUOTES_ON_WITHIN_DAYS earlier can change (see quotes_on).
    """
    if days is None:
        return {"rates", "rates-any"}
    return {"rates"} | {f"rates-{day + datetime.timedelta(days=n)}"
                        for day in set(days) for n in range(QUOTES_ON_WITHIN_DAYS + 1)}


def forget_latest(days: Iterable[datetime.date] | None = None) -> None:
    """Mark the ticker and the amounts converted at the rates of DAYS (None: any day) as stale."""
    purge(rate_keys(days))


def rate_on(currency: str, day: datetime.date) -> Quote | None:
    """Return the official quote of CURRENCY on DAY, or of the nearest earlier quoted day."""
    currency = (currency or "").upper()
    if currency not in CURRENCIES:
        return None
    return Quote.objects.filter(currency=currency, date__lte=day).current_first().first()


def quotes_on(day: datetime.date, *, within_days: int = QUOTES_ON_WITHIN_DAYS) -> dict[str, Quote]:
    """Return, per currency, the quote of DAY or the nearest earlier quoted day, in one query.

    Looks back at most WITHIN_DAYS: a rate older than that says nothing about DAY.
    """
    rows = (Quote.objects.filter(currency__in=CURRENCIES, date__lte=day,
                                 date__gte=day - datetime.timedelta(days=within_days))
            .order_by("currency", "-date", "priority", "source"))
    found: dict[str, Quote] = {}
    for row in rows:
        found.setdefault(row.currency, row)
    return found


def usd_value(amount: Decimal, currency: str, day: datetime.date) -> tuple[Decimal, Quote] | None:
    """Return AMOUNT of CURRENCY in US dollars at the rate of DAY, with the quote used.

    Worked example: 1 USD = 87.45 KGS, so KGS/USD = 1 / 87.45 = 0.011435 and 1 000 KGS is
    1000 / 87.45 = 11.435 USD. Returns None when CURRENCY has no quote on or before DAY
    (and for USD itself, which is never quoted: its value is the amount).
    """
    quote = rate_on(currency, day)
    if quote is None:
        return None
    return Decimal(amount) / Decimal(quote.units_per_usd), quote


def history(start: datetime.date, end: datetime.date, currencies: Iterable[str] = CURRENCIES,
            ) -> dict[str, list[Quote]]:
    """Return each currency's quotes from START to END, oldest first, one per day (one query)."""
    rows = (Quote.objects.filter(currency__in=list(currencies), date__range=(start, end))
            .order_by("currency", "date", "priority", "source"))
    found: dict[str, list[Quote]] = {currency: [] for currency in currencies}
    for row in best_per_day(rows):
        found[row.currency].append(row)
    return found


def implausible(value: Decimal, reference: Decimal | None) -> str | None:
    """Return why VALUE (units per USD) must not be stored next to REFERENCE, or None if it may."""
    if value <= 0:
        return REJECT_NOT_POSITIVE
    if reference is not None and abs(value - reference) > MAX_JUMP * reference:
        return REJECT_JUMP
    return None


def _reference(currency: str, day: datetime.date) -> Decimal | None:
    last = (Quote.objects.filter(currency=currency, date__lt=day, is_demo=False)
            .current_first().values_list("units_per_usd", flat=True).first())
    return last


def store(source: str, parsed: list[ParsedQuote]) -> tuple[int, list[str]]:
    """Store the plausible quotes of PARSED under SOURCE at once; return (stored, rejections)."""
    rejected: list[str] = []
    with transaction.atomic():
        accepted: list[ParsedQuote] = []
        last: dict[str, Decimal] = {}
        for quote in sorted(parsed, key=lambda q: q.date):
            reference = last.get(quote.currency) or _reference(quote.currency, quote.date)
            reason = implausible(quote.units_per_usd, reference)
            if reason:
                note = f"{source} {quote.currency} {quote.date}: {quote.units_per_usd} refused, {reason}"
                logger.warning("%s (last stored %s)", note, reference)
                rejected.append(note)
                continue
            accepted.append(quote)
            last[quote.currency] = quote.units_per_usd
        existing = set(Quote.objects.filter(source=source, date__in={q.date for q in accepted})
                       .values_list("currency", "date"))
        now = timezone.now()
        new = [Quote(currency=q.currency, date=q.date, source=source, units_per_usd=q.units_per_usd,
                     priority=priority_of(source), fetched_at=now)
               for q in accepted if (q.currency, q.date) not in existing]
        # ignore_conflicts: a fetch running at the same moment may have stored the same row.
        Quote.objects.bulk_create(new, ignore_conflicts=True)
        if new:
            # Now, so this process shows them, and after commit, for what others read meanwhile.
            days = {q.date for q in new}
            forget_latest(days)
            transaction.on_commit(lambda: forget_latest(days))
    return len(new), rejected


def _peg_fallback(day: datetime.date, error: Exception) -> ProviderResult:
    peg = Decimal(str(settings.DASTAN_RATES_TMT_PEG))
    if day < PEG_SINCE:
        return ProviderResult("cbt", day, FetchLog.Status.FAILED, message=str(error))
    from dastan.rates.providers.base import ParsedQuote

    stored, rejected = store(Source.PEG, [ParsedQuote("TMT", day, peg)])
    message = f"{error}; stored the official peg {peg} TMT per USD instead"
    return ProviderResult("cbt", day, FetchLog.Status.FALLBACK, stored, rejected, message)


def fetch_one(provider: Provider, day: datetime.date, *, exact: bool) -> ProviderResult:
    """Fetch and store PROVIDER's rates for DAY; EXACT when the day was chosen, not "today"."""
    from dastan.rates.providers.base import NoRates, ProviderError

    try:
        parsed = provider.fetch(day)
    except NoRates as exc:
        return ProviderResult(provider.name, day, FetchLog.Status.EMPTY, message=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bank failing must not stop the others
        if isinstance(exc, ProviderError):
            logger.warning("%s failed for %s: %s", provider.name, day, exc)
        else:
            logger.exception("%s failed for %s with an unexpected error", provider.name, day)
        if provider.name == "cbt":
            return _peg_fallback(day, exc)
        return ProviderResult(provider.name, day, FetchLog.Status.FAILED, message=str(exc))
    if provider.dated or exact:
        # A bank may answer an unknown day with another day's file (NBT returns today's for a
        # future date): keep only what is dated the day asked.
        others = sorted({q.date for q in parsed if q.date != day})
        parsed = [q for q in parsed if q.date == day]
        if not parsed:
            message = ERROR_NOT_DATED if not provider.dated else f"the bank returned rates of {others[0]}"
            status = FetchLog.Status.SKIPPED if not provider.dated else FetchLog.Status.EMPTY
            return ProviderResult(provider.name, day, status, message=message)
    stored, rejected = store(provider.name, parsed)
    return ProviderResult(provider.name, day, FetchLog.Status.OK, stored, rejected,
                          f"{stored} new, {len(rejected)} refused")


def _log(result: ProviderResult) -> None:
    message = "\n".join(filter(None, [result.message, *result.rejected]))
    FetchLog.objects.create(provider=result.provider, day=result.day, status=result.status,
                            stored=result.stored, message=message)


def rates_fetch(*, day: datetime.date | None = None, providers: list[Provider] | None = None) -> FetchReport:
    """Fetch every provider's rates for DAY (default today) and store them; one failing skips only itself."""
    from dastan.rates.providers import all_providers

    exact = day is not None
    day = day or timezone.localdate()
    report = FetchReport()
    for provider in providers if providers is not None else all_providers():
        result = fetch_one(provider, day, exact=exact)
        _log(result)
        report.results.append(result)
    return report


DONE = (FetchLog.Status.OK, FetchLog.Status.EMPTY, FetchLog.Status.FALLBACK)


def rates_backfill(*, start: datetime.date, end: datetime.date,
                   progress: Callable[[datetime.date], None] | None = None,
                   providers: list[Provider] | None = None) -> FetchReport:
    """Fill history from START to END; days a provider already answered are skipped, so it resumes."""
    from dastan.rates.providers import all_providers

    providers = [p for p in (providers if providers is not None else all_providers()) if p.dated]
    done = set(FetchLog.objects.filter(day__range=(start, end), status__in=DONE)
               .values_list("provider", "day"))
    pause = float(settings.DASTAN_RATES_BACKFILL_PAUSE)
    report = FetchReport()
    for day in days_between(start, end):
        for provider in providers:
            if (provider.name, day) in done:
                continue
            result = fetch_one(provider, day, exact=True)
            _log(result)
            report.results.append(result)
            if pause:
                time.sleep(pause)  # the banks' servers are small; do not hammer them
        if progress:
            progress(day)
    return report
