from django.db import migrations

from dastan.search.operations import RunSQLOn


class Migration(migrations.Migration):
    """Index SQLite's search entries newest first, per edition and per section.

    A search sorted by date with more matches than the count cap walks these in order and asks
    FTS5 about each entry, instead of sorting every match (PostgreSQL has search_document_newest
    since 0002).
    """

    dependencies = [("search", "0002_index_visibility_and_filters")]

    operations = [
        RunSQLOn(
            "sqlite",
            [
                "CREATE INDEX IF NOT EXISTS search_entry_newest ON search_entry "
                "(edition, published_at DESC, article_id DESC)",
                "CREATE INDEX IF NOT EXISTS search_entry_section_newest ON search_entry "
                "(edition, section_id, published_at DESC, article_id DESC)",
            ],
            ["DROP INDEX search_entry_section_newest", "DROP INDEX search_entry_newest"],
            probe="SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_entry'",
        ),
    ]
