"""The database's own ceiling for the work of one registration, with pgbench.

    .venv/bin/python bench/db_limit.py [--clients 20] [--seconds 20]

Replays, in a pgbench script, the statements the application issues for one registration on
PostgreSQL (the share lock on the event, the locks on two workshops, the address check, the seat
counters, the registration, two bookings, the queued mail, commit) against the same schema and
a rush event, from as many connections as the rush uses. Its transactions per second are the most
the rush could reach on this machine if the application took no time at all.
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
SELECT id, capacity, confirmed_count FROM event WHERE id = {event} FOR SHARE;
SELECT id, capacity, confirmed_count, waitlist_counter FROM workshop WHERE id IN (:a, :b) ORDER BY id FOR UPDATE;
SELECT id FROM registration WHERE event_id = {event} AND email_normalized = 'p' || :n || '@example.ch'
  AND status <> 'cancelled';
UPDATE workshop SET waitlist_counter = waitlist_counter + 1 WHERE id = :a;
UPDATE workshop SET waitlist_counter = waitlist_counter + 1 WHERE id = :b;
INSERT INTO registration (event_id, status, salutation, first_name, last_name, email, email_normalized, phone,
  organisation, function, institution_type, canton, language, dietary, accessibility_needs, remarks,
  privacy_version_accepted, privacy_accepted_at, list_consent, photo_consent, reference, manage_token_salt,
  manage_token_hash, checkin_code, submission_key, waitlist_ticket, created_at, updated_at)
  VALUES ({event}, 'confirmed', '', 'Person', 'Rush', 'p' || :n || '@example.ch', 'p' || :n || '@example.ch', '',
  'ORP', '', 'unemployment', 'VD', 'fr', '', '', '', '1', now(), false, false, substr(md5(random()::text), 1, 8),
  md5(random()::text), md5(random()::text) || md5(random()::text), md5(random()::text),
  md5(random()::text) || md5(random()::text), NULL, now(), now()) RETURNING id \\gset reg_
INSERT INTO booking (registration_id, workshop_id, status, waitlist_ticket, preference_rank, created_at, updated_at)
  VALUES (:reg_id, :a, 'waitlisted', 1, NULL, now(), now()), (:reg_id, :b, 'waitlisted', 1, NULL, now(), now());
SELECT count(*) FROM booking JOIN registration ON registration.id = booking.registration_id
  WHERE booking.workshop_id = :a AND booking.status = 'waitlisted' AND registration.status = 'confirmed'
  AND booking.waitlist_ticket < 1;
INSERT INTO outgoing_mail (kind, registration_id, event_id, recipient, sender, reply_to, language, context,
  subject, body_text, body_html, attachments, message_id, status, attempts, next_attempt_at, last_error, created_at)
  VALUES ('confirmed', :reg_id, {event}, 'p' || :n || '@example.ch', 'CII <no-reply@example.ch>', '', 'fr',
  '{{"bookings": []}}', '', '', '', '[]', '<' || md5(random()::text) || '@example.ch>', 'queued', 0, now(), '',
  now());
COMMIT;
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="connections (the rush: workers × threads)")
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    url = fresh_database("postgresql", "cii_bench_db_limit")
    choices = create_event(url, slug="rush")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        event_id = connection.execute(sa.text("SELECT id FROM event")).scalar()
    engine.dispose()
    (a_ids, b_ids) = list(choices.values())[:2]
    script = SCRIPT.format(event=event_id, a_first=min(a_ids), a_last=max(a_ids), b_first=min(b_ids),
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
               "latency_average_ms": float(latency.group(1)) if latency else None}
    print(f"database ceiling for one registration's statements: {figures['registrations_per_second']} per "
          f"second ({args.clients} connections, {args.seconds} s, latency {figures['latency_average_ms']} ms)")
    path = save("db-limit", figures)
    print(f"written to {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
