from django.db import migrations

from dastan.search.operations import RunSQLOn


class Migration(migrations.Migration):
    """Create the search index: FTS5 on SQLite (where compiled in), tsvector + GIN on PostgreSQL."""

    initial = True
    dependencies = [("publishing", "0001_initial")]

    operations = [
        RunSQLOn(
            "sqlite",
            [
                "CREATE VIRTUAL TABLE search_fts USING fts5("
                "k_head, k_lead, k_body, body_text UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')",
                # What every match is checked against, in narrow rows of its own: FTS5 reads a
                # row's every column, the long ones included, to give back any one of them.
                "CREATE TABLE search_entry (article_id integer PRIMARY KEY, edition text NOT NULL, "
                "published_at text NOT NULL)",
            ],
            ["DROP TABLE search_entry", "DROP TABLE search_fts"],
            probe="SELECT sqlite_compileoption_used('ENABLE_FTS5')",
        ),
        RunSQLOn(
            "postgresql",
            [
                "CREATE TABLE search_document (article_id bigint PRIMARY KEY, body_text text NOT NULL, "
                "vector tsvector NOT NULL)",
                "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
            ],
            "DROP TABLE search_document",
        ),
    ]
