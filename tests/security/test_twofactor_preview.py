import pytest

from dastan.publishing.models import Article
from dastan.publishing.roles import EDITOR
from tests import builders

pytestmark = pytest.mark.django_db


def test_a_password_alone_does_not_open_draft_previews_when_a_second_factor_is_required(client, settings):
    settings.DASTAN_REQUIRE_2FA = True
    draft = builders.article(status=Article.Status.DRAFT, headline="Unpublished investigation")
    client.force_login(builders.user(EDITOR))
    response = client.get(f"/en/preview/{draft.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert "Unpublished investigation" not in response.content.decode()


def test_staff_without_the_view_permission_cannot_preview(client):
    draft = builders.article(status=Article.Status.DRAFT)
    client.force_login(builders.user(None))  # staff, in no role
    assert client.get(f"/en/preview/{draft.pk}/").status_code == 302


def test_an_editor_previews_when_no_second_factor_is_required(client, settings):
    settings.DASTAN_REQUIRE_2FA = False
    draft = builders.article(status=Article.Status.DRAFT, headline="Draft for the desk")
    client.force_login(builders.user(EDITOR))
    response = client.get(f"/en/preview/{draft.pk}/")
    assert response.status_code == 200 and "Draft for the desk" in response.content.decode()
