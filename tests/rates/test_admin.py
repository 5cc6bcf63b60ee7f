import pytest

from tests import builders

pytestmark = pytest.mark.django_db


def test_quotes_are_listed_and_deletable_but_not_editable(admin_client):
    quote = builders.quote()
    assert admin_client.get("/admin/rates/quote/").status_code == 200
    assert admin_client.get("/admin/rates/quote/add/").status_code == 403
    response = admin_client.post(f"/admin/rates/quote/{quote.pk}/change/", {"units_per_usd": "1"})
    assert response.status_code == 403
    quote.refresh_from_db()
    assert str(quote.units_per_usd) == "87.450000"
    assert admin_client.post(f"/admin/rates/quote/{quote.pk}/delete/", {"post": "yes"}).status_code == 302
