import pytest

from tests import builders

pytestmark = pytest.mark.django_db


def test_tag_autocomplete_answers_in_name_order(admin_client):
    """The article form's tag picker pages through tags: they must come in a stable order."""
    builders.tag(name="Water", slug="water")
    builders.tag(name="Press freedom", slug="press-freedom")
    response = admin_client.get("/admin/autocomplete/", {
        "app_label": "publishing", "model_name": "article", "field_name": "tags", "term": "",
    })
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Press freedom", "Water"]
