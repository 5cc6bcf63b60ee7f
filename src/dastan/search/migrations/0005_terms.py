from django.db import migrations

from dastan.search.operations import RunSQLOn


class Migration(migrations.Migration):
    """SQLite: every term in the full-text index, in a table of its own (``search_term``).

    A query word of four letters or more also matches as a prefix (Mirziyoyev finds Mirziyoyeva).
    FTS5 answers a prefix query by merging the whole list of every term with that prefix, with
    their positions, before it returns the first match: a name in one article of seven cost that
    much more with every article added. The backend looks the prefix up here instead and asks FTS5
    for those terms by name, whose lists it walks newest first and stops at the window.

    The terms of the index as it is are copied from FTS5's own vocabulary (one pass over it); from
    then on every write adds its documents' terms. A term whose articles are all gone stays, and
    matches nothing.
    """

    dependencies = [("search", "0004_keys")]

    operations = [
        RunSQLOn(
            "sqlite",
            [
                "CREATE TABLE search_term (term text PRIMARY KEY) WITHOUT ROWID",
                "CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_fts, 'row')",
                "INSERT INTO search_term (term) SELECT term FROM temp.search_vocab",
                "DROP TABLE temp.search_vocab",
            ],
            ["DROP TABLE search_term"],
            probe="SELECT count(*) FROM sqlite_master WHERE name = 'search_fts'",
        ),
    ]
