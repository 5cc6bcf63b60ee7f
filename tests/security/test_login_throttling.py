"""Repeated failed logins lock the account, and separately the client address, for a cool-off."""

import datetime

import pytest
import time_machine
from lxml import html

from dastan.publishing.roles import REPORTER
from dastan.security.models import AuditEvent
from tests import builders

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"


def attempt(client, username, password, ip):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_even_from_another_address(client, settings):
    victim = builders.user(REPORTER)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, victim.username, "guess", f"203.0.113.{n}").status_code == 200
    locked = attempt(client, victim.username, "guess", "203.0.113.99")
    assert locked.status_code == 429
    doc = html.fromstring(locked.content)
    assert "Too many failed logins" in doc.xpath("string(//h1)")
    # The right password from a fresh address is refused too while the account is locked.
    assert attempt(client, victim.username, PASSWORD, "198.51.100.7").status_code == 429
    assert AuditEvent.objects.filter(action="locked_out", actor_name=victim.username).exists()


def test_failures_across_accounts_lock_the_address_only(client, settings):
    bystander = builders.user(REPORTER)
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"nobody{n}", "guess", "203.0.113.50")
    assert attempt(client, bystander.username, PASSWORD, "203.0.113.50").status_code == 429
    assert attempt(client, bystander.username, PASSWORD, "198.51.100.8").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, settings):
    user = builders.user(REPORTER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.username, "guess", "203.0.113.60")
    assert attempt(client, user.username, PASSWORD, "203.0.113.60").status_code == 429
    with time_machine.travel(datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)):
        assert attempt(client, user.username, PASSWORD, "203.0.113.60").status_code == 302


def test_a_success_resets_the_count(client, settings):
    user = builders.user(REPORTER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, user.username, "guess", "203.0.113.70")
    assert attempt(client, user.username, PASSWORD, "203.0.113.70").status_code == 302
    client.logout()
    assert attempt(client, user.username, "guess", "203.0.113.70").status_code == 200
