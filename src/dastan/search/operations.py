"""A migration operation that runs its SQL on one database vendor only."""

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL on VENDOR only; with PROBE (SQL returning one truthy value) only where it holds.

    The search index is a different thing on each database (an FTS5 virtual table on SQLite, a
    table with a tsvector column and a GIN index on PostgreSQL), so each is created only there.
    """

    def __init__(self, vendor: str, sql, reverse_sql, *, probe: str | None = None, **kwargs):
        self.vendor, self.probe = vendor, probe
        super().__init__(sql, reverse_sql, **kwargs)

    def _applies(self, schema_editor) -> bool:
        connection = schema_editor.connection
        if connection.vendor != self.vendor:
            return False
        if self.probe:
            with connection.cursor() as cursor:
                cursor.execute(self.probe)
                return bool(cursor.fetchone()[0])
        return True

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if self._applies(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self._applies(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
