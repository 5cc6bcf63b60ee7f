import datetime

import pytest
import reversion
from django.utils import timezone
from lxml import html
from reversion.models import Version

from dastan.publishing.models import Article
from dastan.publishing.roles import EDITOR, REPORTER
from tests import builders

pytestmark = pytest.mark.django_db


def form_data(article: Article, **changes) -> dict:
    """Return the admin change form's POST data for ARTICLE as it is now, with CHANGES applied."""
    local = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "edition": article.edition, "headline": article.headline, "slug": article.slug,
        "lead": article.lead, "body": article.body, "loaded_version": article.version,
        "status": article.status,
        "published_at_0": local.strftime("%Y-%m-%d") if local else "",
        "published_at_1": local.strftime("%H:%M:%S") if local else "",
        "authors": [a.pk for a in article.authors.all()], "tags": [t.pk for t in article.tags.all()],
        "section": article.section_id or "", "translation_of": article.translation_of_id or "",
        "image_alt": "", "image_caption": "", "image_credit": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def change_url(article):
    return f"/admin/publishing/article/{article.pk}/change/"


@pytest.fixture
def editor_client(client):
    client.force_login(builders.user(EDITOR))
    return client


def test_editor_can_save_and_the_revision_is_kept(editor_client):
    a = builders.article(headline="Original")
    response = editor_client.post(change_url(a), form_data(a, headline="Corrected"))
    assert response.status_code == 302, response.content[:2000]
    a.refresh_from_db()
    assert a.headline == "Corrected"
    versions = Version.objects.get_for_object(a)
    assert versions.count() == 1 and versions[0].field_dict["headline"] == "Corrected"
    history = editor_client.get(f"/admin/publishing/article/{a.pk}/history/")
    assert history.status_code == 200


def test_second_editor_is_told_of_the_conflict_and_loses_nothing(client):
    a = builders.article(headline="Original", lead="Old lead")
    first, second = builders.user(EDITOR), builders.user(EDITOR)
    stale = form_data(a)  # both open the form now

    client.force_login(first)
    assert client.post(change_url(a), {**stale, "headline": "First editor's headline"}).status_code == 302

    client.force_login(second)
    response = client.post(change_url(a), {**stale, "lead": "Second editor's lead"})
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    errors = " ".join(doc.xpath("//*[contains(@class,'errornote') or contains(@class,'errorlist')]//text()"))
    assert "saved by someone else" in errors
    assert "differs from the saved one in: Headline, Lead" in errors
    # The second editor's text is still in the form, and nothing was overwritten.
    assert doc.xpath("//textarea[@name='lead']/text()")[0].strip() == "Second editor's lead"
    a.refresh_from_db()
    assert (a.headline, a.lead) == ("First editor's headline", "Old lead")

    # Having seen the conflict, saving again with the refreshed form goes through.
    new_version = doc.xpath("//input[@name='loaded_version']/@value")[0]
    again = client.post(change_url(a), {**stale, "headline": a.headline, "lead": "Second editor's lead",
                                        "loaded_version": new_version})
    assert again.status_code == 302
    a.refresh_from_db()
    assert (a.headline, a.lead) == ("First editor's headline", "Second editor's lead")


def test_restoring_a_revision_brings_back_the_old_text(editor_client):
    a = builders.article(headline="Version one")
    with reversion.create_revision():
        a.save()
    a.headline = "Version two"
    with reversion.create_revision():
        a.save()
    old = Version.objects.get_for_object(a).order_by("pk").first()
    page = editor_client.get(f"/admin/publishing/article/{a.pk}/history/{old.pk}/")
    assert page.status_code == 200
    form = html.fromstring(page.content)
    assert form.xpath("//input[@name='headline']/@value") == ["Version one"]
    version = form.xpath("//input[@name='loaded_version']/@value")[0]
    a.refresh_from_db()
    response = editor_client.post(f"/admin/publishing/article/{a.pk}/history/{old.pk}/",
                                  form_data(a, headline="Version one", loaded_version=version))
    assert response.status_code == 302
    assert Article.objects.get(pk=a.pk).headline == "Version one"


def test_reporter_cannot_publish_even_by_posting_the_field(client):
    reporter = builders.user(REPORTER)
    client.force_login(reporter)
    response = client.post("/admin/publishing/article/add/", {
        "edition": "en", "headline": "My story", "slug": "my-story", "lead": "", "body": "<p>x</p>",
        "status": "published", "published_at_0": "2026-01-01", "published_at_1": "10:00:00",
        "image_alt": "", "image_caption": "", "image_credit": "", "translation_of": "",
    })
    assert response.status_code == 302, response.content[:3000]
    a = Article.objects.get(slug="my-story")
    assert a.status == Article.Status.DRAFT and a.created_by == reporter


def test_reporter_cannot_edit_someone_elses_or_a_published_article(client):
    reporter = builders.user(REPORTER)
    client.force_login(reporter)
    others = builders.article(status=Article.Status.DRAFT, created_by=builders.user(REPORTER))
    assert client.post(change_url(others), form_data(others, headline="Hijacked")).status_code == 403
    own_published = builders.article(created_by=reporter)
    assert client.post(change_url(own_published), form_data(own_published, headline="x")).status_code == 403
    assert Article.objects.get(pk=others.pk).headline != "Hijacked"
    own_draft = builders.article(status=Article.Status.DRAFT, created_by=reporter)
    assert client.post(change_url(own_draft), form_data(own_draft, headline="Fixed typo")).status_code == 302


def test_reporter_cannot_use_publish_action(client):
    reporter = builders.user(REPORTER)
    client.force_login(reporter)
    own = builders.article(status=Article.Status.DRAFT, created_by=reporter)
    client.post("/admin/publishing/article/", {"action": "publish_now", "_selected_action": [own.pk]})
    assert Article.objects.get(pk=own.pk).status == Article.Status.DRAFT


def test_editor_schedules_and_the_list_shows_it(editor_client):
    a = builders.article(status=Article.Status.DRAFT)
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = editor_client.post(change_url(a), form_data(
        a, status="published", published_at_0=later.strftime("%Y-%m-%d"), published_at_1="09:00:00"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == Article.State.SCHEDULED
    listing = editor_client.get("/admin/publishing/article/?state=scheduled")
    assert a.headline in listing.content.decode()


def test_admin_pages_render(editor_client):
    builders.article(tags=[builders.tag()], section=builders.section())
    for url in ["/admin/", "/admin/publishing/article/", "/admin/publishing/article/add/",
                "/admin/taxonomy/tag/", "/admin/taxonomy/tag/add/", "/admin/publishing/section/add/",
                "/admin/publishing/article/?state=draft", "/admin/publishing/article/?q=x"]:
        assert editor_client.get(url).status_code == 200, url


def test_linking_a_translation_in_the_admin_joins_the_two_editions(editor_client):
    en = builders.article(edition="en", headline="Court hears appeal")
    ru = builders.article(edition="ru", headline="Суд рассмотрел апелляцию")
    assert editor_client.post(change_url(ru), form_data(ru, translation_of=en.pk)).status_code == 302
    ru.refresh_from_db()
    assert ru.translation_key == en.translation_key
    assert list(en.translations()) == [ru]
    doc = html.fromstring(editor_client.get(en.get_absolute_url()).content)
    assert doc.xpath("//p[@class='translations']/a/@href") == [ru.get_absolute_url()]


def test_view_on_site_leads_drafts_to_their_preview(editor_client):
    draft = builders.article(status=Article.Status.DRAFT)
    live = builders.article()
    for article, expected in [(draft, f"/en/preview/{draft.pk}/"), (live, live.get_absolute_url())]:
        doc = html.fromstring(editor_client.get(change_url(article)).content)
        link = doc.xpath("//a[contains(@class,'viewsitelink')]/@href")[0]
        assert editor_client.get(link, follow=True).request["PATH_INFO"] == expected
