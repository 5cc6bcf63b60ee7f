"""The search contract: every backend passes these, on SQLite and on PostgreSQL alike.

A backend lacking a feature (the fallback has no ranking, folding or stemming) skips, saying so.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from dastan.publishing.models import Article
from dastan.search.backends.base import NEWEST, RELEVANCE
from dastan.search.forms import SearchForm
from dastan.search.query import parse
from dastan.taxonomy.models import Alias
from tests import builders
from tests.search.conftest import requires

pytestmark = pytest.mark.django_db


def found(backend, text, edition="en", order=RELEVANCE, **filters) -> list[str]:
    """Return the headlines a search finds, best first."""
    form = SearchForm({"q": text, **filters})
    assert form.is_valid(), form.errors
    hits = backend.search(parse(text), edition=edition, filters=form.filters(), order=order)[0:50]
    ids = [h.article_id for h in hits]
    headlines = dict(Article.objects.filter(pk__in=ids).values_list("pk", "headline"))
    return [headlines[h.article_id] for h in hits]


def names(corpus, *keys) -> set[str]:
    return {corpus["articles"][k].headline for k in keys}


def test_headline_and_tag_matches_rank_above_body_matches(backend, corpus):
    requires(backend, "ranking", "it lists matches newest first")
    result = found(backend, "Rahmon")
    assert set(result[:2]) == names(corpus, "headline", "tagged")
    assert result[2:] == [corpus["articles"]["body"].headline]


def test_a_newer_article_ranks_above_an_older_one_with_the_same_match(backend, db):
    requires(backend, "ranking", "it lists matches newest first")
    old = builders.article(headline="Water talks", body="<p>Rahmon spoke.</p>",
                           ago=datetime.timedelta(days=300))
    new = builders.article(headline="Water talks again", body="<p>Rahmon spoke.</p>",
                           ago=datetime.timedelta(days=2))
    assert found(backend, "Rahmon") == [new.headline, old.headline]


def test_sort_by_date_lists_newest_first(backend, db):
    ages = [40, 3, 400, 12]
    for days in ages:
        builders.article(headline=f"Water story {days}", lead="Water" * (days % 5 + 1),
                         ago=datetime.timedelta(days=days))
    assert found(backend, "water", order=NEWEST) == [f"Water story {d}" for d in sorted(ages)]


def test_sorting_by_date_past_the_count_cap_lists_the_same_hits(backend, db, settings):
    """The count cap changes what the results line says, never which hits a date sort lists."""
    politics, sport = builders.section(slug="politics"), builders.section(slug="sport")
    for days in (5, 9, 1, 30, 14, 2, 60, 7):
        builders.article(headline=f"Water story {days}", body="<p>Water again.</p>",
                         section=politics if days % 2 else sport, ago=datetime.timedelta(days=days))
    for days in (0, 3):  # newer than most, in the same sections, not matching: the walk skips them
        builders.article(headline=f"Dry story {days}", section=politics, ago=datetime.timedelta(days=days))
    builders.article(headline="Water tomorrow", section=politics,
                     published_at=timezone.now() + datetime.timedelta(days=1))
    builders.article(edition="ru", headline="Water in Russian", section=politics)

    def listed(cap, **filters):
        settings.DASTAN_SEARCH_COUNT_CAP = cap
        form = SearchForm({"q": "water", "sort": "date", **filters})
        assert form.is_valid(), form.errors
        results = backend.search(parse("water"), edition="en", filters=form.filters(), order=NEWEST)
        return [[h.article_id for h in results[a:b]] for a, b in ((0, 50), (1, 3), (3, 6))]

    for filters in ({}, {"section": "politics"}, {"section": "sport", "since": "2000-01-01"}):
        exact = listed(1000, **filters)
        assert exact[0] and listed(2, **filters) == exact, filters
    expected = [f"Water story {d}" for d in (1, 2, 5, 7, 9, 14, 30, 60)]
    assert found(backend, "water", order=NEWEST) == expected


def test_snippet_marks_the_matched_words_and_escapes_the_text(backend, db):
    builders.article(headline="Quote of the day",
                     body="<p>Rahmon wrote &lt;script&gt;alert(1)&lt;/script&gt; &amp; left.</p>")
    form = SearchForm({"q": "rahmon"})
    assert form.is_valid()
    [hit] = backend.search(parse("rahmon"), edition="en", filters=form.filters())[0:10]
    assert str(hit.snippet) == "<mark>Rahmon</mark> wrote &lt;script&gt;alert(1)&lt;/script&gt; &amp; left."


def test_snippet_marks_a_match_in_another_script(backend, corpus):
    requires(backend, "folding", "it matches only the spelling typed")
    form = SearchForm({"q": "Rakhmon"})
    assert form.is_valid()
    [hit] = backend.search(parse("Rakhmon"), edition="ru", filters=form.filters())[0:10]
    assert "президент <mark>Рахмон</mark> улетел" in str(hit.snippet)


@pytest.mark.parametrize("filters, expected", [
    ({"section": "politics"}, {"headline"}),
    ({"author": "aida"}, {"body"}),
    ({"since": "{today_minus_5}"}, {"body"}),
    ({"until": "{today_minus_5}"}, {"headline"}),
])
def test_filters_narrow_the_results(backend, corpus, filters, expected):
    day = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    filters = {k: v.replace("{today_minus_5}", day) for k, v in filters.items()}
    result = set(found(backend, "Rahmon", **filters)) | set(found(backend, "Rakhmon", **filters))
    assert result & names(corpus, "headline", "body") == names(corpus, *expected)


def test_tag_filter(backend, corpus):
    assert found(backend, "budget", tag="rahmon") == [corpus["articles"]["tagged"].headline]
    assert found(backend, "bridge", tag="rahmon") == []


@pytest.mark.parametrize("query", ["Rahmon", "Rakhmon", "Rahmonov", "Рахмон", "rahmon"])
def test_every_spelling_of_rahmon_finds_every_article_about_him(backend, corpus, query):
    requires(backend, "folding", "it matches only the spelling typed")
    assert set(found(backend, query)) == names(corpus, "headline", "body", "tagged")


@pytest.mark.parametrize("query", ["Khujand", "Khojand", "Худжанд", "Хуҷанд", "khujand"])
def test_every_spelling_of_khujand_finds_the_factory(backend, corpus, query):
    requires(backend, "folding", "it matches only the spelling typed")
    assert found(backend, query) == [corpus["articles"]["khojand"].headline]


@pytest.mark.parametrize("query", ["Tashkent", "Toshkent", "Ташкент"])
def test_every_spelling_of_tashkent_finds_the_metro(backend, corpus, query):
    requires(backend, "folding", "it matches only the spelling typed")
    assert found(backend, query) == [corpus["articles"]["toshkent"].headline]


@pytest.mark.parametrize("query", [
    "Rahmon", "Rakhmon", "Рахмоном", "Tashkent", "Toshkent", "Худжанд", "Khujand", "Mirziyoyev", "Мирзиёев",
    "президентом", "президенты", "встретился Рахмона",
])
def test_russian_edition_finds_names_in_every_spelling_and_inflection(backend, corpus, query):
    requires(backend, "folding", "it matches only the spelling typed")
    assert found(backend, query, edition="ru") == [corpus["articles"]["ru"].headline]


@pytest.mark.parametrize("query", ["election", "elections", "counting", "count ballot"])
def test_english_inflections_match(backend, corpus, query):
    requires(backend, "stemming", "it matches only the form typed")
    assert found(backend, query) == [corpus["articles"]["elections"].headline]


def test_an_alias_finds_articles_that_use_another_spelling(backend, corpus):
    requires(backend, "aliases", "it does not know tags' other spellings")
    Alias.objects.create(tag=corpus["rahmon"], name="Rachmon")
    assert set(found(backend, "Rachmon")) == names(corpus, "headline", "body", "tagged")


def test_drafts_and_scheduled_articles_are_never_found_until_their_time(backend, corpus):
    assert not {"Rahmon draft", "Rahmon scheduled"} & set(found(backend, "Rahmon"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        result = set(found(backend, "Rahmon"))
    assert "Rahmon scheduled" in result and "Rahmon draft" not in result


def test_edit_unpublish_publish_and_delete_keep_the_index_in_step(backend, corpus):
    factory = corpus["articles"]["khojand"]
    factory.headline = "Rahmon visits a textile factory"
    factory.save()
    assert factory.headline in found(backend, "Rahmon")
    factory.status = Article.Status.DRAFT
    factory.save()
    assert factory.headline not in found(backend, "Rahmon")
    factory.status = Article.Status.PUBLISHED
    factory.save()
    assert factory.headline in found(backend, "Rahmon")
    factory.delete()
    assert factory.headline not in found(backend, "Rahmon")


def test_tag_changes_reindex_the_articles_carrying_the_tag(backend, corpus):
    requires(backend, "aliases", "it does not search tags")
    budget, tag = corpus["articles"]["tagged"], corpus["rahmon"]
    tag.name = "Emomali Rohmonzoda"  # a two-word name is not an alias: only tagged articles match it
    tag.save()
    assert found(backend, "Rohmonzoda") == [budget.headline]
    budget.tags.clear()
    assert found(backend, "Rohmonzoda") == []
    tag.articles.add(budget)
    assert found(backend, "Rohmonzoda") == [budget.headline]
    tag.delete()
    assert found(backend, "Rohmonzoda") == []


def test_rebuild_indexes_every_published_article_again(backend, corpus):
    count = backend.rebuild(Article.objects.filter(status=Article.Status.PUBLISHED))
    assert count == 8
    assert corpus["articles"]["body"].headline in found(backend, "Rakhmon")


@pytest.mark.parametrize("text", [
    '"', "'", '"Rahmon', "Rahmon AND", "OR", "NOT Rahmon", "NEAR(Rahmon bridge)", "Rah*", "^Rahmon",
    "k_head:Rahmon", "(Rahmon", "Rahmon)", "'; DROP TABLE publishing_article; --", "1 OR 1=1",
    "\x00Rahmon\x1f", "\u202eRahmon", "", "   ", "x" * 10_000, "Rahmon " * 5_000, "!!!", "%_%", "\\",
    # the most words a query keeps, each a prefix and most with a surname root: the most groups,
    # prefix look-ups and (SQLite) per-column matches a search can make
    " ".join(f"Mirziyoyev{n}ova Rahmonov{n}" for n in range(8)),
])
def test_bad_input_never_breaks_a_search(backend, corpus, text):
    found(backend, text)  # no database error
    assert Article.objects.count() == 9


def test_relevance_is_scored_among_the_newest_matches_and_every_page_still_fills(backend, db, monkeypatch):
    requires(backend, "ranking", "it lists matches newest first")
    monkeypatch.setattr("dastan.search.backends.base.RANK_WINDOW", 2)
    for days in range(1, 6):
        builders.article(headline=f"Dam report {days}", ago=datetime.timedelta(days=days))
    form = SearchForm({"q": "dam"})
    assert form.is_valid()
    results = backend.search(parse("dam"), edition="en", filters=form.filters())
    assert results.count() == 5
    pages = [results[0:2], results[2:4], results[4:6]]
    ids = [hit.article_id for page in pages for hit in page]
    assert len(ids) == len(set(ids)) == 5


def test_the_count_stops_at_the_cap_and_says_there_are_more(backend, db, settings):
    for days in range(1, 6):
        builders.article(headline=f"Canal report {days}", ago=datetime.timedelta(days=days))
    form = SearchForm({"q": "canal"})
    assert form.is_valid()

    def results(cap):
        settings.DASTAN_SEARCH_COUNT_CAP = cap
        return backend.search(parse("canal"), edition="en", filters=form.filters())

    capped = results(3)
    assert (capped.count(), capped.more) == (3, True)
    assert len({hit.article_id for hit in capped[0:3]}) == 3
    assert (results(5).count(), results(5).more) == (5, False)  # exact up to the cap
    assert (results(100).count(), results(100).more) == (5, False)
    assert backend.count(parse("canal"), "en", form.filters(), 2) == 2


def test_a_section_change_moves_the_article_between_section_filtered_searches(backend, corpus):
    bridge = corpus["articles"]["headline"]
    assert bridge.headline in found(backend, "Rahmon", section="politics")
    assert bridge.headline not in found(backend, "Rahmon", section="regions")
    bridge.section = corpus["regions"]
    bridge.save()
    assert bridge.headline in found(backend, "Rahmon", section="regions")
    assert bridge.headline not in found(backend, "Rahmon", section="politics")


def test_a_new_publication_time_moves_the_article_in_time_and_date_filters(backend, corpus):
    factory = corpus["articles"]["khojand"]
    day = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert found(backend, "Khojand", until=day) == []
    factory.published_at = timezone.now() - datetime.timedelta(days=60)
    factory.save()
    assert found(backend, "Khojand", until=day) == [factory.headline]
    assert found(backend, "Khojand", since=day) == []
    factory.published_at = timezone.now() + datetime.timedelta(days=1)  # scheduled: not yet found
    factory.save()
    assert found(backend, "Khojand") == []
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert factory.headline in found(backend, "Khojand")  # with the corpus's scheduled story


def test_the_ranking_is_the_same_whether_the_count_reached_the_cap_or_not(backend, corpus, settings):
    """PostgreSQL takes few matches' ids from the GIN index first and walks the newest for many."""
    requires(backend, "ranking", "it lists matches newest first")
    few = found(backend, "Rahmon")
    settings.DASTAN_SEARCH_COUNT_CAP = 1
    assert found(backend, "Rahmon") == few
    assert len(few) == 3
