"""The registration rush: many clients post the registration form at once over HTTP.

    .venv/bin/python bench/rush.py [--db postgresql|sqlite|both] [--workers 5] [--threads 4]
                                   [--clients 100] [--registrations 2000] [--capacity 10]
                                   [--open-loop] [--open-seconds 20]

Starts gunicorn with the packaged gunicorn settings against a fresh database, creates an event whose workshops
have far fewer seats than registrants, sends real form posts (CSRF token and session cookie
included) from concurrent clients, then checks the outcome: no workshop over capacity, waiting
lists in arrival order, one queued confirmation per registration, `cii-events check` clean.

Besides registrations/s and latencies it reports the CPU seconds per registration of the app
(gunicorn's processes) and of PostgreSQL (the backends serving the benchmark's database; its
background writers are not counted), both read from /proc, and the SQL round trips of one
registration post (statements and commits, counted in-process on the same database after the
run). `--open-loop` then runs a second, open-loop rush on a fresh database: registrations arrive
at a fixed rate, half the peak rate just measured, for `--open-seconds`, and the latency of each
is counted from its scheduled arrival (so queueing counts).
"""
from __future__ import annotations

import argparse
import asyncio
import os
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


async def browser(port: int, slug: str):
    """A connection with a loaded form: (connection, session cookie, CSRF token)."""
    connection = Connection(port)
    status, headers, page, _ = await timed(connection, "GET", f"/fr/events/{slug}/register")
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.decode()).group(1)
    return connection, cookie, token


def form_data(token: str, number: int, choices: dict, popular: random.Random) -> bytes:
    data = {"csrf_token": token, "nonce": uuid.uuid4().hex, "first_name": f"Person{number}",
            "last_name": "Rush", "email": f"rush{number}@example.ch", "organisation": "ORP",
            "institution_type": "unemployment", "canton": "VD", "language": "fr", "privacy_consent": "y"}
    for field, ids in choices.items():
        # Popular workshops: the first of each slot draws four people in ten.
        data[field] = str(ids[0] if popular.random() < 0.4 else popular.choice(ids))
    return urlencode(data).encode()


async def post(connection: Connection, slug: str, cookie: str, body: bytes):
    return await timed(connection, "POST", f"/fr/events/{slug}/register", body,
                       {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})


async def client(port: int, slug: str, choices: dict, work: list, results: list, start: asyncio.Event,
                 seed: int):
    """One browser: loads the form once (session cookie, CSRF token), then registers people."""
    connection, cookie, token = await browser(port, slug)
    popular = random.Random(seed)
    await start.wait()
    while work:
        number = work.pop()
        body = form_data(token, number, choices, popular)
        status, _, _, seconds = await post(connection, slug, cookie, body)
        results.append((status, seconds))
    await connection.close()


async def open_loop(port: int, slug: str, choices: dict, rate: float, seconds: float, clients: int):
    """Registrations arriving at `rate` per second whatever the answers: each takes a free browser
    (waiting for one if all are busy); its latency counts from its scheduled arrival."""
    browsers = [await browser(port, slug) for _ in range(clients)]
    idle: asyncio.Queue = asyncio.Queue()
    for item in browsers:
        idle.put_nowait(item)
    popular = random.Random(7)
    results: list = []
    total = int(rate * seconds)
    began = time.perf_counter()

    async def arrive(number: int):
        scheduled = began + number / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        connection, cookie, token = await idle.get()
        body = form_data(token, number, choices, popular)
        status, _, _, _ = await post(connection, slug, cookie, body)
        if status == 0:  # the server closed the idle connection (keep-alive timeout): reconnect
            status, _, _, _ = await post(connection, slug, cookie, body)
        results.append((status, time.perf_counter() - scheduled))
        idle.put_nowait((connection, cookie, token))

    await asyncio.gather(*(arrive(number) for number in range(total)))
    elapsed = time.perf_counter() - began
    for connection, _, _ in browsers:
        await connection.close()
    return results, elapsed


def cpu_seconds(pids) -> dict[int, float]:
    """utime + stime of each process, in seconds, from /proc (all its threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        times[int(pid)] = (int(fields[11]) + int(fields[12])) / tick
    return times


def app_pids(server: Server) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True)
    return [server.process.pid, *map(int, children.stdout.split())]


def backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL backends serving the benchmark's database (not the monitoring connection)."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        pids = connection.execute(sa.text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")).scalars().all()
    engine.dispose()
    return list(pids)


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two samples; a process first seen in `after` counts from its start."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def round_trips(database_url: str, slug: str, choices: dict, posts: int = 20) -> float:
    """Statements and commits of one registration post, in-process on the benchmark's database,
    after one page load (the programme cached, as in a warm worker)."""
    from sqlalchemy import event as sa_event

    from cii_events import create_app
    from cii_events.extensions import db

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "benchmark-secret",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "MAIL_SEND_AFTER_COMMIT": False})
    counted = []
    with app.app_context():
        client = app.test_client()
        client.get(f"/fr/events/{slug}/register")
        sa_event.listen(db.engine, "before_cursor_execute", lambda *args: counted.append(1))
        sa_event.listen(db.engine, "commit", lambda *args: counted.append(1))
        popular = random.Random(3)
        for number in range(posts):
            body = form_data("", 900000 + number, choices, popular)
            response = client.post(f"/fr/events/{slug}/register", data=body,
                                   content_type="application/x-www-form-urlencoded")
            assert response.status_code == 303, response.status_code
        db.session.remove()
        db.engine.dispose()
    return round(len(counted) / posts, 2)


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


def one_arrival_order(lists: list[list[int]]) -> bool:
    """Whether one order of arrival explains every waiting list: nobody is ahead of someone in one
    workshop and behind them in another (the seat decisions lock the workshops in one order).

    Registration ids are not that order: a registration is written before its seats are decided.
    """
    after: dict[int, set[int]] = {}
    for entries in lists:
        for earlier, later in zip(entries, entries[1:]):
            after.setdefault(earlier, set()).add(later)
    state: dict[int, int] = {}  # 1: being visited, 2: done
    for start in list(after):
        if start in state:
            continue
        stack = [(start, iter(after.get(start, ())))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                return False  # a cycle: no single order of arrival
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(after.get(child, ()))))
    return True


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
        by_workshop: dict = {}
        for workshop_id, ticket, registration_id in rows:
            by_workshop.setdefault(workshop_id, []).append((ticket, registration_id))
        contiguous = all([ticket for ticket, _ in entries] == list(range(1, len(entries) + 1))
                         for entries in by_workshop.values())
        checks["waiting lists in arrival order"] = contiguous and one_arrival_order(
            [[r for _, r in entries] for entries in by_workshop.values()])
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


def run(kind: str, args, rate: float | None = None) -> dict:
    """A closed-loop rush (`rate` None: each client posts again as soon as answered), or an
    open-loop one at `rate` registrations per second."""
    url = fresh_database(kind, f"cii_bench_rush_{kind}")
    choices = create_event(url, slug="rush", capacity=args.capacity)
    server = Server(url, workers=args.workers, threads=args.threads)
    postgres = kind == "postgresql"
    try:
        app_before = cpu_seconds(app_pids(server))
        db_before = cpu_seconds(backend_pids(url)) if postgres else {}
        if rate is None:
            results, elapsed = asyncio.run(load(server.port, "rush", choices, args.registrations,
                                                args.clients))
        else:
            results, elapsed = asyncio.run(open_loop(server.port, "rush", choices, rate, args.open_seconds,
                                                     args.clients))
        app_cpu = used(app_before, cpu_seconds(app_pids(server)))
        db_cpu = used(db_before, cpu_seconds(backend_pids(url))) if postgres else None
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    ok = [seconds for status, seconds in results if status == 303]
    errors = len(results) - len(ok)
    outcome = verify(url, args.capacity)
    per = max(len(ok), 1)
    return {"database": kind, "mode": "closed" if rate is None else f"open {rate:.0f}/s",
            "workers": args.workers, "threads": args.threads, "clients": args.clients,
            "sent": len(results), "accepted": len(ok), "errors": errors,
            "registrations_per_second": round(len(ok) / elapsed, 1), "seconds": round(elapsed, 2),
            **latency_summary([seconds for _, seconds in results]),
            "app_cpu_ms": round(1000 * app_cpu / per, 1),
            "db_cpu_ms": round(1000 * db_cpu / per, 1) if db_cpu is not None else None,
            "round_trips": round_trips(url, "rush", choices) if rate is None else None,
            "worker_rss_mb_max": round(max(rss), 1) if rss else None, **outcome}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=10, help="seats per workshop (12 workshops)")
    parser.add_argument("--open-loop", action="store_true",
                        help="then a fixed arrival rate, half the peak measured, on a fresh database")
    parser.add_argument("--open-seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, help="only an open-loop rush at this many registrations/s")
    args = parser.parse_args()
    kinds = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    runs = []
    for kind in kinds:
        if args.rate:
            runs.append(run(kind, args, rate=args.rate))
            continue
        runs.append(run(kind, args))
        if args.open_loop:
            runs.append(run(kind, args, rate=runs[-1]["registrations_per_second"] / 2))
    print(table(runs, ["database", "mode", "clients", "accepted", "errors", "registrations_per_second",
                       "p50_ms", "p95_ms", "p99_ms", "app_cpu_ms", "db_cpu_ms", "round_trips",
                       "worker_rss_mb_max"]))
    for result in runs:
        for name, passed in result["checks"].items():
            print(f"{result['database']:>10}  {'ok  ' if passed else 'FAIL'}  {name}")
    path = save("rush", {"runs": runs})
    print(f"written to {path.relative_to(path.parents[2])}")
    if not all(passed for result in runs for passed in result["checks"].values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
