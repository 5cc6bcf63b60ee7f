"""Production settings and the security headers every response carries."""

import os
import subprocess
import sys

import pytest
from lxml import html

from dastan.publishing.roles import EDITOR
from tests import builders

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DASTAN_PRODUCTION": "1",
    "DASTAN_DEBUG": "0",
    "DASTAN_SECRET_KEY": "x7$k2!qv9#mz4@wp8^rt6&yb3*nc5(hd1)fj0-gs+le=ua_oi.xZ7Kq2Vm9Wp4Rt6Yb3",
    "DASTAN_ALLOWED_HOSTS": "news.example.org",
}


def test_production_settings_pass_check_deploy_with_no_warnings(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DASTAN_")}
    env.update(PRODUCTION_ENV, DASTAN_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
               DJANGO_SETTINGS_MODULE="dastan.settings")
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_development_settings_are_what_check_deploy_complains_about(tmp_path):
    """The same check fails without the production switch: the test above can fail."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DASTAN_")}
    env.update(DASTAN_SQLITE_PATH=str(tmp_path / "db.sqlite3"), DJANGO_SETTINGS_MODULE="dastan.settings")
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_reader_pages_carry_the_security_headers(client):
    a = builders.article()
    response = client.get(a.get_absolute_url())
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", [
    "/admin/", "/admin/publishing/article/", "/admin/publishing/article/add/", "/admin/taxonomy/tag/add/",
    "/admin/publishing/author/add/", "/admin/security/auditevent/",
])
def test_admin_pages_editors_use_need_no_inline_script_or_style(client, url):
    """The admin runs under the same strict policy: no inline script, no style attribute."""
    client.force_login(builders.user(EDITOR, superuser=True))
    builders.article()
    response = client.get(url)
    assert response.status_code == 200, url
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    doc = html.fromstring(response.content)
    inline = [s for s in doc.xpath("//script[not(@src)]")
              if (s.get("type") or "text/javascript") not in {"application/json"}]
    assert inline == [], [html.tostring(s)[:200] for s in inline]
    assert doc.xpath("//*[@style]") == []
    assert [a for a in doc.xpath("//@*") if a.attrname.startswith("on")] == []


def test_production_redirects_to_https_but_not_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/en/").status_code == 301
    assert client.get("/healthz").status_code == 200


def _through(middleware_class, view, path="/en/"):
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    middleware = middleware_class(view)
    return request, middleware(request)


def _ordinary(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def test_the_policy_built_once_is_django_csps_own():
    from csp.middleware import CSPMiddleware

    from dastan.security.middleware import ContentSecurityPolicyMiddleware

    for _ in range(2):  # built, then reused
        _, ours = _through(ContentSecurityPolicyMiddleware, _ordinary)
        _, theirs = _through(CSPMiddleware, _ordinary)
        assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]
        assert "nonce-" not in ours["Content-Security-Policy"]


def test_a_nonce_and_a_views_own_policy_still_go_through_django_csp():
    from csp.decorators import csp_update
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse

    from dastan.security.middleware import ContentSecurityPolicyMiddleware

    def inline_script(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    seen = set()
    for _ in range(2):
        request, response = _through(ContentSecurityPolicyMiddleware, inline_script)
        nonce = str(request.csp_nonce)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        seen.add(nonce)
    assert len(seen) == 2
    request, response = _through(ContentSecurityPolicyMiddleware, _ordinary)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # asked for after the header was written: an error, as in django-csp
    _, response = _through(ContentSecurityPolicyMiddleware,
                           csp_update({"img-src": ["media.example.org"]})(_ordinary))
    assert "media.example.org" in response["Content-Security-Policy"]
    _, plain = _through(ContentSecurityPolicyMiddleware, _ordinary)
    assert "media.example.org" not in plain["Content-Security-Policy"]


def test_a_changed_policy_setting_is_seen(settings):
    from dastan.security.middleware import ContentSecurityPolicyMiddleware

    _through(ContentSecurityPolicyMiddleware, _ordinary)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    _, response = _through(ContentSecurityPolicyMiddleware, _ordinary)
    assert response["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]},
                                        "EXCLUDE_URL_PREFIXES": ["/en/"]}
    _, response = _through(ContentSecurityPolicyMiddleware, _ordinary)
    assert "Content-Security-Policy" not in response
