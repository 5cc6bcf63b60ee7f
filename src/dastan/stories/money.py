"""Money mentions: amounts in the five Central Asian currencies (and given US dollars) found in text.

Recognised forms, in English and Russian: "150,000 somoni", "TJS 1.5 million", "12 млн сумов",
"1,5 млрд тенге", "150 тыс. сомони", "2 000 сомов", "50,000 Kyrgyz soms", "$14,500", "US$2 million".
A dollar figure the article gives itself is found too (currency USD) so it is kept, never converted.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CENTRAL_ASIAN = ("KGS", "KZT", "TJS", "UZS", "TMT")

# Currency words after a number; Russian forms cover every case ending the word takes.
_WORDS = {
    "KGS": r"KGS|soms?|сом(?:а|ов|ах|ам|ами|у|ом)?",
    "KZT": r"KZT|tenges?|тенге|₸",
    "TJS": r"TJS|somonis?|сомони",
    "UZS": r"UZS|so['’‘ʻ`]m|soums?|sums|sum|сум(?:а|ов|ах|ам|ами|у|ом)?|сўм",
    "TMT": r"TMT|manats?|манат(?:а|ов|ах|ам|ами|у|ом)?",
    "USD": r"(?:US\s)?dollars?|долл(?:ар(?:а|ов|ах|ам|ами|у|ом)?|\.)|USD|\$",
}
_ADJECTIVE = (
    r"(?:(?:Kyrgyz|Kazakh|Kazakhstani|Tajik|Uzbek|Turkmen|US|U\.S\.|American|"
    r"кыргызск|киргизск|казахстанск|таджикск|узбекск|туркменск|американск)\w*\s+)?"
)
_CODES = r"KGS|KZT|TJS|UZS|TMT|USD|US\$|\$|₸"
_MULTIPLIERS = {
    "thousand": 3, "k": 3, "тыс": 3, "тысяч": 3, "тысячи": 3, "тысяча": 3, "тысячу": 3,
    "million": 6, "millions": 6, "mln": 6, "m": 6, "млн": 6, "миллион": 6, "миллиона": 6,
    "миллионов": 6, "billion": 9, "billions": 9, "bn": 9, "млрд": 9, "миллиард": 9,
    "миллиарда": 9, "миллиардов": 9, "trillion": 12, "трлн": 12,
}
_MULT = r"(?:thousand|millions?|billions?|trillion|mln|bn|m|k|тыс\.?|тысяч[аиу]?|млн\.?|млрд\.?|трлн\.?|" \
        r"миллион(?:а|ов)?|миллиард(?:а|ов)?)"
# Thousands separated by commas, dots, spaces or no-break/thin spaces; then an optional decimal part.
_NUMBER = r"\d{1,3}(?:(?:,|\.|[ \u00a0\u202f\u2009])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"

# "50,000-som fine", "a 3-million-tenge bail": the hyphenated adjective forms count too.
_AFTER = re.compile(
    rf"(?<![\w.,])(?P<number>{_NUMBER})(?:(?:\s*|-)(?P<mult>{_MULT})(?!\w))?(?:\s*|-){_ADJECTIVE}"
    rf"(?P<word>{'|'.join(f'(?P<{code}>{pattern})' for code, pattern in _WORDS.items())})(?![\w])",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    rf"(?<![\w])(?P<code>{_CODES})\s?(?P<number>{_NUMBER})(?:\s*(?P<mult>{_MULT})(?!\w))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """One money mention: where it is in the text, its currency code and its value in units."""

    start: int
    end: int
    text: str
    currency: str
    value: Decimal

    @property
    def given_usd(self) -> bool:
        return self.currency == "USD"


def parse_number(text: str, *, decimal_comma: bool = False) -> Decimal | None:
    """Return the value of a written number ("150,000", "1,5", "2 000", "1.5"), or None.

    A comma followed by exactly three digits groups thousands ("150,000"); otherwise, or when
    DECIMAL_COMMA says the writer uses the comma as a decimal mark (Russian "1,500 млн" is 1.5
    million), it is the decimal separator ("1,5"). A lone dot is always a decimal point.
    """
    text = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    groups = re.split(r"[.,]", text)
    separators = re.findall(r"[.,]", text)
    if not separators:
        digits = text
    elif len(separators) == 1:
        mark = separators[0]
        thousands = mark == "," and len(groups[1]) == 3 and not decimal_comma
        digits = text.replace(mark, "") if thousands else text.replace(mark, ".")
    elif len(set(separators[:-1])) == 1 and all(len(g) == 3 for g in groups[1:-1]):
        # "1,234,567" or "1.234.567,50": the last separator decides whether a decimal part follows.
        grouping = separators[0]
        last = separators[-1]
        if last == grouping and len(groups[-1]) == 3:
            digits = text.replace(grouping, "")
        elif last != grouping:
            digits = text[: text.rfind(last)].replace(grouping, "") + "." + groups[-1]
        else:
            return None
    else:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _multiplier(word: str | None) -> int:
    if not word:
        return 0
    return _MULTIPLIERS.get(word.lower().rstrip("."), 0)


def _currency_of(match: re.Match) -> str:
    for code in _WORDS:
        if match.group(code):
            return code
    raise AssertionError("the pattern always names a currency")


def _plain(value: Decimal) -> Decimal:
    """Return VALUE without exponent or trailing zeros: 1.5E+5 becomes 150000, 2.50 becomes 2.5."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _code(text: str) -> str:
    text = text.upper()
    return {"$": "USD", "US$": "USD", "₸": "KZT"}.get(text, text)


def find_amounts(text: str, *, language: str = "en") -> list[Amount]:
    """Return the money mentions in TEXT, in order; LANGUAGE decides what a lone comma means."""
    found: list[Amount] = []
    for pattern in (_BEFORE, _AFTER):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(a.start < end and start < a.end for a in found):
                continue
            mult = match.group("mult")
            # Russian writes 1.5 million as "1,5 млн" and even "1,500 млн"; English "1,500 million"
            # is fifteen hundred million.
            number = parse_number(match.group("number"), decimal_comma=language == "ru" and bool(mult))
            if number is None:
                continue
            currency = _code(match.group("code")) if pattern is _BEFORE else _currency_of(match)
            value = number * (Decimal(10) ** _multiplier(mult))
            found.append(Amount(start, end, match.group(0), currency, _plain(value)))
    found.sort(key=lambda a: a.start)
    return found
