"""Central Bank of Uzbekistan: UZS per USD from arkhiv-kursov-valyut/json/all/YYYY-MM-DD/.

Format: a JSON array of objects whose values are strings: ``Ccy`` (ISO code), ``Rate`` (decimal
dot), ``Nominal`` and ``Date`` (DD.MM.YYYY, the day the rate is in force).
"""

import json

from dastan.rates.providers.base import (
    NoRates,
    ParsedQuote,
    ParseError,
    Provider,
    decimal,
    only_usd,
    parse_date,
    per_unit,
    reject_html,
)


class CBUProvider(Provider):
    name = "cbu"
    currency = "UZS"
    url_setting = "DASTAN_RATES_CBU_URL"

    def parse(self, body: bytes) -> list[ParsedQuote]:
        reject_html(body)
        try:
            rows = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ParseError(f"cbu: payload is not UTF-8: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise ParseError(f"cbu: malformed JSON: {exc}") from exc
        if not isinstance(rows, list):
            raise ParseError("cbu: expected a JSON array of currencies")
        if not rows:
            raise NoRates("cbu: empty list")
        quotes = []
        for row in rows:
            if isinstance(row, dict) and row.get("Ccy") == "USD":
                day = parse_date(row.get("Date"), ("%d.%m.%Y",), what="cbu Date")
                value = decimal(str(row.get("Rate", "")), what="cbu USD Rate")
                nominal = decimal(str(row.get("Nominal", "")), what="cbu USD Nominal")
                quotes.append(ParsedQuote(self.currency, day, per_unit(value, nominal, what="cbu USD")))
        return only_usd(quotes, self.name)
