import datetime

import pytest

from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def quotes(db):
    day = datetime.date(2026, 11, 24)
    builders.quote(currency="KGS", day=day - datetime.timedelta(days=1), units_per_usd="87.30")
    builders.quote(currency="KGS", day=day, units_per_usd="87.45")
    builders.quote(currency="UZS", day=day, units_per_usd="12485.37", source="cbu")
    return day


def test_latest_rates_are_exact_decimal_strings(client, quotes):
    body = client.get("/api/rates/latest").json()
    rows = {row["currency"]: row for row in body["rates"]}
    assert body["base"] == "USD"
    assert rows["KGS"]["units_per_usd"].replace("\u202f", "") in {"87.45", "87.450000", "87.4500"}
    assert rows["KGS"]["usd_per_unit"] == "0.011435"
    assert rows["UZS"]["usd_per_unit"] == "0.00008009"
    assert rows["KGS"]["previous_date"] == "2026-11-23" and rows["KGS"]["change_percent"].startswith("-")


def test_history_is_oldest_first_within_the_range(client, quotes):
    body = client.get("/api/rates/kgs/history?since=2026-11-01&until=2026-11-30").json()
    assert body["currency"] == "KGS"
    assert [row["date"] for row in body["rates"]] == ["2026-11-23", "2026-11-24"]


@pytest.mark.parametrize("url, status", [
    ("/api/rates/XYZ/history", 404),
    ("/api/rates/KGSX/history", 400),
    ("/api/rates/KGS/history?since=2026-13-01", 400),
    ("/api/rates/KGS/history?since=2026-11-30&until=2026-11-01", 400),
    ("/api/rates/KGS/history?since=1000-01-01&until=2026-01-01", 400),
])
def test_bad_rate_requests_are_clear_json_errors(client, quotes, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["detail"]
