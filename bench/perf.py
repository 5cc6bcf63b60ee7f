#!/usr/bin/env python3
"""Run Dastan as one more peer beside the reference peers, in the same rounds, on the same articles.

Peers (the reference bench, called from --peers): A Wagtail, B plain Django, C nginx static file,
D bare WSGI. Dastan: E rendering every request (page cache off), F with its page cache, G the
documented nginx cache (docs/deploy.md) in front of F. All gunicorn servers run 2 sync workers.

    python bench/perf.py --peers ../shared/bench/peers --runs 3
    python bench/perf.py --scale 5000,100000 --database-url postgres://...   (Dastan alone, p95)
    python bench/perf.py --scale 5000,1000000 --database-url postgres://.../NAME_{size} --reuse
"""

import argparse
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = sys.executable
DASTAN_PORTS = {"E": 8005, "F": 8006, "G": 8007}
NAMES = {"A": "Wagtail", "B": "plain Django", "C": "nginx static", "D": "bare WSGI",
         "E": "Dastan", "F": "Dastan page cache", "G": "nginx cache before Dastan"}


def default_peers() -> str:
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                         cwd=HERE).stdout.strip() or ROOT
    return os.path.join(top, "..", "shared", "bench", "peers")


def load_peer_bench(peers: str):
    """Import the reference bench.py (servers, wrk runner, memory sampler) from PEERS."""
    spec = importlib.util.spec_from_file_location("peer_bench", os.path.join(peers, "bench.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dastan_env(run_dir: str, database_url: str | None, page_cache: bool, redis_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="dastan.settings", DASTAN_PAGE_CACHE="1" if page_cache else "0",
               DASTAN_SQLITE_PATH=os.path.join(run_dir, "dastan.sqlite3"),
               DASTAN_KEYS_CACHE_DIR=os.path.join(run_dir, "dastan-keys"),
               DASTAN_STATIC_ROOT=os.path.join(run_dir, "dastan-static"), DASTAN_STATIC_MANIFEST="1",
               DASTAN_ALLOWED_HOSTS="127.0.0.1,localhost",
               # wrk sends every request from one address: the per-client search limit would answer
               # 429 to nearly all of them and the run would measure the limiter, not the search.
               DASTAN_SEARCH_RATE="off")
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def build_dastan(env: dict, *, jsonl: str | None = None, count: int | None = None, body_words: int = 800):
    source = ["--jsonl", jsonl] if jsonl else ["--count", str(count), "--body-words", str(body_words)]
    subprocess.run([PY, os.path.join(HERE, "perf_corpus.py"), *source], env=env, check=True)
    subprocess.run([PY, "-m", "dastan", "manage", "collectstatic", "--noinput", "-v0"], env=env, check=True)


def start_dastan(servers, peer: str, env: dict, logdir: str):
    log = open(os.path.join(logdir, f"dastan_{peer}.log"), "w")  # noqa: SIM115 - closed with the process
    servers.procs[peer] = subprocess.Popen(
        [PY, "-m", "dastan", "serve", "--workers", "2", "--bind", f"127.0.0.1:{DASTAN_PORTS[peer]}",
         "--no-collectstatic"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def start_nginx_cache(run_dir: str, upstream_port: int, port: int) -> subprocess.Popen:
    """Start nginx with the configuration documented in docs/deploy.md, in front of UPSTREAM_PORT."""
    text = open(os.path.join(ROOT, "docs", "deploy.md"), encoding="utf-8").read()
    config = re.search(r"```nginx\n(.*?)```", text, re.S).group(1)
    prefix = os.path.join(run_dir, "nginx-dastan")
    shutil.rmtree(prefix, ignore_errors=True)
    for sub in ("cache", "tmp"):
        os.makedirs(os.path.join(prefix, sub))
        os.chmod(os.path.join(prefix, sub), 0o777)
    os.chmod(prefix, 0o755)
    config = (config.replace("/var/cache/nginx/dastan", os.path.join(prefix, "cache"))
              .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
              .replace("listen 80;", f"listen 127.0.0.1:{port};"))
    t = os.path.join(prefix, "tmp")
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"worker_processes 2;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
                "events { worker_connections 1024; }\nhttp {\naccess_log off;\nsendfile on;\n"
                "keepalive_timeout 65;\n"
                f"client_body_temp_path {t}/body; proxy_temp_path {t}/proxy; fastcgi_temp_path {t}/f;\n"
                f"uwsgi_temp_path {t}/u; scgi_temp_path {t}/s;\n{config}\n}}\n")
    return subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", prefix, "-c", conf, "-g",
                             "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def endpoints(meta: dict, search: bool) -> dict:
    slug, tag, q = meta["article_slug"], meta["popular_tag"], meta["search_term"]
    article = f"/en/articles/{slug}/"
    eps = {
        "article": {"A": f"/news/{slug}/", "B": f"/news/{slug}/", "C": "/article.html", "D": "/article.html",
                    "E": article, "F": article, "G": article},
        "tag_p1": {"A": f"/news/?tag={tag}", "B": f"/news/tag/{tag}/", "E": f"/en/tag/{tag}/"},
        "tag_p100": {"A": f"/news/?tag={tag}&page=100", "B": f"/news/tag/{tag}/?page=100",
                     "E": f"/en/tag/{tag}/?page=100"},
        "search": {"A": f"/search/?q={q}", "B": f"/search/?q={q}"},
    }
    if search:
        eps["search"]["E"] = f"/en/search/?q={q}"
    return eps


def chosen(eps: dict, kinds: str | None) -> dict:
    """Return the page kinds asked for with --kinds (all by default)."""
    return {k: v for k, v in eps.items() if not kinds or k in kinds.split(",")}


RATIOS = [  # (label, kind x, peer x, kind y, peer y)
    ("E/A article (no page cache vs Wagtail; target >= 5)", "article", "E", "article", "A"),
    ("E/B article (no page cache vs plain Django; target >= 1.0)", "article", "E", "article", "B"),
    ("E/A tag p1 (target >= 10)", "tag_p1", "E", "tag_p1", "A"),
    ("E/A tag p100 (target >= 10)", "tag_p100", "E", "tag_p100", "A"),
    ("E p1/p100 req/s (p100 latency ÷ p1 latency; target <= 1.5)", "tag_p1", "E", "tag_p100", "E"),
    ("E/B search (target >= 1.0)", "search", "E", "search", "B"),
    ("F/D article (page cache vs bare WSGI; target >= 0.5)", "article", "F", "article", "D"),
    ("F/B article (page cache vs plain Django)", "article", "F", "article", "B"),
    ("G/C article (nginx cache vs nginx static; target >= 0.5)", "article", "G", "article", "C"),
    ("B/A article (reference)", "article", "B", "article", "A"),
    ("D/B article (reference)", "article", "D", "article", "B"),
]


def paired(runs, pb, kx, px, ky, py):
    xs = {r["round"]: r["rps"] for r in runs if r["kind"] == kx and r["peer"] == px}
    ys = {r["round"]: r["rps"] for r in runs if r["kind"] == ky and r["peer"] == py}
    return pb.med_range([xs[k] / ys[k] for k in xs if k in ys and xs[k] and ys[k]])


def report(res: dict, pb) -> str:
    lines = [f"# Dastan beside the reference peers — {res['started']}", "",
             f"`{res['command']}`; wrk -t{res['threads']} -c{res['conns']} (search -c{res['search_conns']}) "
             f"-d{res['duration']}s, {res['runs_n']} rounds, order alternating, Dastan on {res['database']}; "
             f"{res['versions']}", "",
             "| page | peer | req/s median (min–max) | p50 ms | p99 ms | SQL queries warm; cold | "
             "1 request in-process ms | bytes |", "|---|---|---|---|---|---|---|---|"]
    for kind, peers in res["endpoints"].items():
        for peer in sorted(peers):
            rs = [r for r in res["runs"] if r["kind"] == kind and r["peer"] == peer]
            q = res["queries"].get(peer, {}).get(peers[peer], {})
            lines.append(
                f"| {kind} | {peer} {NAMES[peer]} | {pb.fmt(pb.med_range([r['rps'] for r in rs]))} | "
                f"{pb.fmt(pb.med_range([r['p50_ms'] for r in rs]), 1)} | "
                f"{pb.fmt(pb.med_range([r['p99_ms'] for r in rs]), 1)} | "
                f"{q.get('warm', '–')}; {q.get('cold', '–')} | {q.get('service_ms_median', '–')} | "
                f"{res['sizes'].get(f'{kind}/{peer}', '–')} |")
    lines += ["", "| ratio, paired per round | median (min–max) |", "|---|---|"]
    for label, *spec in RATIOS:
        lines.append(f"| {label} | {pb.fmt(paired(res['runs'], pb, *spec), 2)} |")
    if "search" not in res["endpoints"] or "E" not in res["endpoints"]["search"]:
        lines.append("\nSearch: Dastan has no search page in this build, so E search was skipped.")
    lines += ["", "| peer | peak RSS per worker MiB (max of VmHWM and 0.5 s samples) |", "|---|---|"]
    for peer, rows in res["memory"].items():
        peaks = []
        for row in rows:
            sampled = res["mem_sampled"].get(peer, {}).get(str(row["pid"]), 0)
            peaks.append(max(row.get("VmHWM", 0), sampled) / 2**20)
        lines.append(f"| {peer} {NAMES[peer]} | {', '.join(f'{p:.1f}' for p in sorted(peaks))} |")
    errors = [f"{r['kind']}/{r['peer']} round {r['round']}: non2xx={r['non2xx']} {r['socket_errors']}"
              for r in res["runs"] if r["non2xx"] or any(r["socket_errors"].values())]
    if errors:
        lines += ["", "Errors: " + "; ".join(errors)]
    return "\n".join(lines) + "\n"


def side_by_side(args) -> int:
    os.environ.setdefault("PERFBENCH_DIR", "/tmp/perfbench")
    os.environ.setdefault("PERFBENCH_VENV", "/tmp/perfbench-venv")
    run_dir, peers = os.environ["PERFBENCH_DIR"], os.path.abspath(args.peers)
    os.makedirs(run_dir, exist_ok=True)
    subprocess.run(["bash", os.path.join(peers, "setup.sh")], check=True)
    subprocess.run(["bash", os.path.join(peers, "build_data.sh")], check=True)
    pb = load_peer_bench(peers)
    if getattr(pb, "psutil", None) is None:
        # Without it the memory column comes out empty, silently: say so before a long run.
        sys.exit("psutil is not installed: `pip install -e .[bench]` (bench/run.sh does it).")
    meta = json.load(open(os.path.join(run_dir, "meta.json")))
    env_e = dastan_env(run_dir, args.database_url, False, args.redis_url)
    env_f = dastan_env(run_dir, args.database_url, True, args.redis_url)
    build_dastan(env_e, jsonl=os.path.join(run_dir, "articles.jsonl"))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or os.path.join(run_dir, "results", f"dastan-{stamp}")
    os.makedirs(out, exist_ok=True)

    queries = {}
    for peer, site in (("A", "wagtail"), ("B", "django")):
        qfile = os.path.join(out, f"queries_{peer}.json")
        urls = [u for k, p in chosen(endpoints(meta, False), args.kinds).items() for x, u in p.items()
                if x == peer]
        subprocess.run([os.path.join(pb.VENV, "bin", "python"), os.path.join(peers, "count_queries.py"), site,
                        qfile, *urls], check=True, env=dict(os.environ, PERFBENCH_DIR=run_dir))
        queries[peer] = json.load(open(qfile))

    servers = pb.Servers(out)
    sampler, nginx_cache, runs = None, None, []
    signal.signal(signal.SIGTERM, lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        servers.start_gunicorn("A", "wagtail_news", "wagtail_news.wsgi:application")
        servers.start_gunicorn("B", "django_news", "django_news.wsgi:application")
        start_dastan(servers, "E", env_e, out)
        start_dastan(servers, "F", env_f, out)
        base = {p: f"http://{pb.HOST}:{port}" for p, port in {**pb.PORTS, **DASTAN_PORTS}.items()}
        probe = endpoints(meta, False)
        _, article_a = pb.wait_ready(base["A"] + probe["article"]["A"])
        servers.start_nginx(article_a)
        servers.start_gunicorn("D", "", "raw_wsgi:application", {
            "PERFBENCH_STATIC_FILE": os.path.join(run_dir, "nginx", "html", "article.html")})
        pb.wait_ready(base["F"] + "/healthz")
        nginx_cache = start_nginx_cache(run_dir, DASTAN_PORTS["F"], DASTAN_PORTS["G"])
        pb.wait_ready(base["G"] + "/healthz")
        search = False
        try:
            urllib.request.urlopen(base["E"] + f"/en/search/?q={meta['search_term']}", timeout=30).read()
            search = True
        except Exception:  # noqa: BLE001 - no search page in this build: the row is skipped, and said
            search = False
        eps = chosen(endpoints(meta, search), args.kinds)
        dq = os.path.join(out, "queries_E.json")
        subprocess.run([PY, os.path.join(HERE, "queries.py"), dq,
                        *[p["E"] for p in eps.values() if "E" in p]], env=env_e, check=True)
        queries["E"] = json.load(open(dq))
        sizes = {}
        for kind, peers_ in eps.items():
            for peer, path in peers_.items():
                # Wagtail's search takes seconds a request on a busy machine: a generous timeout.
                with urllib.request.urlopen(base[peer] + path, timeout=120) as response:
                    status, body = response.status, response.read()
                assert status == 200, (peer, path, status)
                sizes[f"{kind}/{peer}"] = len(body)
        app_peers = ("A", "B", "D", "E", "F")
        for kind, peers_ in eps.items():
            for peer, path in peers_.items():
                pb.run_wrk(base[peer] + path, args.warmup, args.threads,
                           args.search_conns if kind == "search" else args.conns)
                pb.drain(servers, peers=app_peers)
        sampler = pb.MemSampler(servers)
        sampler.start()
        for rnd in range(args.runs):
            for kind, peers_ in eps.items():
                order = sorted(peers_) if rnd % 2 == 0 else sorted(peers_, reverse=True)
                for peer in order:
                    conns = args.search_conns if kind == "search" else args.conns
                    r = pb.run_wrk(base[peer] + peers_[peer], args.duration, args.threads, conns)
                    r.update(kind=kind, peer=peer, round=rnd, conns=conns, loadavg1=os.getloadavg()[0])
                    r["drain_s"] = pb.drain(servers, peers=app_peers)
                    runs.append(r)
                    print(f"round {rnd} {kind:9s} {peer} {NAMES[peer]:26s} {r['rps'] or 0:9.1f} req/s "
                          f"p50={r['p50_ms']}ms p99={r['p99_ms']}ms non2xx={r['non2xx']} "
                          f"load1={r['loadavg1']:.2f}", flush=True)
        sampler.stop_evt.set()
        memory = pb.final_memory(servers)
    finally:
        if sampler:
            sampler.stop_evt.set()
        if nginx_cache is not None and nginx_cache.poll() is None:
            nginx_cache.send_signal(signal.SIGQUIT)
            nginx_cache.wait(timeout=15)
        servers.stop()
    import django
    import gunicorn

    versions = f"Dastan on Django {django.__version__}, gunicorn {gunicorn.__version__}"
    res = {"started": stamp, "command": " ".join(["python", "bench/perf.py", *sys.argv[1:]]),
           "versions": versions, "threads": args.threads, "conns": args.conns,
           "search_conns": args.search_conns,
           "duration": args.duration, "runs": runs, "endpoints": eps, "sizes": sizes, "queries": queries,
           "memory": memory, "database": "PostgreSQL" if args.database_url else "SQLite",
           "mem_sampled": {p: {str(k): v for k, v in d.items()} for p, d in sampler.peak.items()}}
    res["runs"] = [{k: v for k, v in r.items() if k != "raw"} for r in runs]
    res["runs_n"] = args.runs
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    text = report(res, pb)
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(text)
    print(text)
    print(f"results in {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--peers", default=default_peers(), help="the reference bench folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--conns", type=int, default=32)
    parser.add_argument("--search-conns", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--database-url", help="PostgreSQL for Dastan (default: SQLite, like the peers)")
    parser.add_argument("--redis-url", help="Redis for Dastan's cache (default: process memory)")
    parser.add_argument("--scale", help="comma-separated corpus sizes: Dastan alone, p95 per size")
    parser.add_argument("--body-words", type=int, default=800, help="synthetic body length for --scale")
    parser.add_argument("--reuse", action="store_true",
                        help="--scale: measure the corpora already built (--database-url with {size})")
    parser.add_argument("--kinds", help="only these page kinds, e.g. article (default: all)")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.scale:
        from scale import run_scale  # noqa: PLC0415 - bench/ is not a package

        return run_scale(args)
    return side_by_side(args)


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    raise SystemExit(main())
