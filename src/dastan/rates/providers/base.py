"""The provider contract: a transport that fetches bytes, and a pure parse(bytes) -> quotes.

A provider subclass names its currency, its URL setting and parses one payload; everything about
the network (timeout, User-Agent, bounded retries with backoff, a size cap) lives here, once.
"""

import dataclasses
import datetime
import functools
import importlib.metadata
import logging
import re
import ssl
import time
from decimal import Decimal, InvalidOperation
from typing import ClassVar
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLParseError

import certifi
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.conf import settings

logger = logging.getLogger("dastan.rates")

MAX_BODY_BYTES = 2 * 1024 * 1024  # no bank file comes near this; a bigger body is not a rates file
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)", re.IGNORECASE | re.DOTALL)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class ProviderError(Exception):
    """The provider could not give rates (network fault, bad status, unreadable payload)."""


class ParseError(ProviderError):
    """The payload is not the format the provider expects."""


class NoRates(ProviderError):
    """The bank answered, but published no rates for the day asked (weekend, holiday, future)."""


@dataclasses.dataclass(frozen=True)
class ParsedQuote:
    """A rate read from a payload: UNITS_PER_USD of CURRENCY buy one US dollar on DATE."""

    currency: str
    date: datetime.date
    units_per_usd: Decimal


class Provider:
    """Fetch one bank's official rate of its currency against the US dollar."""

    name: ClassVar[str]  # short code, also the Quote.source
    currency: ClassVar[str]  # the local currency the bank quotes
    url_setting: ClassVar[str]  # settings name of the URL template; {date} is the day asked
    # False when the bank serves only its latest file: it cannot fill history.
    dated: ClassVar[bool] = True

    def url(self, day: datetime.date) -> str:
        """Return the URL for DAY, from the setting (a mirror or proxy may be configured)."""
        template = getattr(settings, self.url_setting)
        return template.format(date=day)

    def parse(self, body: bytes) -> list[ParsedQuote]:
        """Return the quotes in BODY; raise ParseError when it is not the expected format."""
        raise NotImplementedError(f"Give {type(self).__name__} a parse(body) method.")

    def fetch(self, day: datetime.date) -> list[ParsedQuote]:
        """Download and parse the rates for DAY, retrying network faults and unreadable payloads."""
        attempts = max(1, int(settings.DASTAN_RATES_ATTEMPTS))
        backoff = float(settings.DASTAN_RATES_BACKOFF)
        url = self.url(day)
        for attempt in range(1, attempts + 1):
            try:
                return self.parse(download(url))
            except NoRates:
                raise
            except ProviderError as exc:
                logger.warning("%s: attempt %d of %d for %s failed: %s",
                               self.name, attempt, attempts, day, exc)
                if attempt == attempts:
                    raise
                # Exponential backoff: 1 s, 2 s, 4 s… with the default DASTAN_RATES_BACKOFF.
                time.sleep(backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


def user_agent() -> str:
    """Return an honest User-Agent naming the software and the site that runs it."""
    try:
        version = importlib.metadata.version("dastan")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    return f"Dastan/{version} (exchange-rate fetcher; +{settings.SITE_URL})"


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Return one TLS context for every request (building one reads the CA bundle: slow)."""
    return ssl.create_default_context(cafile=certifi.where())


def download(url: str) -> bytes:
    """Return the body at URL; raise ProviderError for a timeout, a 4xx/5xx or an incomplete body."""
    # Imported here: httpx brings click, rich and pygments (its command line) with it, megabytes
    # that every reader worker would hold for the one command that fetches rates.
    import httpx

    timeout = float(settings.DASTAN_RATES_TIMEOUT)
    try:
        headers = {"User-Agent": user_agent()}
        with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers,
                          verify=tls_context()) as client:
            with client.stream("GET", url) as response:
                if response.status_code == 404:
                    raise NoRates(f"HTTP 404 from {url}")
                if response.status_code >= 400:
                    raise ProviderError(f"HTTP {response.status_code} from {url}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BODY_BYTES:
                        raise ProviderError(f"response from {url} is larger than {MAX_BODY_BYTES} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
    except httpx.TimeoutException as exc:
        raise ProviderError(f"timed out after {timeout:g} s: {url}") from exc
    except httpx.HTTPError as exc:
        # Connection refused or reset, DNS failure, a body shorter than its Content-Length…
        raise ProviderError(f"{type(exc).__name__} for {url}: {exc}") from exc


def reject_html(body: bytes) -> None:
    """Raise ParseError when BODY is an HTML page (an error or captcha page served with 200)."""
    if _HTML_START.match(body[:2048]):
        raise ParseError("got an HTML page instead of rates")


def xml_root(body: bytes, *, utf8_first: bool = False) -> Element:
    """Parse BODY as XML with entities and DTDs refused; return the root element.

    The parser reads the encoding from the XML declaration (NBKR declares windows-1251). With
    UTF8_FIRST the bytes are tried as strict UTF-8 before the declared encoding, because NBT's
    Russian and Tajik exports are said to send UTF-8 while declaring windows-1251.
    """
    reject_html(body)
    if not body.strip():
        raise ParseError("empty response")
    try:
        if utf8_first:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return SafeET.fromstring(body)
            return SafeET.fromstring(_XML_DECLARATION.sub("", text, count=1))
        return SafeET.fromstring(body)
    except (XMLParseError, DefusedXmlException, LookupError, ValueError) as exc:
        raise ParseError(f"malformed XML: {exc}") from exc


def decimal(text: str | None, *, what: str) -> Decimal:
    """Return TEXT as a Decimal, accepting a decimal comma; raise ParseError when it is not a number."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ParseError(f"{what} is not a number: {text!r}") from None
    if not value.is_finite():
        raise ParseError(f"{what} is not a number: {text!r}")
    return value


def per_unit(value: Decimal, nominal: Decimal, *, what: str) -> Decimal:
    """Return VALUE / NOMINAL (banks quote per 1, 10, 100 or 1000 units); refuse a zero nominal."""
    if nominal <= 0:
        raise ParseError(f"{what}: nominal must be positive, not {nominal}")
    return value / nominal


def parse_date(text: str | None, formats: tuple[str, ...], *, what: str) -> datetime.date:
    """Return TEXT as a date in one of FORMATS; raise ParseError otherwise."""
    for fmt in formats:
        try:
            return datetime.datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    raise ParseError(f"{what} is not a date: {text!r}")


def only_usd(quotes: list[ParsedQuote], provider: str) -> list[ParsedQuote]:
    """Return QUOTES, or raise ParseError naming PROVIDER when the USD row is missing."""
    if not quotes:
        raise ParseError(f"{provider}: no USD row in the payload")
    return quotes
