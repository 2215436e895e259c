"""The registration rush: many clients post the registration form at once over HTTP.

    .venv/bin/python bench/rush.py [--db postgresql|sqlite|both] [--workers 5] [--threads 4]
                                   [--clients 100] [--registrations 2000] [--capacity 10]

Starts gunicorn with gunicorn.conf.py against a fresh database, creates an event whose workshops
have far fewer seats than registrants, sends real form posts (CSRF token and session cookie
included) from concurrent clients, then checks the outcome: no workshop over capacity, waiting
lists in arrival order, one queued confirmation per registration, `cii-events check` clean.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from bench.common import BIN, Server, app_env, fresh_database, latency_summary, save, table  # noqa: E402
from bench.loadgen import Connection, timed  # noqa: E402
from bench.scenario import create_event  # noqa: E402


async def client(port: int, slug: str, choices: dict, work: list, results: list, start: asyncio.Event,
                 seed: int):
    """One browser: loads the form once (session cookie, CSRF token), then registers people."""
    connection = Connection(port)
    status, headers, page, _ = await timed(connection, "GET", f"/fr/events/{slug}/register")
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.decode()).group(1)
    popular = random.Random(seed)
    await start.wait()
    while work:
        number = work.pop()
        data = {"csrf_token": token, "nonce": uuid.uuid4().hex, "first_name": f"Person{number}",
                "last_name": "Rush", "email": f"rush{number}@example.ch", "organisation": "ORP",
                "institution_type": "unemployment", "canton": "VD", "language": "fr", "privacy_consent": "y"}
        for field, ids in choices.items():
            # Popular workshops: the first of each slot draws four people in ten.
            data[field] = str(ids[0] if popular.random() < 0.4 else popular.choice(ids))
        status, _, _, seconds = await timed(
            connection, "POST", f"/fr/events/{slug}/register", urlencode(data).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        results.append((status, seconds))
    await connection.close()


async def load(port: int, slug: str, choices: dict, registrations: int, clients: int):
    work = list(range(registrations))[::-1]
    results: list = []
    start = asyncio.Event()
    tasks = [asyncio.create_task(client(port, slug, choices, work, results, start, seed))
             for seed in range(clients)]
    await asyncio.sleep(1.0)  # every client has its form
    began = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    return results, time.perf_counter() - began


def verify(database_url: str, capacity: int) -> dict:
    engine = sa.create_engine(database_url)
    checks = {}
    with engine.connect() as connection:
        over = connection.execute(sa.text(
            "SELECT w.code, w.capacity, COUNT(b.id) FROM workshop w LEFT JOIN booking b "
            "ON b.workshop_id = w.id AND b.status = 'confirmed' "
            "GROUP BY w.id, w.code, w.capacity HAVING COUNT(b.id) > w.capacity"
        )).all()
        checks["no workshop over capacity"] = not over
        rows = connection.execute(sa.text(
            "SELECT workshop_id, waitlist_ticket, registration_id FROM booking WHERE status = 'waitlisted' "
            "ORDER BY workshop_id, waitlist_ticket")).all()
        ordered = True
        by_workshop: dict = {}
        for workshop_id, ticket, registration_id in rows:
            by_workshop.setdefault(workshop_id, []).append((ticket, registration_id))
        for entries in by_workshop.values():
            tickets = [t for t, _ in entries]
            ids = [r for _, r in entries]
            ordered &= tickets == sorted(set(tickets)) and ids == sorted(ids)
        checks["waiting lists in arrival order"] = ordered
        registrations = connection.execute(sa.text("SELECT COUNT(*) FROM registration")).scalar()
        confirmations = connection.execute(sa.text(
            "SELECT COUNT(*), COUNT(DISTINCT registration_id) FROM outgoing_mail "
            "WHERE kind IN ('confirmed', 'waitlisted') AND status = 'queued'")).one()
        checks["one queued confirmation per registration"] = (
            confirmations[0] == confirmations[1] == registrations)
        waiting = len(rows)
    engine.dispose()
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=app_env(database_url),
                           capture_output=True, text=True)
    checks["cii-events check clean"] = check.returncode == 0
    return {"registrations": registrations, "waiting": waiting, "checks": checks}


def run(kind: str, args) -> dict:
    url = fresh_database(kind, f"cii_bench_rush_{kind}")
    choices = create_event(url, slug="rush", capacity=args.capacity)
    server = Server(url, workers=args.workers, threads=args.threads)
    try:
        results, elapsed = asyncio.run(load(server.port, "rush", choices, args.registrations, args.clients))
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    ok = [seconds for status, seconds in results if status == 303]
    errors = len(results) - len(ok)
    outcome = verify(url, args.capacity)
    return {"database": kind, "workers": args.workers, "threads": args.threads, "clients": args.clients,
            "sent": len(results), "accepted": len(ok), "errors": errors,
            "registrations_per_second": round(len(ok) / elapsed, 1), "seconds": round(elapsed, 2),
            **latency_summary([seconds for _, seconds in results]),
            "worker_rss_mb_max": round(max(rss), 1) if rss else None, **outcome}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=10, help="seats per workshop (12 workshops)")
    args = parser.parse_args()
    kinds = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    runs = [run(kind, args) for kind in kinds]
    print(table(runs, ["database", "workers", "clients", "accepted", "errors", "registrations_per_second",
                       "p50_ms", "p95_ms", "p99_ms", "worker_rss_mb_max"]))
    for result in runs:
        for name, passed in result["checks"].items():
            print(f"{result['database']:>10}  {'ok  ' if passed else 'FAIL'}  {name}")
    path = save("rush", {"runs": runs})
    print(f"written to {path.relative_to(path.parents[2])}")
    if not all(passed for result in runs for passed in result["checks"].values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
