"""Dastan alone at growing corpus sizes: article and tag pages' p95 latency per size (wrk + a Lua script)."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 8005
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\nP99 %d\\nRPS %.2f\\n", latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.requests / (summary.duration / 1e6)))
end
"""


def wrk(url: str, duration: int, conns: int, script: str) -> dict:
    command = ["wrk", "-t2", f"-c{conns}", f"-d{duration}s", "--timeout", "10s", "-s", script, url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60).stdout
    found = dict(re.findall(r"^(P50|P95|P99|RPS) ([\d.]+)$", out, re.M))
    return {"rps": float(found.get("RPS", 0)), **{k.lower() + "_ms": int(found.get(k, 0)) / 1000
                                                  for k in ("P50", "P95", "P99")}}


def wait_up(url: str) -> None:
    for _ in range(120):
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise RuntimeError(f"not up: {url}")


def run_scale(args) -> int:
    from perf import PY, build_dastan, dastan_env

    run_dir = os.environ.get("PERFBENCH_DIR", "/tmp/perfbench")
    os.makedirs(run_dir, exist_ok=True)
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(LUA)
    script.close()
    results = {}
    for size in [int(s) for s in args.scale.split(",")]:
        # "{size}" in the URL gives every size a database of its own, which --reuse measures again.
        url = args.database_url.replace("{size}", str(size)) if args.database_url else None
        env = dastan_env(run_dir, url, False, args.redis_url)
        started = time.monotonic()
        if args.reuse:
            subprocess.run([PY, "-m", "dastan", "manage", "collectstatic", "--noinput", "-v0"], env=env,
                           check=True)
        else:
            build_dastan(env, count=size, body_words=args.body_words)
        built = time.monotonic() - started
        command = [PY, "-m", "dastan", "serve", "--workers", "2", "--bind", f"127.0.0.1:{PORT}",
                   "--no-collectstatic"]
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            base = f"http://127.0.0.1:{PORT}"
            wait_up(base + "/healthz")
            lookup = [PY, "-m", "dastan", "manage", "shell", "-c", "from dastan.publishing.models import "
                      f"Article; print(Article.objects.get(pk={size // 2}).slug)"]
            found = subprocess.run(lookup, env=env, capture_output=True, text=True, check=True).stdout
            slug = found.strip().splitlines()[-1]
            pages = {"article": f"/en/articles/{slug}/", "tag_p1": "/en/tag/politics/",
                     "tag_p100": "/en/tag/politics/?page=100"}
            row = {"build_s": round(built, 1) if not args.reuse else "reused",
                   "load_before": os.getloadavg()[0]}
            for name, path in pages.items():
                wait_up(base + path)
                wrk(base + path, 2, args.conns, script.name)
                runs = [wrk(base + path, args.duration, args.conns, script.name) for _ in range(args.runs)]
                row[name] = {k: sorted(r[k] for r in runs)[len(runs) // 2] for k in runs[0]}
                print(f"{size} {name}: {row[name]}", flush=True)
            row["load_after"] = os.getloadavg()[0]
            results[size] = row
        finally:
            server.terminate()
            server.wait(timeout=30)
    sizes = sorted(results)
    pages = " | ".join(f"{p} req/s, p50, p95 ms" for p in ("article", "tag_p1", "tag_p100"))
    lines = [f"| articles | build s | load avg (1 min) before, after | {pages} |", "|---" * 6 + "|"]
    for size in sizes:
        row = results[size]
        cells = [f"{row[p]['rps']:.0f}, {row[p]['p50_ms']:.1f}, {row[p]['p95_ms']:.1f}"
                 for p in ("article", "tag_p1", "tag_p100")]
        lines.append(f"| {size:,} | {row['build_s']} | {row['load_before']:.1f}, {row['load_after']:.1f} | "
                     + " | ".join(cells) + " |")
    if len(sizes) > 1:
        small, big = results[sizes[0]], results[sizes[-1]]
        for p in ("article", "tag_p1", "tag_p100"):
            lines.append(f"\np95 {p} at {sizes[-1]:,} ÷ at {sizes[0]:,}: "
                         f"{big[p]['p95_ms'] / small[p]['p95_ms']:.2f} (target <= 2)")
    text = "\n".join(lines)
    print(text)
    out = args.out or os.path.join(run_dir, "results", f"dastan-scale-{int(time.time())}")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "scale.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(out, "scale.md"), "w") as f:
        f.write(text + "\n")
    print(f"results in {out}", file=sys.stderr)
    return 0
