"""The database's own ceiling for the work of one registration, with pgbench.

    .venv/bin/python bench/db_limit.py [--clients 20] [--seconds 20]

Replays, in a pgbench script, the statements the application issues for one registration on
PostgreSQL (the short road of services.capacity: one statement writing the registration, two
bookings and the queued mail; one statement deciding both seats; commit) against the same schema
and a rush event, from as many connections as the rush uses. Its transactions per second are the
most the rush could reach on this machine if the application took no time at all. Then it runs
pgbench's standard TPC-B-like transaction on the same server (scale 10), for the ratio.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from bench.common import fresh_database, save  # noqa: E402
from bench.scenario import create_event  # noqa: E402

SCRIPT = """
\\set n random(1, 2000000000)
\\set a random({a_first}, {a_last})
\\set b random({b_first}, {b_last})
BEGIN;
WITH created AS (
  INSERT INTO registration (event_id, status, salutation, first_name, last_name, email, email_normalized, phone,
    organisation, function, institution_type, canton, language, dietary, accessibility_needs, remarks,
    privacy_version_accepted, privacy_accepted_at, list_consent, photo_consent, reference, manage_token_salt,
    manage_token_hash, checkin_code, submission_key, waitlist_ticket, created_at, updated_at)
  SELECT {event}, 'confirmed', '', 'Person', 'Rush', 'p' || :n || '@example.ch', 'p' || :n || '@example.ch', '',
    'ORP', '', 'unemployment', 'VD', 'fr', '', '', '', '1', now(), false, false, substr(md5(random()::text), 1, 8),
    md5(random()::text), md5(random()::text) || md5(random()::text), md5(random()::text),
    md5(random()::text) || md5(random()::text), NULL, now(), now()
  WHERE EXISTS (SELECT 1 FROM event WHERE id = {event} AND programme_version = {version} FOR KEY SHARE)
  RETURNING id, reference, manage_token_salt
), booked AS (
  INSERT INTO booking (registration_id, workshop_id, status, created_at, updated_at)
  SELECT created.id, w, 'requested', now(), now() FROM created, unnest(ARRAY[:a, :b]) AS w
), queued AS (
  INSERT INTO outgoing_mail (kind, registration_id, event_id, recipient, sender, reply_to, language, context,
    subject, body_text, body_html, attachments, message_id, status, attempts, next_attempt_at, last_error,
    created_at)
  SELECT 'confirmed', created.id, {event}, 'p' || :n || '@example.ch', 'CII <no-reply@example.ch>', '', 'fr',
    '{{"bookings": null, "as_committed": true}}', '', '', '', '[]', '<' || md5(random()::text) || '@example.ch>',
    'queued', 0, now(), '', now() FROM created
  RETURNING id
)
SELECT created.id AS reg_id FROM created \\gset
WITH locked AS MATERIALIZED (
  SELECT id, capacity, confirmed_count, waitlist_counter, (capacity IS NULL OR confirmed_count < capacity) AS seated
  FROM workshop WHERE id = ANY(ARRAY[:a, :b]) ORDER BY id FOR NO KEY UPDATE
), counted AS (
  UPDATE workshop SET confirmed_count = locked.confirmed_count + CASE WHEN locked.seated THEN 1 ELSE 0 END,
    waitlist_counter = locked.waitlist_counter + CASE WHEN NOT locked.seated THEN 1 ELSE 0 END
  FROM locked WHERE workshop.id = locked.id
  RETURNING workshop.id, locked.seated, workshop.waitlist_counter
), booked AS (
  UPDATE booking SET status = CASE WHEN counted.seated THEN 'confirmed' ELSE 'waitlisted' END,
    waitlist_ticket = CASE WHEN counted.seated THEN NULL ELSE counted.waitlist_counter END
  FROM counted WHERE booking.registration_id = :reg_id AND booking.workshop_id = counted.id
  RETURNING booking.workshop_id
)
SELECT count(*) FROM booked;
COMMIT;
"""


def tpc_b(plain, clients: int, seconds: int) -> float:
    """pgbench's standard TPC-B-like transaction on its own database of the same server."""
    admin = sa.create_engine(plain.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS cii_bench_tpcb WITH (FORCE)"))
        connection.execute(sa.text("CREATE DATABASE cii_bench_tpcb"))
    admin.dispose()
    common = ["-h", plain.host or "127.0.0.1", "-p", str(plain.port or 5432), "-U", plain.username or "postgres"]
    subprocess.run(["pgbench", "-i", "-q", "-s", "10", *common, "cii_bench_tpcb"], check=True,
                   capture_output=True)
    result = subprocess.run(["pgbench", "-n", *common, "-c", str(clients), "-j", "2", "-T", str(seconds),
                             "cii_bench_tpcb"], capture_output=True, text=True, check=True)
    return float(re.search(r"tps = ([\d.]+)", result.stdout).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="connections (the rush: workers × threads)")
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    url = fresh_database("postgresql", "cii_bench_db_limit")
    choices = create_event(url, slug="rush")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        event_id, version = connection.execute(sa.text("SELECT id, programme_version FROM event")).one()
    engine.dispose()
    (a_ids, b_ids) = list(choices.values())[:2]
    script = SCRIPT.format(event=event_id, version=version, a_first=min(a_ids), a_last=max(a_ids), b_first=min(b_ids),
                           b_last=max(b_ids))
    plain = sa.engine.make_url(url)
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as handle:
        handle.write(script)
        handle.flush()
        result = subprocess.run(
            ["pgbench", "-n", "-h", plain.host or "127.0.0.1", "-p", str(plain.port or 5432),
             "-U", plain.username or "postgres", "-c", str(args.clients), "-j", "2", "-T", str(args.seconds),
             "-f", handle.name, plain.database], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr)
        sys.exit(1)
    tps = float(re.search(r"tps = ([\d.]+)", result.stdout).group(1))
    latency = re.search(r"latency average = ([\d.]+) ms", result.stdout)
    figures = {"clients": args.clients, "seconds": args.seconds, "registrations_per_second": round(tps, 1),
               "latency_average_ms": float(latency.group(1)) if latency else None,
               "tpc_b_tps": round(tpc_b(plain, args.clients, args.seconds), 1)}
    print(f"database ceiling for one registration's statements: {figures['registrations_per_second']} per "
          f"second ({args.clients} connections, {args.seconds} s, latency {figures['latency_average_ms']} ms)")
    print(f"pgbench TPC-B on the same server: {figures['tpc_b_tps']} tps; divide the rush's "
          "registrations/s by the first figure for rush ÷ db_limit")
    path = save("db-limit", figures)
    print(f"written to {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
