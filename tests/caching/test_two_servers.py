"""Two app servers sharing one PostgreSQL and one Redis: a publish on one is seen on the other."""

import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from dastan.publishing.models import Article
from tests import builders
from tests.caching import servers

REDIS_URL = os.environ.get("DASTAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.mark.django_db(transaction=True)
def test_a_publish_through_one_server_is_seen_on_the_other(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two server processes cannot share the in-memory SQLite test database")
    if not servers.redis_reachable(REDIS_URL):
        pytest.skip(f"needs Redis at {REDIS_URL} (set DASTAN_TEST_REDIS_URL) for the shared cache")
    tag = builders.tag(slug="water")
    builders.article(tags=[tag], headline="Dam opens")
    draft = builders.article(tags=[tag], headline="Second dam", status=Article.Status.DRAFT)
    env = servers.server_env(DATABASE_URL=servers.database_url(), REDIS_URL=REDIS_URL,
                             DASTAN_CACHE_PREFIX=f"test-{uuid.uuid4().hex[:8]}")
    port_a, port_b = servers.free_port(), servers.free_port()
    a = servers.start_server(port_a, env, tmp_path / "static", collect=True, log=tmp_path / "a.log")
    b = None
    try:
        servers.wait_until_up(port_a, a, tmp_path / "a.log")
        b = servers.start_server(port_b, env, tmp_path / "static", collect=False, log=tmp_path / "b.log")
        servers.wait_until_up(port_b, b, tmp_path / "b.log")
        for port in (port_a, port_b):
            servers.fetch(port, "/en/tag/water/")
        status, headers, body = servers.fetch(port_b, "/en/tag/water/")
        assert status == 200 and headers.get("X-Dastan-Cache") == "hit" and "Second dam" not in body

        # Publish with server A's configuration (its database and its Redis).
        script = (f"from dastan.publishing.models import Article; a = Article.objects.get(pk={draft.pk}); "
                  "a.status = 'published'; a.save()")
        subprocess.run([sys.executable, "-m", "dastan", "manage", "shell", "-c", script], env=env, check=True,
                       capture_output=True)

        for port in (port_b, port_a):
            status, headers, body = servers.fetch(port, "/en/tag/water/")
            assert status == 200 and "X-Dastan-Cache" not in headers, port
            assert "Second dam" in body and "Viewing results 1 - 2 of 2" in " ".join(body.split())
    finally:
        servers.stop(a)
        if b is not None:
            servers.stop(b)
