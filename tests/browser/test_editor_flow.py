"""An editor writes, tags, schedules and publishes an article in the admin; readers then see it."""

import datetime

import pytest
from django.utils import timezone

from dastan.publishing.models import Article
from dastan.publishing.roles import EDITOR
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Water tariffs in Osh to rise from June"


def pick(page, field: str, text: str) -> None:
    """Choose TEXT in the admin's autocomplete widget for FIELD (select2)."""
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text[:5])
    page.click(f".select2-results__option:has-text('{text}')")


def home_headlines(reader) -> list[str]:
    reader.goto("/en/")
    return reader.page.locator("main h2 a, main h3 a").all_inner_texts()


def test_editor_writes_schedules_and_publishes(open_reader, newsroom):
    builders.user(EDITOR, username="editor")
    editor, reader = open_reader("desktop"), open_reader("phone")
    page = editor.page

    page.goto(editor.base_url + "/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    # Write: a draft with a section and a tag.
    page.goto(editor.base_url + "/admin/publishing/article/add/")
    page.select_option("#id_edition", "en")
    page.fill("#id_headline", HEADLINE)
    page.press("#id_headline", "Tab")  # the admin fills the slug in on change
    assert page.input_value("#id_slug") == "water-tariffs-in-osh-to-rise-from-june"
    page.fill("#id_lead", "The city council approved a 12% increase after a year of debate.")
    page.fill("#id_body", "<p>Households will pay more for drinking water from 1 June.</p>")
    pick(page, "section", "Economy")
    pick(page, "tags", "Press freedom")
    page.select_option("#id_status", "draft")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(slug="water-tariffs-in-osh-to-rise-from-june")
    assert [t.slug for t in article.tags.all()] == ["press-freedom"]
    assert HEADLINE not in home_headlines(reader)

    # Schedule: published, a few seconds ahead (in the newsroom's time zone).
    when = timezone.localtime(timezone.now() + datetime.timedelta(seconds=6))
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", when.strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    row = page.locator("#result_list tr", has_text=HEADLINE)
    assert "Scheduled" in row.inner_text()
    assert HEADLINE not in home_headlines(reader), "a scheduled article waits for its time"

    # Published: once the time has come it is on the front page and its tag page, with no job run.
    for _ in range(40):
        if timezone.now() > when + datetime.timedelta(seconds=1):
            break
        page.wait_for_timeout(250)
    assert HEADLINE in home_headlines(reader)
    reader.page.click(f"text={HEADLINE}")
    assert reader.page.inner_text("h1") == HEADLINE
    reader.page.click("a[rel=tag]")
    assert HEADLINE in reader.page.locator(".card-headline").all_inner_texts()
    editor.screenshot("admin-article-list")
