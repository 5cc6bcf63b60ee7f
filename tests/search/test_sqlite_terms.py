"""SQLite: a prefix is matched by naming the indexed terms that start with it (search_term)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dastan.publishing.models import Article
from dastan.search.backends import get_backend, sqlite
from dastan.search.filters import Filters
from dastan.search.folding import word_key
from dastan.search.query import parse
from tests import builders

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite FTS5 backend's term table")


@pytest.fixture
def fts(settings):
    settings.DASTAN_SEARCH_BACKEND = ""
    return get_backend()


def terms() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_term")
        return {row[0] for row in cursor.fetchall()}


def vocabulary() -> set[str]:
    """Return the terms FTS5 itself has, from its own vocabulary."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab "
                       "USING fts5vocab(main, search_fts, 'row')")
        cursor.execute("SELECT term FROM temp.vocab")
        return {row[0] for row in cursor.fetchall()}


def found(backend, text: str) -> set[str]:
    results = backend.search(parse(text), edition="en", filters=Filters())
    ids = [hit.article_id for hit in results[0:50]]
    return set(Article.objects.filter(pk__in=ids).values_list("headline", flat=True))


@pytest.mark.django_db
def test_the_term_table_holds_every_indexed_term_after_saves_and_a_rebuild(fts):
    builders.article(headline="Mirziyoyev visits Khujand", body="<p>Talks on water.</p>")
    kept = builders.article(headline="Toshkent markets", lead="Prices rise.")
    assert terms() == vocabulary() and word_key("Toshkent") in terms()
    kept.headline = "Samarqand markets"
    kept.save()
    assert word_key("Samarqand") in terms()
    assert terms() >= vocabulary()  # "Toshkent" is gone from the index, kept in the table: harmless
    fts.rebuild(Article.objects.filter(status=Article.Status.PUBLISHED))
    assert terms() == vocabulary()


@pytest.mark.django_db
def test_a_prefix_is_asked_for_by_the_terms_that_start_with_it(fts):
    builders.article(headline="Mirziyoyeva speaks")
    builders.article(headline="Mirziyoyevs at home")
    query = parse("Mirziyoyev")
    expansions = sqlite.expand_prefixes(query)
    assert expansions and all(named for named in expansions.values())
    expression = sqlite.match_expression(query, expansions)
    assert "*" not in expression and f'"{word_key("Mirziyoyeva")}"' in expression
    assert found(fts, "Mirziyoyev") == {"Mirziyoyeva speaks", "Mirziyoyevs at home"}


@pytest.mark.django_db
def test_a_prefix_of_too_many_terms_stays_a_prefix_query_and_finds_them_all(fts, monkeypatch):
    monkeypatch.setattr(sqlite, "MAX_EXPANSION", 2)
    headlines = {f"Tashkentlik{suffix} news" for suffix in ("a", "b", "c", "d")} | {"Tashkent news"}
    for headline in headlines:
        builders.article(headline=headline)
    query = parse("Tashkent")
    assert None in sqlite.expand_prefixes(query).values()
    assert "*" in sqlite.match_expression(query, sqlite.expand_prefixes(query))
    assert found(fts, "Tashkent") == headlines


@pytest.mark.django_db
def test_a_prefix_no_indexed_term_has_matches_nothing(fts):
    builders.article(headline="Dushanbe weather")
    assert sqlite.expand_prefixes(parse("Qwertyuiop")) == {word_key("Qwertyuiop"): []}
    assert found(fts, "Qwertyuiop") == set()
    assert found(fts, "Qwertyuiop Dushanbe") == set()  # every term must match
    assert found(fts, "Dushanbe") == {"Dushanbe weather"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_table_from_the_index_it_finds(fts):
    builders.article(headline="Bishkek and Ferghana", body="<p>Trains again.</p>")
    expected = vocabulary()
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0004_keys")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search_term'")
        assert cursor.fetchone()[0] == 0
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("search"))
    assert terms() == expected and word_key("Ferghana") in expected


@pytest.mark.django_db
def test_each_word_of_a_query_is_its_own_group_with_spellings_kept(fts):
    builders.tag(name="Emomali Rahmon", slug="rahmon", kind="person", aliases=["Rakhmon"])
    query = parse("Rahmon water")
    groups = sqlite.match_groups(query, sqlite.expand_prefixes(query))
    assert len(groups) == 2 and all(g.startswith("(") and g.endswith(")") for g in groups)
    assert '("emomali" AND "rahmon")' in groups[0] and '"water"' in groups[1]


@pytest.mark.django_db
def test_the_score_counts_each_word_in_the_columns_it_is_in(fts):
    # Same age, so only where the words are decides: both in the headline, then one in the
    # headline and one in the lead, then one in the headline and one in the body.
    both = builders.article(headline="Rahmon water talks", body="<p>Nothing else.</p>")
    lead = builders.article(headline="Rahmon talks", lead="On water.", body="<p>Nothing else.</p>")
    body = builders.article(headline="Rahmon talks", lead="Nothing.", body="<p>About water.</p>")
    Article.objects.filter(pk__in=[both.pk, lead.pk, body.pk]).update(published_at=both.published_at)
    fts.rebuild(Article.objects.filter(status=Article.Status.PUBLISHED))
    results = fts.search(parse("Rahmon water"), edition="en", filters=Filters())
    assert [hit.article_id for hit in results[0:10]] == [both.pk, lead.pk, body.pk]
