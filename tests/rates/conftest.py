import dataclasses
import http.server
import threading
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def payload(name: str) -> bytes:
    """Return the bytes of a recorded payload in tests/rates/fixtures/."""
    return (FIXTURES / name).read_bytes()


@dataclasses.dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/xml"
    delay: float = 0.0  # seconds to wait before answering (a slow or hung bank)
    truncate: bool = False  # promise the whole body in Content-Length, send half, hang up


class BankServer:
    """A real HTTP server on 127.0.0.1 that answers each path from a queue of replies."""

    def __init__(self):
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, str]] = []  # (path with query, User-Agent)
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                queue = server.routes.get(self.path.split("?")[0]) or [Reply(404, b"not found", "text/plain")]
                reply = queue.pop(0) if len(queue) > 1 else queue[0]
                if reply.delay:
                    time.sleep(reply.delay)
                self.close_connection = True
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(reply.body[: len(reply.body) // 2] if reply.truncate else reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is what a timeout test wants

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, *replies: Reply) -> None:
        """Answer PATH with REPLIES in turn; the last one repeats."""
        self.routes[path] = list(replies)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ua in self.requests if p.split("?")[0] == path)

    def close(self) -> None:
        """Stop serving (a test may do it early, to see a refused connection); safe to call twice."""
        if not self.thread.is_alive():
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def bank(settings):
    """A local bank server, with every provider's URL setting pointing at it and fast retries."""
    server = BankServer()
    settings.DASTAN_RATES_NBKR_URL = server.base + "/nbkr/daily.xml"
    settings.DASTAN_RATES_NBK_URL = server.base + "/nbk/get_rates.cfm?fdate={date:%d.%m.%Y}"
    settings.DASTAN_RATES_NBT_URL = server.base + "/nbt/export_xml.php?date={date:%Y-%m-%d}&export=xmlout"
    settings.DASTAN_RATES_CBU_URL = server.base + "/cbu/json/all/{date:%Y-%m-%d}/"
    settings.DASTAN_RATES_CBT_URL = server.base + "/cbt/kurs/{date:%Y}/{date:%d%m%Y}.xml"
    settings.DASTAN_RATES_TIMEOUT = 0.3
    settings.DASTAN_RATES_ATTEMPTS = 3
    settings.DASTAN_RATES_BACKOFF = 0
    settings.DASTAN_RATES_BACKFILL_PAUSE = 0
    yield server
    server.close()


# Paths at which each recorded payload is served, for the recorded days (24–25 Nov 2026).
NBKR_PATH = "/nbkr/daily.xml"
NBK_PATH = "/nbk/get_rates.cfm"
CBU_PATH_25 = "/cbu/json/all/2026-11-25/"
NBT_PATH = "/nbt/export_xml.php"
CBT_PATH_25 = "/cbt/kurs/2026/25112026.xml"


def dated(name: str, day) -> bytes:
    """Return a recorded payload moved to DAY (its dates rewritten in the file's own formats)."""
    body = payload(name)
    for recorded in ("24", "25"):
        body = body.replace(f"{recorded}.11.2026".encode(), day.strftime("%d.%m.%Y").encode())
        body = body.replace(f"2026-11-{recorded}".encode(), day.strftime("%Y-%m-%d").encode())
    return body


def serve_all(server: BankServer, day, **overrides: Reply) -> None:
    """Make every bank answer for DAY with its recorded payload (or an override, by provider name)."""
    routes = {
        "nbkr": (NBKR_PATH, "nbkr_daily.xml"),
        "nbk": (NBK_PATH, "nbk_get_rates.xml"),
        "nbt": (NBT_PATH, "nbt_export_xml.xml"),
        "cbu": (f"/cbu/json/all/{day:%Y-%m-%d}/", "cbu_json_all.json"),
        "cbt": (f"/cbt/kurs/{day:%Y}/{day:%d%m%Y}.xml", "cbt_kurs.xml"),
    }
    for provider, (path, name) in routes.items():
        server.serve(path, overrides.get(provider) or Reply(body=dated(name, day)))
