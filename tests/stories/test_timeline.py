import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from dastan.publishing.models import Article
from dastan.stories.models import Event, EventSource
from dastan.stories.timeline import extract_article
from tests import builders

pytestmark = pytest.mark.django_db


def at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(12),
                                     timezone.get_current_timezone())


@pytest.fixture
def case(db):
    """A running story: the detention and the verdict retold by a later article, and a Russian report."""
    tag = builders.tag(name="Rustam Nazarov", slug="rustam-nazarov", kind="person")
    first = builders.article(
        tags=[tag], published_at=at("2025-05-16"), headline="Journalist detained", slug="detained",
        body="<p>Officers detained Rustam Nazarov at his home in Khujand on May 14.</p>"
             "<p>Nazarov, born on 3 August 1983, faces ten years under Article 307.</p>")
    later = builders.article(
        tags=[tag], published_at=at("2025-12-29"), headline="Ten years for Nazarov", slug="ten-years",
        body="<p>The judge read out the verdict on December 28.</p>"
             "<p>Nazarov, detained on May 14, 2025, denied the charges.</p>")
    russian = builders.article(
        tags=[tag], edition="ru", published_at=at("2025-05-17"), headline="Задержан журналист",
        slug="zaderzhan", body="<p>Рустама Назарова задержали 14 мая у него дома.</p>")
    return {"tag": tag, "first": first, "later": later, "russian": russian}


def test_saving_an_article_extracts_its_events(case):
    events = Event.objects.filter(tag=case["tag"], edition="en").order_by("date")
    assert [(e.date.isoformat(), e.precision) for e in events] == [
        ("2025-05-14", "day"), ("2025-12-28", "day")]


def test_one_event_reported_twice_has_two_sources_and_languages_stay_apart(case):
    detention = Event.objects.get(tag=case["tag"], edition="en", date="2025-05-14")
    assert {s.article_id for s in detention.sources.all()} == {case["first"].pk, case["later"].pk}
    russian = Event.objects.get(tag=case["tag"], edition="ru")
    assert [s.article_id for s in russian.sources.all()] == [case["russian"].pk]


def test_different_happenings_on_one_day_stay_two_events(case):
    builders.article(tags=[case["tag"]], published_at=at("2025-12-30"), slug="fire",
                     body="<p>A fire broke out in the courthouse on December 28.</p>")
    assert Event.objects.filter(tag=case["tag"], edition="en", date="2025-12-28").count() == 2


def test_one_day_reported_in_other_words_is_one_event(case):
    bank = builders.tag(name="Altyn Kazyna Bank", slug="altyn-kazyna", kind="organisation")
    builders.article(tags=[bank], published_at=at("2025-10-08"), slug="revoked",
                     body="<p>The regulator revoked the licence of Altyn Kazyna Bank on Monday, 6 October, "
                          "leaving about 41,000 depositors without access to their savings.</p>")
    builders.article(tags=[bank], published_at=at("2026-01-23"), slug="lost",
                     body="<p>The bank lost its licence on 6 October 2025; since then the insurance fund "
                          "has paid out 212 billion tenge.</p>")
    day = Event.objects.get(tag=bank, edition="en", date="2025-10-06")
    assert day.sources.count() == 2


def test_editors_edits_survive_reextraction(case):
    detention = Event.objects.get(tag=case["tag"], edition="en", date="2025-05-14")
    verdict = Event.objects.get(tag=case["tag"], edition="en", date="2025-12-28")
    detention.pinned = True
    detention.corrected_sentence = "Security officers detained Rustam Nazarov in Khujand."
    detention.save()
    verdict.hidden = True
    verdict.save()
    for article in (case["first"], case["later"]):
        article.body += "<p>His family was not told where he is.</p>"
        article.save()
        extract_article(article)
    detention.refresh_from_db()
    verdict.refresh_from_db()
    assert detention.pinned and detention.corrected_sentence.startswith("Security officers")
    assert verdict.hidden
    assert Event.objects.filter(tag=case["tag"], edition="en").count() == 2


def test_a_merge_survives_reextraction(case):
    builders.article(tags=[case["tag"]], published_at=at("2026-01-05"), slug="winter",
                     body="<p>In December 2025 the court closed the case.</p>")
    month = Event.objects.get(tag=case["tag"], edition="en", precision="month")
    verdict = Event.objects.get(tag=case["tag"], edition="en", date="2025-12-28")
    month.merged_into = verdict
    month.save()
    article = Article.objects.get(slug="winter")
    article.save()
    month.refresh_from_db()
    assert month.merged_into == verdict and month.sources.count() == 1


def test_removing_a_sentence_removes_its_source_but_an_edited_event_is_kept(case):
    verdict = Event.objects.get(tag=case["tag"], edition="en", date="2025-12-28")
    verdict.pinned = True
    verdict.save()
    later = case["later"]
    later.body = "<p>Nazarov, detained on May 14, 2025, denied the charges.</p>"
    later.save()
    assert not EventSource.objects.filter(event=verdict).exists()
    assert Event.objects.filter(pk=verdict.pk).exists()  # the editor pinned it: kept, though unsourced


def test_an_untouched_event_without_sources_is_deleted(case):
    later = case["later"]
    later.body = "<p>No dates here.</p>"
    later.save()
    assert not Event.objects.filter(tag=case["tag"], edition="en", date="2025-12-28").exists()


def test_untagging_and_unpublishing_remove_sources(case):
    case["later"].tags.remove(case["tag"])
    assert not EventSource.objects.filter(article=case["later"]).exists()
    first = case["first"]
    first.status = Article.Status.DRAFT
    first.save()
    assert not EventSource.objects.filter(article=first).exists()


def test_tagging_from_the_tag_side_extracts_too(case):
    other = builders.tag(slug="khujand", name="Khujand", kind="place")
    other.articles.add(case["first"])
    assert Event.objects.filter(tag=other, date="2025-05-14").exists()


# The timeline page

def timeline(client, slug="rustam-nazarov", edition="en"):
    response = client.get(f"/{edition}/tag/{slug}/timeline/")
    assert response.status_code == 200
    return html.fromstring(response.content)


def test_timeline_lists_events_oldest_first_with_time_elements_and_every_source(client, case):
    page = timeline(client)
    items = page.xpath("//ol[@class='timeline']/li")
    assert [li.xpath(".//time/@datetime")[0] for li in items] == ["2025-05-14", "2025-12-28"]
    assert [a.get("href") for a in items[0].xpath(".//p[@class='sources']/a")] == [
        "/en/articles/detained/", "/en/articles/ten-years/"]
    assert items[0].xpath(".//blockquote")[0].text_content().strip() == \
        "Officers detained Rustam Nazarov at his home in Khujand on May 14."
    russian = timeline(client, edition="ru")
    assert russian.xpath("//ol[@class='timeline']/li//time/@datetime") == ["2025-05-14"]


def test_month_and_year_precision_and_editor_fields_show(client, case):
    builders.article(tags=[case["tag"]], published_at=at("2026-01-05"), slug="background",
                     body="<p>He joined Asia-Plus in 2012. In October 2025 his trial opened.</p>")
    verdict = Event.objects.get(tag=case["tag"], edition="en", date="2025-12-28")
    verdict.pinned = True
    verdict.corrected_date = datetime.date(2025, 12, 27)
    verdict.save()
    items = timeline(client).xpath("//ol[@class='timeline']/li")
    assert [li.xpath(".//time/@datetime")[0] for li in items] == [
        "2012", "2025-05-14", "2025-10", "2025-12-27"]
    assert items[-1].get("class") == "event pinned" and items[-1].xpath(".//strong[@class='key-event']")


def test_hidden_events_and_unpublished_sources_are_not_shown_and_merges_gather_sources(client, case):
    detention = Event.objects.get(tag=case["tag"], edition="en", date="2025-05-14")
    verdict = Event.objects.get(tag=case["tag"], edition="en", date="2025-12-28")
    verdict.hidden = True
    verdict.save()
    builders.article(tags=[case["tag"]], slug="draft", status=Article.Status.DRAFT, published_at=None,
                     body="<p>On 1 May 2025 he was warned.</p>")
    later = builders.article(tags=[case["tag"]], published_at=at("2026-01-05"), slug="warning",
                             body="<p>He had been warned on 1 May 2025.</p>")
    warning = Event.objects.get(sources__article=later)
    warning.merged_into = detention
    warning.save()
    items = timeline(client).xpath("//ol[@class='timeline']/li")
    assert [li.xpath(".//time/@datetime")[0] for li in items] == ["2025-05-14"]
    assert [a.get("href") for a in items[0].xpath(".//p[@class='sources']/a")] == [
        "/en/articles/detained/", "/en/articles/ten-years/", "/en/articles/warning/"]


def test_empty_and_unknown_timelines(client):
    builders.tag(slug="quiet")
    page = timeline(client, slug="quiet")
    assert page.xpath("//p[@class='empty']") and not page.xpath("//ol[@class='timeline']")
    assert client.get("/en/tag/no-such-tag/timeline/").status_code == 404


def test_tag_page_links_to_its_timeline_and_keeps_its_own_url(client, case):
    page = html.fromstring(client.get("/en/tag/rustam-nazarov/").content)
    assert page.xpath("//p[@class='timeline-link']/a/@href") == ["/en/tag/rustam-nazarov/timeline/"]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/en/tag/rustam-nazarov/timeline/").status_code == 200
    return len(ctx.captured_queries)


def test_timeline_query_count_is_fixed_and_the_page_writes_nothing(client, case):
    """Sources and their articles come in one query, so more events never mean more queries (no N+1)."""
    _queries(client)  # warm the navigation cache
    before = _queries(client)
    for n in range(4):
        builders.article(tags=[case["tag"]], published_at=at(f"2026-02-0{n + 1}"), slug=f"more-{n}",
                         body=f"<p>A protest was held on January {n + 10}.</p><p>In 201{n} he moved.</p>")
    assert Event.objects.filter(tag=case["tag"], edition="en").count() == 10
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/en/tag/rustam-nazarov/timeline/").status_code == 200
    assert len(ctx.captured_queries) == before == 3
    writes = ("INSERT", "UPDATE", "DELETE")
    assert not [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(writes)]


def test_deleting_an_article_deletes_the_events_only_it_reported(case):
    verdict = Event.objects.get(tag=case["tag"], edition="en", date="2025-12-28")
    detention = Event.objects.get(tag=case["tag"], edition="en", date="2025-05-14")
    case["later"].delete()
    assert not Event.objects.filter(pk=verdict.pk).exists()
    assert list(detention.sources.values_list("article_id", flat=True)) == [case["first"].pk]


def test_clearing_a_tags_articles_clears_its_timeline(case):
    case["tag"].articles.clear()
    assert not Event.objects.filter(tag=case["tag"]).exists()


def test_russian_timeline_is_in_russian(client, case):
    page = timeline(client, edition="ru")
    assert page.xpath("//p[@class='kicker']")[0].text == "Хроника"
    assert page.xpath("//ol[@class='timeline']/li//time")[0].text == "14 мая 2025 г."
    assert page.xpath("//p[@class='sources']")[0].text.startswith("Источники")


def test_resaving_an_unchanged_article_keeps_the_same_events_and_sources(case):
    before = sorted(EventSource.objects.values_list("pk", "event_id"))
    for article in Article.objects.all():
        article.save()
    assert sorted(EventSource.objects.values_list("pk", "event_id")) == before


def test_extract_command_finds_every_articles_events_again(case):
    Event.objects.all().delete()
    out = io.StringIO()
    call_command("stories", "extract", stdout=out)
    assert out.getvalue().strip() == "4 event sources"
    assert Event.objects.filter(tag=case["tag"]).count() == 3


def test_a_scheduled_articles_events_appear_by_themselves_when_it_goes_live(client, case):
    later = timezone.now() + datetime.timedelta(days=2)
    builders.article(tags=[case["tag"]], published_at=later, slug="scheduled",
                     body="<p>His appeal was rejected on 20 February 2026.</p>")
    assert "2026-02-20" not in timeline(client).xpath("//time/@datetime")
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert "2026-02-20" in timeline(client).xpath("//time/@datetime")
