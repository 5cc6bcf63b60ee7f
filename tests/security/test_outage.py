"""When the database goes away readers get a 503 page, and the site recovers by itself when it returns."""

import asyncio
import contextlib
import socket
import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections
from django.test import Client
from lxml import html

from tests import builders


class TcpProxy:
    """A loopback TCP proxy to the database that can be cut (every connection dropped) and restored."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = None
        self.writers: set[asyncio.StreamWriter] = set()

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)

    async def _pipe(self, reader, writer):
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _handle(self, client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self.writers |= {client_writer, upstream_writer}
        await asyncio.gather(self._pipe(client_reader, upstream_writer),
                             self._pipe(upstream_reader, client_writer))

    async def _start(self):
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)

    async def _cut(self):
        self.server.close()
        for writer in self.writers:
            writer.transport.abort()
        self.writers.clear()
        await self.server.wait_closed()

    def start(self):
        self._run(self._start())

    def cut(self):
        self._run(self._cut())

    async def _cancel_all(self):
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def close(self):
        with contextlib.suppress(Exception):
            self.cut()
        self._run(self._cancel_all())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()


@contextlib.contextmanager
def default_database(**overrides):
    """Serve requests from a fresh 'default' connection with OVERRIDES to its settings."""
    original = connections["default"]
    replacement = type(original)({**original.settings_dict, **overrides}, alias="default")
    connections["default"] = replacement
    try:
        yield replacement
    finally:
        replacement.close()
        connections["default"] = original


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def live_site(**database_overrides):
    """Serve the site from a thread, as a real server does (connections checked between requests).

    Django's test client switches that checking off, so recovery can only be seen on a real server.
    """
    ready = threading.Event()
    holder = {}

    def serve():
        original = connections["default"]
        connections["default"] = type(original)({**original.settings_dict, **database_overrides}, "default")
        holder["server"] = make_server("127.0.0.1", 0, get_wsgi_application(), WSGIServer, QuietHandler)
        ready.set()
        holder["server"].serve_forever(poll_interval=0.05)
        connections["default"].close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    server = holder["server"]
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def assert_unavailable_page(status, headers, body):
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert "briefly unavailable" in html.fromstring(body.decode()).xpath("string(//h1)")


def assert_unavailable(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    doc = html.fromstring(response.content.decode())
    assert "briefly unavailable" in doc.xpath("string(//h1)")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the proxy stands in front of PostgreSQL")
def test_postgres_going_away_gives_503_and_the_site_recovers_by_itself():
    article = builders.article()
    url = article.get_absolute_url()
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    try:
        proxy.start()
        # A persistent connection, as production keeps one, so the test covers a connection that dies.
        with live_site(HOST="127.0.0.1", PORT=proxy.port, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True) as site:
            assert fetch(site + url)[0] == 200
            proxy.cut()  # the database server goes away, taking the open connection with it
            assert_unavailable_page(*fetch(site + url))
            assert_unavailable_page(*fetch(site + "/en/"))
            assert fetch(site + "/healthz")[0] == 503
            proxy.start()  # ...and comes back: the next request reconnects by itself
            assert fetch(site + url)[0] == 200
            assert fetch(site + "/healthz")[0] == 200
            assert fetch(site + "/en/")[0] == 200
    finally:
        proxy.close()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file is made unreachable instead")
def test_sqlite_file_unreachable_gives_503_and_the_site_recovers(tmp_path):
    article = builders.article()
    reader = Client(raise_request_exception=False)
    with default_database(NAME=str(tmp_path / "gone" / "dastan.sqlite3")):
        assert_unavailable(reader.get(article.get_absolute_url()))
        assert reader.get("/healthz").status_code == 503
    assert reader.get(article.get_absolute_url()).status_code == 200


def test_other_errors_still_get_the_500_page(rf):
    from dastan.security.outage import server_error

    try:
        raise RuntimeError("a bug, not an outage")
    except RuntimeError:
        response = server_error(rf.get("/en/"))
    assert response.status_code == 500 and "Retry-After" not in response
