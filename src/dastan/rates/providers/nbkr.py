"""National Bank of the Kyrgyz Republic: KGS per USD from daily.xml.

Format (``<CurrencyRates Date="DD.MM.YYYY">`` → ``<Currency ISOCode="USD">`` → ``Nominal``,
``Value`` with a decimal comma), declared windows-1251. The file has no date parameter: it is always
the latest publication, dated the day the rate takes effect (often tomorrow).
"""

from dastan.rates.providers.base import (
    ParsedQuote,
    ParseError,
    Provider,
    decimal,
    only_usd,
    parse_date,
    per_unit,
    xml_root,
)


class NBKRProvider(Provider):
    name = "nbkr"
    currency = "KGS"
    url_setting = "DASTAN_RATES_NBKR_URL"
    dated = False

    def parse(self, body: bytes) -> list[ParsedQuote]:
        root = xml_root(body)
        if root.tag != "CurrencyRates":
            raise ParseError(f"nbkr: expected <CurrencyRates>, got <{root.tag}>")
        day = parse_date(root.get("Date"), ("%d.%m.%Y",), what="nbkr Date")
        quotes = []
        for row in root.iter("Currency"):
            if row.get("ISOCode") == "USD":
                value = decimal(row.findtext("Value"), what="nbkr USD Value")
                nominal = decimal(row.findtext("Nominal"), what="nbkr USD Nominal")
                quotes.append(ParsedQuote(self.currency, day, per_unit(value, nominal, what="nbkr USD")))
        return only_usd(quotes, self.name)
