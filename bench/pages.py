"""Throughput and latency of the event list and the event page under concurrent load.

    .venv/bin/python bench/pages.py [--db postgresql|sqlite|both] [--clients 50] [--seconds 15]

Serves the demo events (two events, 13 workshops with seats and waiting lists shown) with gunicorn
and the packaged gunicorn settings, then has every client fetch its page in a loop for the given time.
"""
from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BIN, Server, app_env, fresh_database, latency_summary, save, table  # noqa: E402
from bench.loadgen import Connection, timed  # noqa: E402

PAGES = {"event list": "/de/", "event page": "/de/events/iiz-tagung-2027/"}


async def hammer(port: int, path: str, clients: int, seconds: float):
    results: list = []
    deadline = time.perf_counter() + seconds

    async def client():
        connection = Connection(port)
        while time.perf_counter() < deadline:
            status, _, _, elapsed = await timed(connection, "GET", path)
            results.append((status, elapsed))
        await connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return results, time.perf_counter() - began


def run(kind: str, args) -> list[dict]:
    url = fresh_database(kind, f"cii_bench_pages_{kind}")
    subprocess.run([str(BIN / "cii-events"), "demo"], env=app_env(url), check=True, stdout=subprocess.DEVNULL)
    server = Server(url, workers=args.workers, threads=args.threads)
    rows = []
    try:
        for name, path in PAGES.items():
            results, elapsed = asyncio.run(hammer(server.port, path, args.clients, args.seconds))
            ok = [seconds for status, seconds in results if status == 200]
            rows.append({"database": kind, "page": name, "clients": args.clients, "requests": len(results),
                         "errors": len(results) - len(ok), "requests_per_second": round(len(ok) / elapsed, 1),
                         **latency_summary(ok)})
        rss = server.worker_rss_mb()
        for row in rows:
            row["worker_rss_mb_max"] = round(max(rss), 1) if rss else None
    finally:
        server.stop()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    kinds = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    rows = [row for kind in kinds for row in run(kind, args)]
    print(table(rows, ["database", "page", "clients", "requests", "errors", "requests_per_second", "p50_ms",
                       "p95_ms", "p99_ms", "worker_rss_mb_max"]))
    path = save("pages", {"runs": rows})
    print(f"written to {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
