import datetime

import pytest
from django.utils import timezone
from lxml import html

from dastan.publishing.roles import EDITOR, REPORTER
from dastan.stories.models import Event, RejectedCandidate
from dastan.taxonomy.models import Tag
from tests import builders
from tests.publishing.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(builders.user(EDITOR))
    return client


@pytest.fixture
def story(db):
    tag = builders.tag(name="Rustam Nazarov", slug="rustam-nazarov", kind="person")
    when = timezone.now() - datetime.timedelta(days=1)
    for n, sentence in enumerate(["He was detained on 14 May 2025.", "Police arrested him on 14 May 2025.",
                                  "In 2012 he joined Asia-Plus."]):
        builders.article(tags=[tag], published_at=when, slug=f"a-{n}", body=f"<p>{sentence}</p>")
    return tag


def post_action(client, action, events):
    return client.post("/admin/stories/event/", {
        "action": action, "_selected_action": [e.pk for e in events]})


def test_editor_hides_pins_and_merges_events(editor_client, story):
    events = list(Event.objects.filter(tag=story).order_by("date"))
    assert len(events) == 2  # the two detention reports are one event already
    assert post_action(editor_client, "pin", events[:1]).status_code == 302
    assert post_action(editor_client, "hide", events[1:]).status_code == 302
    assert post_action(editor_client, "merge", events).status_code == 302
    first, second = (Event.objects.get(pk=e.pk) for e in events)
    assert first.pinned and second.hidden and second.merged_into == first


def test_merging_events_of_different_tags_is_refused_with_a_message(editor_client, story):
    other = builders.tag(slug="other")
    builders.article(tags=[other], slug="other-a", body="<p>He was detained on 14 May 2025.</p>")
    events = list(Event.objects.filter(date="2025-05-14"))
    response = editor_client.post("/admin/stories/event/", {
        "action": "merge", "_selected_action": [e.pk for e in events]}, follow=True)
    assert "Choose two or more events of one tag" in response.content.decode()
    assert not Event.objects.filter(merged_into__isnull=False).exists()


def test_editor_corrects_an_event_and_sees_its_sources(editor_client, story):
    event = Event.objects.get(tag=story, date="2025-05-14")
    url = f"/admin/stories/event/{event.pk}/change/"
    page = html.fromstring(editor_client.get(url).content.decode())
    rows = page.xpath("//div[contains(@class,'inline-group')]//tbody/tr[contains(@class,'has_original')]")
    assert len(rows) == 2
    response = editor_client.post(url, {
        "pinned": "on", "corrected_date": "2025-05-13", "corrected_precision": "day",
        "corrected_sentence": "He was detained late on 13 May 2025.", "merged_into": "",
        "sources-TOTAL_FORMS": "2", "sources-INITIAL_FORMS": "2", "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        **{f"sources-{i}-id": s.pk for i, s in enumerate(event.sources.all())},
        **{f"sources-{i}-event": event.pk for i in range(2)},
    })
    assert response.status_code == 302, response.content[:3000]
    event.refresh_from_db()
    assert event.shown_iso == "2025-05-13" and event.pinned


def test_event_admin_refuses_a_bad_date_with_a_message(editor_client, story):
    event = Event.objects.get(tag=story, date="2025-05-14")
    response = editor_client.post(f"/admin/stories/event/{event.pk}/change/", {
        "corrected_date": "2025-02-30", "corrected_precision": "", "corrected_sentence": "",
        "merged_into": "", "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert html.fromstring(response.content).xpath("//ul[@class='errorlist']")


def test_reporters_cannot_reach_events(client, story):
    client.force_login(builders.user(REPORTER))
    assert client.get("/admin/stories/event/").status_code == 403


# Tag suggestions on the article form

@pytest.fixture
def tagged(db):
    khujand = builders.tag(name="Khujand", slug="khujand", kind="place", name_translations={"ru": "Худжанд"})
    mirziyoyev = builders.tag(name="Shavkat Mirziyoyev", slug="mirziyoyev", kind="person",
                              aliases=["Mirziyoyev", "Мирзиёев"])
    builders.tag(name="Khorog", slug="khorog", kind="place")
    article = builders.article(
        edition="ru", slug="visit", tags=[khujand],
        body="<p>Мирзиёеву показали Худжанд. Компания ООО «Зарафшон Голд» и Темур Варки отказались.</p>")
    return {"article": article, "khujand": khujand, "mirziyoyev": mirziyoyev}


def suggestion_choices(client, article) -> dict[str, list[str]]:
    page = html.fromstring(client.get(change_url(article)).content.decode())
    return {name: page.xpath(f"//input[@name='{name}']/@value")
            for name in ("add_suggested_tags", "create_tags", "reject_candidates")}


def test_the_article_form_suggests_named_tags_and_new_candidates(editor_client, tagged):
    choices = suggestion_choices(editor_client, tagged["article"])
    assert choices["add_suggested_tags"] == [str(tagged["mirziyoyev"].pk)]  # Khujand is on already
    assert choices["create_tags"] == ["ООО «Зарафшон Голд»", "Темур Варки"]
    assert choices["reject_candidates"] == choices["create_tags"]


def test_accepting_creating_and_rejecting_suggestions(editor_client, tagged):
    article = tagged["article"]
    response = editor_client.post(change_url(article), form_data(
        article, add_suggested_tags=[tagged["mirziyoyev"].pk], create_tags=["Темур Варки"],
        reject_candidates=["ООО «Зарафшон Голд»"]))
    assert response.status_code == 302, response.content[:3000]
    names = set(article.tags.values_list("name", flat=True))
    assert names == {"Khujand", "Shavkat Mirziyoyev", "Темур Варки"}
    assert RejectedCandidate.objects.filter(name="ООО «Зарафшон Голд»").exists()
    article.refresh_from_db()
    assert suggestion_choices(editor_client, article) == {
        "add_suggested_tags": [], "create_tags": [], "reject_candidates": []}


def test_creating_and_rejecting_one_name_is_refused_and_nothing_is_saved(editor_client, tagged):
    article = tagged["article"]
    response = editor_client.post(change_url(article), form_data(
        article, headline="Changed", create_tags=["Темур Варки"], reject_candidates=["Темур Варки"]))
    assert response.status_code == 200
    assert "cannot be both created and rejected" in response.content.decode()
    article.refresh_from_db()
    assert article.headline != "Changed" and not Tag.objects.filter(name="Темур Варки").exists()


def test_a_suggestion_that_is_not_offered_is_refused(editor_client, tagged):
    article = tagged["article"]
    khorog = Tag.objects.get(slug="khorog")
    response = editor_client.post(change_url(article), form_data(article, add_suggested_tags=[khorog.pk]))
    assert response.status_code == 200
    assert not article.tags.filter(pk=khorog.pk).exists()


def test_reporters_may_add_suggested_tags_but_not_create_or_reject(client, tagged):
    reporter = builders.user(REPORTER)
    article = tagged["article"]
    article.status = "draft"
    article.created_by = reporter
    article.save()
    client.force_login(reporter)
    choices = suggestion_choices(client, article)
    assert choices["add_suggested_tags"] and not choices["create_tags"] and not choices["reject_candidates"]
    response = client.post(change_url(article), form_data(
        article, status="draft", published_at_0="", published_at_1="",
        add_suggested_tags=[tagged["mirziyoyev"].pk], create_tags=["Темур Варки"]))
    assert response.status_code == 302, response.content[:3000]
    assert article.tags.filter(pk=tagged["mirziyoyev"].pk).exists()
    assert not Tag.objects.filter(name="Темур Варки").exists()


@pytest.mark.parametrize("target", ["self", "other-tag", "cycle"])
def test_a_merge_into_itself_another_tag_or_round_in_a_circle_is_refused(editor_client, story, target):
    detention = Event.objects.get(tag=story, date="2025-05-14")
    joined = Event.objects.get(tag=story, date__year=2012)
    if target == "self":
        into = detention
    elif target == "other-tag":
        other = builders.tag(slug="other")
        builders.article(tags=[other], slug="other-a", body="<p>He was detained on 14 May 2025.</p>")
        into = Event.objects.get(tag=other)
    else:
        joined.merged_into = detention
        joined.save()
        into = joined
    response = editor_client.post(f"/admin/stories/event/{detention.pk}/change/", {
        "merged_into": into.pk, "corrected_date": "", "corrected_precision": "", "corrected_sentence": "",
        "sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert html.fromstring(response.content.decode()).xpath("//ul[@class='errorlist']")
    detention.refresh_from_db()
    assert detention.merged_into is None


@pytest.mark.parametrize("query, status", [
    ("", 200), ("?pinned__exact=1", 200), ("?hidden__exact=0&edition=en", 200), ("?q=detained", 200),
    ("?merged_into__isempty=1", 200), ("?o=5", 200),
    ("?pinned__exact=nonsense", 302),  # the admin's own answer to a bad filter value: back with ?e=1
])
def test_event_list_and_its_filters_answer(editor_client, story, query, status):
    response = editor_client.get(f"/admin/stories/event/{query}")
    assert response.status_code == status
    if "q=" in query:
        rows = html.fromstring(response.content.decode()).xpath("//table[@id='result_list']/tbody/tr")
        assert len(rows) == 1
