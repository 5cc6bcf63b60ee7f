"""The audit log records logins, publishing and role changes, and nobody can edit it."""

import pytest
from django.contrib.auth.models import Group

from dastan.publishing.models import Article
from dastan.publishing.roles import EDITOR, REPORTER
from dastan.security.models import AuditEvent
from tests import builders
from tests.publishing.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def events(action, **filters):
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("id"))


def test_logins_are_recorded_with_the_client_address(client):
    user = builders.user(REPORTER)
    client.post("/admin/login/", {"username": user.username, "password": "wrong"}, REMOTE_ADDR="203.0.113.5")
    client.post("/admin/login/", {"username": user.username, "password": "pw-for-tests-1"},
                REMOTE_ADDR="203.0.113.6")
    [failed] = events("login_failed")
    assert (failed.actor_name, failed.ip_address, failed.actor) == (user.username, "203.0.113.5", None)
    [ok] = events("login")
    assert (ok.actor, ok.ip_address, ok.object_id) == (user, "203.0.113.6", str(user.pk))


def test_publish_and_unpublish_from_the_change_form_name_the_editor(client):
    editor = builders.user(EDITOR)
    client.force_login(editor)
    draft = builders.article(status=Article.Status.DRAFT, published_at=None)
    assert client.post(change_url(draft), form_data(draft, status="published"),
                        REMOTE_ADDR="198.51.100.1").status_code == 302
    [published] = events("publish", object_id=str(draft.pk))
    assert (published.actor, published.ip_address, published.object_type) == (
        editor, "198.51.100.1", "publishing.article")
    draft.refresh_from_db()
    assert client.post(change_url(draft), form_data(draft, status="draft")).status_code == 302
    assert [e.actor for e in events("unpublish", object_id=str(draft.pk))] == [editor]


def test_the_publish_and_unpublish_actions_are_recorded(client):
    editor = builders.user(EDITOR)
    client.force_login(editor)
    a, b = (builders.article(status=Article.Status.DRAFT, published_at=None) for _ in range(2))
    client.post("/admin/publishing/article/", {"action": "publish_now", "_selected_action": [a.pk, b.pk]})
    assert sorted(e.object_id for e in events("publish")) == sorted([str(a.pk), str(b.pk)])
    client.post("/admin/publishing/article/", {"action": "unpublish", "_selected_action": [a.pk]})
    assert [(e.object_id, e.actor) for e in events("unpublish")] == [(str(a.pk), editor)]


def test_saving_without_a_status_change_records_nothing():
    a = builders.article()
    before = AuditEvent.objects.count()
    a.headline = "Corrected"
    a.save()
    assert AuditEvent.objects.count() == before


def test_role_and_superuser_changes_are_recorded():
    user = builders.user()
    editors = Group.objects.get(name=EDITOR)
    user.groups.add(editors)
    editors.user_set.remove(user)
    user.groups.add(Group.objects.get(name=REPORTER))
    user.groups.clear()
    user.is_superuser = True
    user.save()
    user.is_superuser = False
    user.save()
    got = [(e.action, e.detail) for e in AuditEvent.objects.filter(object_id=str(user.pk)).order_by("id")]
    assert got == [
        ("group_added", "role Editor"), ("group_removed", "role Editor"),
        ("group_added", "role Reporter"), ("group_removed", "role Reporter"),
        ("superuser_granted", ""), ("superuser_revoked", ""),
    ]


def test_role_change_in_the_user_admin_names_the_administrator(client):
    admin = builders.user(superuser=True)
    client.force_login(admin)
    target = builders.user(REPORTER)
    data = {"username": target.username, "is_active": "on", "is_staff": "on",
            "groups": [Group.objects.get(name=EDITOR).pk], "last_login_0": "", "last_login_1": "",
            "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00", "first_name": "", "last_name": "",
            "email": ""}
    AuditEvent.objects.all().delete()
    response = client.post(f"/admin/auth/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    assert [(e.action, e.detail, e.actor) for e in AuditEvent.objects.filter(
        object_id=str(target.pk), action__startswith="group").order_by("id")] == [
        ("group_removed", "role Reporter", admin), ("group_added", "role Editor", admin)]


def test_nobody_can_add_change_or_delete_audit_events(client):
    client.force_login(builders.user(superuser=True))
    builders.article(status=Article.Status.DRAFT, published_at=None).save()
    event = AuditEvent.objects.create(action="login", actor_name="someone")
    assert client.get("/admin/security/auditevent/").status_code == 200
    assert client.get("/admin/security/auditevent/add/").status_code == 403
    url = f"/admin/security/auditevent/{event.pk}/change/"
    assert client.get(url).status_code == 200  # viewing only
    assert client.post(url, {"action": "logout", "actor_name": "nobody"}).status_code == 403
    assert client.post(f"/admin/security/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/security/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk],
                                                "post": "yes"})
    event.refresh_from_db()
    assert (event.action, event.actor_name) == ("login", "someone")


def test_editors_can_read_the_log_but_reporters_cannot(client):
    client.force_login(builders.user(EDITOR))
    assert client.get("/admin/security/auditevent/").status_code == 403
    client.force_login(builders.user(REPORTER))
    assert client.get("/admin/security/auditevent/").status_code == 403
