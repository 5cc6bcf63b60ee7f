"""A rates fetch killed half-way leaves each bank's quotes whole, and the next run completes it."""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.rates.conftest import BankServer, Reply, serve_all

DAY = datetime.date(2026, 11, 25)


def stored(db) -> tuple[dict[str, int], dict[str, int]]:
    """Return (quotes per source, stored count the fetch log claims per provider)."""
    with sqlite3.connect(db) as con:
        quotes = dict(con.execute("SELECT source, COUNT(*) FROM rates_quote GROUP BY source"))
        logged = dict(con.execute("SELECT provider, SUM(stored) FROM rates_fetchlog GROUP BY provider"))
    return quotes, logged


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="one run is enough: each bank's upsert is one transaction on both databases")
def test_a_fetch_killed_half_way_leaves_whole_banks_and_the_next_run_completes(tmp_path):
    server = BankServer()
    # The Uzbek bank hangs: the fetch is killed while it waits, after the first three banks.
    serve_all(server, DAY, cbu=Reply(delay=60, body=b"[]", content_type="application/json"))
    db = tmp_path / "rates.sqlite3"
    env = {**os.environ, "DASTAN_SQLITE_PATH": str(db), "DASTAN_RATES_TIMEOUT": "120",
           "DASTAN_RATES_ATTEMPTS": "1", "DASTAN_RATES_BACKOFF": "0",
           "DASTAN_RATES_NBKR_URL": server.base + "/nbkr/daily.xml",
           "DASTAN_RATES_NBK_URL": server.base + "/nbk/get_rates.cfm?fdate={date:%d.%m.%Y}",
           "DASTAN_RATES_NBT_URL": server.base + "/nbt/export_xml.php?date={date:%Y-%m-%d}&export=xmlout",
           "DASTAN_RATES_CBU_URL": server.base + "/cbu/json/all/{date:%Y-%m-%d}/",
           "DASTAN_RATES_CBT_URL": server.base + "/cbt/kurs/{date:%Y}/{date:%d%m%Y}.xml"}
    env.pop("DATABASE_URL", None)
    fetch = [sys.executable, "-m", "dastan", "rates", "fetch", "--date", DAY.isoformat()]
    try:
        assert subprocess.run([sys.executable, "-m", "dastan", "manage", "migrate", "--noinput"], env=env,
                              capture_output=True, timeout=300).returncode == 0
        child = subprocess.Popen(fetch, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while server.hits(f"/cbu/json/all/{DAY}/") == 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait(timeout=30)
        quotes, logged = stored(db)
        assert set(quotes) == {"nbkr", "nbk", "nbt"}, quotes  # killed while the fourth bank hung
        assert all(quotes[source] == logged[source] for source in quotes)  # no bank half-stored

        serve_all(server, DAY)  # the bank answers again
        again = subprocess.run(fetch, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stdout + again.stderr
        quotes_after, _logged = stored(db)
        assert {s: quotes_after[s] for s in quotes} == quotes  # the first three were not stored twice
        assert {"cbu", "cbt"} <= set(quotes_after)
    finally:
        server.close()
