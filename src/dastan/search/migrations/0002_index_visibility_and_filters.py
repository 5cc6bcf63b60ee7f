from django.db import migrations

from dastan.search.operations import RunSQLOn


class Migration(migrations.Migration):
    """Keep what decides a match's visibility and filters in the index itself, filled from the articles.

    PostgreSQL's search_document gains edition, published_at and section_id (SQLite's search_entry
    has the first two already and gains section_id), so a search counts and ranks without joining
    publishing_article or building a subquery of every article of a section. Existing indexes are
    filled by one set-wise UPDATE … FROM publishing_article: no reindex.
    """

    dependencies = [("search", "0001_initial"), ("publishing", "0001_initial")]

    operations = [
        RunSQLOn(
            "sqlite",
            [
                "ALTER TABLE search_entry ADD COLUMN section_id integer",
                "UPDATE search_entry SET section_id = article.section_id FROM publishing_article AS article "
                "WHERE article.id = search_entry.article_id",
            ],
            ["ALTER TABLE search_entry DROP COLUMN section_id"],
            probe="SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_entry'",
        ),
        RunSQLOn(
            "postgresql",
            [
                # The UPDATE writes a new version of every row: with the GIN index in place each
                # would insert its whole vector again (hours at 1,000,000 articles); building the
                # index once afterwards is the bulk way, as a rebuild of a fresh corpus does.
                "DROP INDEX IF EXISTS search_document_vector",
                "SET LOCAL maintenance_work_mem = '256MB'",
                "ALTER TABLE search_document ADD COLUMN edition text, ADD COLUMN published_at timestamptz, "
                "ADD COLUMN section_id bigint",
                # Made before the UPDATE, which then changes an indexed column of every row: no row
                # is updated in place (HOT), so the GIN index built after it is usable at once. Built
                # after in-place updates, PostgreSQL would ignore it (indcheckxmin) until every
                # transaction older than the migration ended: searches would scan the table.
                "CREATE INDEX search_document_newest ON search_document (edition, published_at DESC, "
                "article_id DESC)",
                "UPDATE search_document SET edition = article.edition, published_at = article.published_at, "
                "section_id = article.section_id FROM publishing_article AS article "
                "WHERE article.id = search_document.article_id",
                # Entries of articles no longer there: no search could return them (they had no
                # article to join), so they go.
                "DELETE FROM search_document WHERE edition IS NULL OR published_at IS NULL",
                "ALTER TABLE search_document ALTER COLUMN edition SET NOT NULL, "
                "ALTER COLUMN published_at SET NOT NULL",
                "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
                "ANALYZE search_document",
            ],
            "ALTER TABLE search_document DROP COLUMN section_id, DROP COLUMN published_at, DROP COLUMN edition",
        ),
    ]
