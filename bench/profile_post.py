"""CPU of one registration post, in-process: where the app's time goes, without HTTP or a load generator.

    .venv/bin/python bench/profile_post.py [--db postgresql|sqlite] [--posts 300] [--profile]

Creates the rush event on a fresh database, loads the form once per simulated browser through
Flask's test client (session cookie and CSRF token included) and posts it `--posts` times. Prints
the CPU milliseconds per post (this process: the app and its database driver; PostgreSQL's own
work is not in it) and, with `--profile`, pyinstrument's call tree of the posts (`pip install
pyinstrument`; it is not a dependency of the app).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import app_env, fresh_database, save, table  # noqa: E402
from bench.scenario import create_event  # noqa: E402
from cii_events import create_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    url = fresh_database(args.db, "cii_profile_post")
    choices = create_event(url, capacity=10)
    env = app_env(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": env["SECRET_KEY"], "RATELIMIT_ENABLED": False,
                      "MAIL_SEND_AFTER_COMMIT": False})
    popular = random.Random(7)
    browsers = []
    for _ in range(args.posts):
        client = app.test_client()
        page = client.get("/fr/events/rush/register").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        browsers.append((client, token))

    def post(number: int) -> int:
        client, token = browsers[number]
        data = {"csrf_token": token, "nonce": uuid.uuid4().hex, "first_name": f"Person{number}",
                "last_name": "Profile", "email": f"profile{number}@example.ch", "organisation": "ORP",
                "institution_type": "unemployment", "canton": "VD", "language": "fr", "privacy_consent": "y"}
        for field, ids in choices.items():
            data[field] = str(ids[0] if popular.random() < 0.4 else popular.choice(ids))
        return client.post("/fr/events/rush/register", data=data).status_code

    post(0)  # warm up: the programme cache, the form class, the statement caches
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    cpu, wall = time.process_time(), time.perf_counter()
    statuses = [post(number) for number in range(1, args.posts)]
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    posts = args.posts - 1
    assert statuses == [303] * posts, sorted(set(statuses))
    result = {"db": args.db, "posts": posts, "cpu_ms_per_post": round(1000 * cpu / posts, 2),
              "wall_ms_per_post": round(1000 * wall / posts, 2)}
    print(table([result], list(result)))
    save(f"profile_post_{args.db}", result)


if __name__ == "__main__":
    main()
