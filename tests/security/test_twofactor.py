"""Two-factor login: editors and administrators must enrol; the code is checked at login."""

import datetime
import time

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from lxml import html

from dastan.publishing.roles import ADMINISTRATOR, EDITOR, REPORTER
from dastan.security.models import AuditEvent
from tests import builders

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _require_2fa(settings):
    settings.DASTAN_REQUIRE_2FA = True


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def log_in(client, user, code=""):
    return client.post("/admin/login/?next=/admin/",
                       {"username": user.username, "password": PASSWORD, "otp_token": code})


def form_errors(response) -> str:
    doc = html.fromstring(response.content)
    return " ".join(doc.xpath("//*[contains(@class,'errornote') or contains(@class,'errorlist')]//text()"))


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/admin/2fa/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    done = client.post("/admin/2fa/", {"token": current_code(device)})
    assert done.status_code == 200, form_errors(done)
    codes = html.fromstring(done.content).xpath("//ul[@class='recovery-codes']/li/code/text()")
    assert codes, form_errors(done)
    return device, codes


@pytest.mark.parametrize("role,superuser", [(EDITOR, False), (ADMINISTRATOR, False), (None, True)])
def test_editors_and_administrators_are_sent_to_enrol(client, role, superuser):
    user = builders.user(role, superuser=superuser)
    assert log_in(client, user).status_code == 302
    response = client.get("/admin/publishing/article/")
    assert response.status_code == 302 and response["Location"] == "/admin/2fa/"


def test_enrolment_page_shows_the_secret_as_a_qr_code_drawn_here(client):
    client.force_login(builders.user(EDITOR))
    page = client.get("/admin/2fa/")
    doc = html.fromstring(page.content)
    uri = doc.xpath("//a[starts-with(@href,'otpauth://totp/')]/@href")
    assert len(uri) == 1 and "secret=" in uri[0] and "issuer=Dastan" in uri[0]
    assert len(doc.xpath("//figure[@class='qr']/svg//path[@class='qrline']")) == 1
    # Nothing is loaded from another host: the secret never leaves the site.
    assert [src for src in doc.xpath("//img/@src|//script/@src") if "://" in src] == []
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_enrolment_then_login_needs_the_code(client):
    editor = builders.user(EDITOR)
    log_in(client, editor)
    wrong = client.post("/admin/2fa/", {"token": "000000"})
    assert "not valid" in form_errors(wrong)
    with time_machine.travel(datetime.timedelta(seconds=5)):  # past django-otp's pause after a failure
        device, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/publishing/article/").status_code == 200
    assert AuditEvent.objects.filter(action="enrol_2fa", object_id=str(editor.pk)).exists()

    client.logout()
    with time_machine.travel(datetime.timedelta(seconds=60)):  # a fresh TOTP step
        no_code = log_in(client, editor)
        assert no_code.status_code == 200 and "Enter the six-digit code" in form_errors(no_code)
        bad = log_in(client, editor, "123456" if current_code(device) != "123456" else "654321")
        assert bad.status_code == 200 and "not valid" in form_errors(bad)
        assert client.get("/admin/").status_code == 302
        throttled = log_in(client, editor, current_code(device))
        assert "Too many wrong codes" in form_errors(throttled)
    with time_machine.travel(datetime.timedelta(seconds=120)):
        good = log_in(client, editor, current_code(device))
        assert good.status_code == 302, form_errors(good)
        assert client.get("/admin/publishing/article/").status_code == 200


def test_a_recovery_code_works_once(client):
    editor = builders.user(EDITOR)
    log_in(client, editor)
    _device, codes = enrol(client)
    client.logout()
    assert log_in(client, editor, codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    reused = log_in(client, editor, codes[0])
    assert reused.status_code == 200 and "not valid" in form_errors(reused)


def test_a_session_without_the_second_factor_is_not_let_in(client):
    """A password-only session (say, a stolen cookie from before enrolment) gets the login page."""
    editor = builders.user(EDITOR)
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client.force_login(editor)
    response = client.get("/admin/publishing/article/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    # Nor can it enrol a phone of its own in place of the real one.
    takeover = client.get("/admin/2fa/")
    assert takeover.status_code == 302 and takeover["Location"].startswith("/admin/login/")
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_reporters_may_work_without_a_second_factor_or_choose_one(client):
    reporter = builders.user(REPORTER)
    assert log_in(client, reporter).status_code == 302
    assert client.get("/admin/publishing/article/").status_code == 200
    enrol(client)
    client.logout()
    assert log_in(client, reporter).status_code == 200  # enrolled: now the code is needed


def test_the_requirement_can_be_switched_off_for_the_demo(client, settings):
    settings.DASTAN_REQUIRE_2FA = False
    editor = builders.user(EDITOR)
    assert log_in(client, editor).status_code == 302
    assert client.get("/admin/publishing/article/").status_code == 200


def test_anonymous_visitors_cannot_reach_the_enrolment_page(client):
    response = client.get("/admin/2fa/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not TOTPDevice.objects.exists()


def test_the_second_factor_speaks_russian_too():
    from django.utils import translation

    from dastan.security.forms import TOKEN_REQUIRED

    with translation.override("ru"):
        assert str(TOKEN_REQUIRED).startswith("Введите шестизначный код")
