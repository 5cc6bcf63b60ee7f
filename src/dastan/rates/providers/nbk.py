"""National Bank of Kazakhstan: KZT per USD from get_rates.cfm?fdate=DD.MM.YYYY.

Format: ``<rates>`` → ``<date>DD.MM.YYYY</date>`` and one ``<item>`` per currency with ``title``
(ISO code), ``description`` (rate, decimal dot) and ``quant`` (nominal). A day without rates has
``<info>`` or ``<error>`` instead of items.
"""

from dastan.rates.providers.base import (
    NoRates,
    ParsedQuote,
    ParseError,
    Provider,
    decimal,
    only_usd,
    parse_date,
    per_unit,
    xml_root,
)


class NBKProvider(Provider):
    name = "nbk"
    currency = "KZT"
    url_setting = "DASTAN_RATES_NBK_URL"

    def parse(self, body: bytes) -> list[ParsedQuote]:
        root = xml_root(body)
        if root.tag != "rates":
            raise ParseError(f"nbk: expected <rates>, got <{root.tag}>")
        notice = root.findtext("info") or root.findtext("error")
        if notice is not None and root.find("item") is None:
            raise NoRates(f"nbk: {notice.strip()}")
        day = parse_date(root.findtext("date"), ("%d.%m.%Y",), what="nbk date")
        quotes = []
        for item in root.iter("item"):
            if (item.findtext("title") or "").strip() == "USD":
                value = decimal(item.findtext("description"), what="nbk USD description")
                nominal = decimal(item.findtext("quant"), what="nbk USD quant")
                quotes.append(ParsedQuote(self.currency, day, per_unit(value, nominal, what="nbk USD")))
        return only_usd(quotes, self.name)
