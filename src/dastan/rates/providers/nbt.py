"""National Bank of Tajikistan: TJS per USD from export_xml.php?date=YYYY-MM-DD.

Daily format: ``<ValCurs Date="YYYY-MM-DD">`` → ``<Valute>`` with ``CharCode``, ``Nominal`` and
``Value`` (decimal dot). The range export (export_xml_dynamic.php) has ``<Record Date="DD.MM.YYYY">``
rows instead; both are read. Key on ``CharCode``: the numeric ``ID`` is unreliable (RUB is 810).
The Russian and Tajik paths may send UTF-8 while declaring windows-1251, so UTF-8 is tried first.
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


class NBTProvider(Provider):
    name = "nbt"
    currency = "TJS"
    url_setting = "DASTAN_RATES_NBT_URL"

    def parse(self, body: bytes) -> list[ParsedQuote]:
        root = xml_root(body, utf8_first=True)
        if root.tag != "ValCurs":
            raise ParseError(f"nbt: expected <ValCurs>, got <{root.tag}>")
        quotes = []
        for row in root.iter("Valute"):
            if (row.findtext("CharCode") or "").strip() == "USD":
                day = parse_date(root.get("Date"), ("%Y-%m-%d",), what="nbt Date")
                quotes.append(self._quote(row, day))
        for row in root.iter("Record"):
            if (row.findtext("CharCode") or "").strip() == "USD":
                day = parse_date(row.get("Date"), ("%d.%m.%Y",), what="nbt Record Date")
                quotes.append(self._quote(row, day))
        return only_usd(quotes, self.name)

    def _quote(self, row, day) -> ParsedQuote:
        value = decimal(row.findtext("Value"), what="nbt USD Value")
        nominal = decimal(row.findtext("Nominal"), what="nbt USD Nominal")
        return ParsedQuote(self.currency, day, per_unit(value, nominal, what="nbt USD"))
