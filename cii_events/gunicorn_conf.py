"""gunicorn settings for production, shipped with the package:
`gunicorn -c python:cii_events.gunicorn_conf 'cii_events:create_app()'`.

Each value can be overridden by an environment variable of the same name in upper case prefixed
with GUNICORN_, e.g. GUNICORN_WORKERS=8.
"""
import multiprocessing
import os


def _setting(name, default, kind=str):
    value = os.environ.get(f"GUNICORN_{name.upper()}")
    return kind(value) if value else default


bind = _setting("bind", "127.0.0.1:8000")
# Processes do the work (the GIL), threads cover the waits on the database and the network.
workers = _setting("workers", multiprocessing.cpu_count() * 2 + 1, int)
worker_class = "gthread"
threads = _setting("threads", 4, int)
# A worker takes no more connections than it can serve at once, so that a burst of clients
# spreads over all workers instead of queueing on the first one that accepted them.
worker_connections = _setting("worker_connections", threads * 2, int)
keepalive = 2
timeout = _setting("timeout", 30, int)
graceful_timeout = 30
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = 20000
max_requests_jitter = 2000
# No access log of its own: the app logs each request with personal-link tokens masked.
accesslog = _setting("accesslog", None)
errorlog = "-"
forwarded_allow_ips = _setting("forwarded_allow_ips", "127.0.0.1")
