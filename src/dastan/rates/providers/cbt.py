"""Central Bank of Turkmenistan: TMT per USD from kurs/YYYY/DDMMYYYY.xml.

Format: ``<cbt_currency_rate>`` → ``<date>`` (DD.MM.YYYY since 2024, YYYY-MM-DD before) and one
``<rate code=…>`` per currency with ``rate_tmt`` and ``multiplier``. TMT per unit is
rate_tmt / multiplier; ``rate_usd`` is not used because its direction differs by currency (EUR is
USD per euro, KGS is som per dollar). The manat is pegged at 3.5 per USD since 1 January 2015; when
the file cannot be read the service stores the peg instead (see rates.services).
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


class CBTProvider(Provider):
    name = "cbt"
    currency = "TMT"
    url_setting = "DASTAN_RATES_CBT_URL"

    def parse(self, body: bytes) -> list[ParsedQuote]:
        root = xml_root(body)
        if root.tag != "cbt_currency_rate":
            raise ParseError(f"cbt: expected <cbt_currency_rate>, got <{root.tag}>")
        day = parse_date(root.findtext("date"), ("%d.%m.%Y", "%Y-%m-%d"), what="cbt date")
        quotes = []
        for row in root.iter("rate"):
            if row.get("code") == "USD":
                value = decimal(row.findtext("rate_tmt"), what="cbt USD rate_tmt")
                nominal = decimal(row.findtext("multiplier"), what="cbt USD multiplier")
                quotes.append(ParsedQuote(self.currency, day, per_unit(value, nominal, what="cbt USD")))
        return only_usd(quotes, self.name)
