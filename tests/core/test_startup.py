"""What a worker loads at start: the admin and the API only when an address of theirs is used.

Each check runs in a new interpreter, since this test process has long since loaded everything.
"""

import json
import os
import subprocess
import sys
import textwrap

# Libraries a reader-only worker should never hold (memory per worker, docs/performance.md).
HEAVY = ["ninja", "pydantic", "PIL", "nh3", "django.contrib.syndication.views", "dastan.syndication.feeds",
         "dastan.syndication.views", "reversion.admin", "dastan.publishing.admin", "dastan.stories.admin",
         "dastan.syndication.api.app"]


def run_fresh(code: str, tmp_path) -> dict:
    """Run CODE after django.setup() and the WSGI app's import in a new interpreter; return its JSON."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="dastan.settings",
               DASTAN_SQLITE_PATH=str(tmp_path / "unused.sqlite3"))
    env.pop("DATABASE_URL", None)
    script = "import json, sys\nfrom dastan.wsgi import application\n" + textwrap.dedent(code)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_reader_addresses_load_neither_the_admin_nor_the_api(tmp_path):
    loaded = run_fresh(f"""
        from django.urls import Resolver404, resolve, reverse
        paths = [reverse("publishing:article", kwargs={{"slug": "a-b"}}),
                 reverse("taxonomy:tag", kwargs={{"slug": "t"}}), reverse("search:search"), "/en/",
                 "/en/section/politics/", "/en/no-such-page/", "/sitemap.xml", "/robots.txt"]
        for path in paths:
            try:
                resolve(path)
            except Resolver404:  # the last: tried against every pattern, the admin's and API's too
                pass
        print(json.dumps({{"heavy": [m for m in {HEAVY!r} if m in sys.modules], "paths": paths}}))
    """, tmp_path)
    assert loaded["heavy"] == []
    assert loaded["paths"][0] == "/en/articles/a-b/"


def test_admin_and_api_load_on_first_use(tmp_path):
    loaded = run_fresh("""
        from django.contrib import admin
        from django.urls import resolve, reverse
        from dastan.publishing.models import Article
        before = "dastan.publishing.admin" in sys.modules
        login = reverse("admin:login")
        change = reverse("admin:publishing_article_changelist")
        registered = Article in admin.site._registry
        match = resolve("/api/openapi.json")
        print(json.dumps({"before": before, "login": login, "change": change, "registered": registered,
                          "api": match.namespace, "ninja": "ninja" in sys.modules}))
    """, tmp_path)
    assert loaded == {"before": False, "login": "/admin/login/", "change": "/admin/publishing/article/",
                      "registered": True, "api": "api", "ninja": True}


def test_system_checks_still_see_every_model_admin(tmp_path):
    checked = run_fresh("""
        from django.contrib import admin
        from django.core import checks
        errors = checks.run_checks(tags=[checks.Tags.admin])
        print(json.dumps({"errors": [str(e) for e in errors], "models": len(admin.site._registry)}))
    """, tmp_path)
    assert checked["errors"] == []
    assert checked["models"] >= 5
