"""Official exchange rates against the US dollar, one row per currency, day and source."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The five currencies the site follows, in ticker order.
CURRENCIES = ("KGS", "KZT", "TJS", "UZS", "TMT")


class Source(models.TextChoices):
    NBKR = "nbkr", _("National Bank of the Kyrgyz Republic")
    NBK = "nbk", _("National Bank of Kazakhstan")
    NBT = "nbt", _("National Bank of Tajikistan")
    CBU = "cbu", _("Central Bank of Uzbekistan")
    CBT = "cbt", _("Central Bank of Turkmenistan")
    PEG = "peg", _("Official peg (fallback)")
    DEMO = "demo", _("Demo data")


# Which row wins when one day has several: the bank's own file, then the peg, then demo data.
SOURCE_PRIORITY = {Source.PEG: 1, Source.DEMO: 2}


class QuoteQuerySet(models.QuerySet):
    def current_first(self) -> "QuoteQuerySet":
        """Order newest day first and, within a day, the most authoritative source first."""
        return self.order_by("-date", "priority", "source")


class Quote(models.Model):
    """One official rate: how many units of CURRENCY one US dollar buys on DATE.

    Banks publish "local currency per N foreign units"; providers divide by N, so a row always
    holds local units per 1 USD. Example: NBKR's ``<Value>87,4500</Value>`` for USD gives
    ``units_per_usd = Decimal("87.45")``, and ``usd_per_unit`` = 1 / 87.45 = 0.011435 (KGS/USD).
    """

    currency = models.CharField(max_length=3)
    date = models.DateField(help_text="The day the rate is in force (as the bank dates it).")
    source = models.CharField(max_length=8, choices=Source.choices)
    units_per_usd = models.DecimalField(max_digits=18, decimal_places=6)
    priority = models.PositiveSmallIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(default=timezone.now)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["currency", "date", "source"], name="rates_quote_once"),
        ]
        indexes = [models.Index(fields=["currency", "-date"], name="rates_quote_cur_date")]
        ordering = ["currency", "-date"]

    def __str__(self) -> str:
        return f"1 USD = {self.units_per_usd} {self.currency} ({self.date}, {self.source})"

    def save(self, *args, **kwargs):
        self.priority = priority_of(self.source)
        super().save(*args, **kwargs)

    @property
    def usd_per_unit(self) -> Decimal:
        """Return US dollars per one unit of the currency: 1 / 87.45 KGS = 0.011435 USD."""
        return Decimal(1) / Decimal(self.units_per_usd)


def priority_of(source: str) -> int:
    """Return the rank of SOURCE among rows of one day (0 wins)."""
    return SOURCE_PRIORITY.get(source, 0)


class FetchLog(models.Model):
    """What one provider gave for one day: lets a backfill resume where it stopped."""

    class Status(models.TextChoices):
        OK = "ok", _("stored")
        EMPTY = "empty", _("no rates published")
        FAILED = "failed", _("failed")
        FALLBACK = "fallback", _("fallback used")
        SKIPPED = "skipped", _("skipped")

    provider = models.CharField(max_length=8)
    day = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices)
    stored = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["provider", "day"], name="rates_fetchlog_prov_day")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.provider} {self.day}: {self.status}"


def days_between(start: datetime.date, end: datetime.date):
    """Yield each day from START to END inclusive."""
    for offset in range((end - start).days + 1):
        yield start + datetime.timedelta(days=offset)
