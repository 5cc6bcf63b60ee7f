"""A reporter cannot publish or edit another's article, whatever the request says.

Each test posts what a hostile reporter could send by hand to one way into the admin.
"""

import pytest
from django.contrib.auth.models import Group
from reversion.models import Version

from dastan.publishing.models import Article
from dastan.publishing.roles import ADMINISTRATOR, EDITOR, REPORTER
from tests import builders
from tests.publishing.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/publishing/article/"


def add_form(**changes) -> dict:
    data = {"edition": "en", "headline": "A story", "slug": "a-story", "lead": "", "body": "<p>x</p>",
            "status": "draft", "published_at_0": "", "published_at_1": "", "image_alt": "",
            "image_caption": "", "image_credit": "", "translation_of": ""}
    data.update(changes)
    return data


@pytest.fixture
def reporter(client):
    user = builders.user(REPORTER)
    client.force_login(user)
    return user


def snapshot(article: Article) -> tuple:
    article = Article.objects.get(pk=article.pk)
    return (article.headline, article.status, article.published_at, article.created_by_id, article.version)


def test_unpublish_action_is_refused(client, reporter):
    own = builders.article(created_by=reporter)
    before = snapshot(own)
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [own.pk]})
    assert snapshot(own) == before


def test_delete_view_and_delete_action_are_refused(client, reporter):
    own = builders.article(status=Article.Status.DRAFT, created_by=reporter)
    assert client.post(f"{change_url(own)[:-7]}delete/", {"post": "yes"}).status_code == 403
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [own.pk], "post": "yes"})
    assert Article.objects.filter(pk=own.pk).exists()


def test_status_field_posted_on_an_own_draft_is_ignored(client, reporter):
    own = builders.article(status=Article.Status.DRAFT, published_at=None, created_by=reporter)
    response = client.post(change_url(own), form_data(
        own, status="published", published_at_0="2026-01-01", published_at_1="10:00:00"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.published_at) == (Article.Status.DRAFT, None)


def test_created_by_cannot_be_posted(client, reporter):
    other = builders.user(REPORTER)
    client.post("/admin/publishing/article/add/", add_form(created_by=other.pk, version=99))
    made = Article.objects.get(slug="a-story")
    assert (made.created_by, made.version) == (reporter, 0)


def test_add_form_with_an_existing_slug_does_not_touch_the_existing_article(client, reporter):
    theirs = builders.article(slug="their-story", headline="Theirs")
    before = snapshot(theirs)
    response = client.post("/admin/publishing/article/add/", add_form(slug="their-story", headline="Mine"))
    assert response.status_code == 200 and b"already exists" in response.content
    assert snapshot(theirs) == before and Article.objects.count() == 1


def test_save_as_new_on_someone_elses_article_changes_nothing_of_theirs(client, reporter):
    theirs = builders.article(status=Article.Status.DRAFT, created_by=builders.user(REPORTER))
    before = snapshot(theirs)
    client.post(change_url(theirs), {**form_data(theirs, headline="Hijacked"), "_saveasnew": "1"})
    assert snapshot(theirs) == before
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()


def test_a_byline_on_a_published_article_gives_no_right_to_edit(client, reporter):
    me = builders.author(user=reporter)
    published = builders.article(authors=[me])
    assert client.post(change_url(published), form_data(published, headline="x")).status_code == 403
    assert snapshot(published)[0] != "x"


def test_translation_of_cannot_alter_the_other_article(client, reporter):
    published = builders.article()
    before = (snapshot(published), published.translation_key)
    client.post("/admin/publishing/article/add/", add_form(translation_of=published.pk))
    published.refresh_from_db()
    assert (snapshot(published), published.translation_key) == before


def _editor_publishes(client, article, editor):
    client.force_login(editor)
    assert client.post(change_url(article), form_data(article, status="published", headline="Final",
                       published_at_0="2026-01-01", published_at_1="10:00:00")).status_code == 302


def test_reverting_to_an_old_draft_revision_cannot_unpublish(client, reporter):
    """The history view restores a revision before checking rights; the check must see today's article."""
    client.post("/admin/publishing/article/add/", add_form())
    article = Article.objects.get(slug="a-story")
    _editor_publishes(client, article, builders.user(EDITOR))
    client.force_login(reporter)
    old = Version.objects.get_for_object(article).order_by("pk").first()
    article.refresh_from_db()
    before = snapshot(article)
    response = client.post(f"{change_url(article)[:-7]}history/{old.pk}/",
                           form_data(article, headline="A story", status="draft",
                                     loaded_version=old.field_dict["version"]))
    assert response.status_code == 403
    assert snapshot(article) == before and before[1] == Article.Status.PUBLISHED


def test_reverting_someone_elses_article_to_when_the_reporter_was_on_the_byline_is_refused(client, reporter):
    editor = builders.user(EDITOR)
    me = builders.author(user=reporter)
    client.force_login(editor)
    client.post("/admin/publishing/article/add/", add_form(authors=[me.pk]))
    article = Article.objects.get(slug="a-story")
    # The editor takes the reporter off the byline (still a draft).
    edited = client.post(change_url(article), form_data(article, authors=[], headline="Edited"))
    assert edited.status_code == 302
    client.force_login(reporter)
    old = Version.objects.get_for_object(article).order_by("pk").first()
    article.refresh_from_db()
    before = snapshot(article)
    response = client.post(f"{change_url(article)[:-7]}history/{old.pk}/",
                           form_data(article, headline="Reporter's text", authors=[me.pk],
                                     loaded_version=old.field_dict["version"]))
    assert response.status_code == 403
    assert snapshot(article) == before


def test_recovering_a_deleted_article_is_an_editors_decision(client, reporter):
    """Deleting is an editor's act (a legal takedown, say); a reporter cannot bring the article back."""
    client.post("/admin/publishing/article/add/", add_form())
    article = Article.objects.get(slug="a-story")
    editor = builders.user(EDITOR)
    client.force_login(editor)
    assert client.post(f"{change_url(article)[:-7]}delete/", {"post": "yes"}).status_code == 302
    version = Version.objects.get_deleted(Article).first()
    client.force_login(reporter)
    assert client.get(f"{CHANGELIST}recover/").status_code == 403
    response = client.post(f"{CHANGELIST}recover/{version.pk}/", add_form())
    assert response.status_code == 403
    assert not Article.objects.exists()
    client.force_login(editor)
    assert client.post(f"{CHANGELIST}recover/{version.pk}/", add_form()).status_code == 302
    assert Article.objects.filter(slug="a-story").exists()


def test_changelist_bulk_edit_post_changes_nothing(client, reporter):
    own = builders.article(status=Article.Status.DRAFT, created_by=reporter)
    before = snapshot(own)
    client.post(CHANGELIST, {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": own.pk,
                             "form-0-status": "published", "form-0-headline": "Bulk", "_save": "Save"})
    assert snapshot(own) == before


@pytest.mark.parametrize("url", [
    "/admin/publishing/section/add/", "/admin/publishing/author/add/", "/admin/taxonomy/tag/add/",
    "/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/",
])
def test_reporters_cannot_reach_what_editors_and_administrators_manage(client, reporter, url):
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "slug": "x", "username": "x"}).status_code == 403


def test_an_editor_cannot_promote_themselves(client):
    editor = builders.user(EDITOR)
    client.force_login(editor)
    response = client.post(f"/admin/auth/user/{editor.pk}/change/", {
        "username": editor.username, "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "groups": [Group.objects.get(name=ADMINISTRATOR).pk],
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser and list(editor.groups.values_list("name", flat=True)) == [EDITOR]
