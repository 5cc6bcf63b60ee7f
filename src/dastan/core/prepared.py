"""Prepared queries: a queryset compiled to SQL once per database, then run with each request's values.

On a page whose parts come from the cache, building and compiling the one queryset it still runs
costs more CPU than the indexed query itself. The SQL still comes from the ORM (so "published"
stays defined once, in ArticleQuerySet), compiled with placeholder values that are swapped for
the real ones on every run.
"""

import datetime
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# A moment no real value has, standing for a datetime argument while compiling.
_WHEN = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)


class PreparedQuery:
    """The SQL of BUILD(**arguments) with every argument a parameter; rows() runs it."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        self.build, self.kinds = build, kinds
        self._compiled: dict[str, tuple[str, list]] = {}

    def _placeholder(self, name: str, kind: type):
        if kind is datetime.datetime:
            return _WHEN + datetime.timedelta(seconds=list(self.kinds).index(name))
        return f"\x1fprepared:{name}\x1f"  # a string no URL or slug can hold

    def _compile(self, using: str) -> tuple[str, list]:
        connection = connections[using]
        placeholders = {name: self._placeholder(name, kind) for name, kind in self.kinds.items()}
        adapted = {}
        for name, value in placeholders.items():
            adapted[self._key(value)] = name
            if isinstance(value, datetime.datetime):
                adapted[self._key(connection.ops.adapt_datetimefield_value(value))] = name
        sql, params = self.build(**placeholders).query.get_compiler(using).as_sql()
        # Each parameter is either an argument's placeholder (by name) or a constant of the query.
        slots = [("arg", adapted[self._key(p)]) if self._key(p) in adapted else ("const", p) for p in params]
        if sorted(n for kind, n in slots if kind == "arg") != sorted(self.kinds):
            raise ValueError("Every argument of a prepared query must appear once in its SQL.")
        return sql, slots

    @staticmethod
    def _key(value):
        return (type(value).__name__, str(value))

    def rows(self, using: str = "default", **values) -> list[tuple]:
        """Return the rows of the query with VALUES for its arguments (database values, unconverted)."""
        connection = connections[using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(using)
        sql, slots = compiled
        params = []
        for kind, item in slots:
            if kind == "const":
                params.append(item)
                continue
            value = values[item]
            if isinstance(value, datetime.datetime):
                value = connection.ops.adapt_datetimefield_value(value)
            params.append(value)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
