"""URL converters for reader pages."""


class UnicodeSlugConverter:
    """Match a slug in any script (Latin or Cyrillic letters, digits, hyphen, underscore).

    Django's ``slug`` converter is ASCII-only, and ``str`` lets through characters such as NUL
    that PostgreSQL refuses in a query; an address with them is simply not found.
    """

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
