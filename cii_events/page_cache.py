"""A short-lived cache of rendered public pages, per process.

The event list and the event pages are what everybody opens at once when the invitation goes
out. Each process renders such a page at most once per PAGE_CACHE_SECONDS; seat counts shown are
at most that old, while the registration itself always decides on the live rows. Nothing here is
needed by another instance: a miss just renders the page.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from threading import Lock

from flask import current_app, session

_pages: OrderedDict = OrderedDict()
_lock = Lock()
MAX_PAGES = 512


def cached(key: tuple, render):
    """The page for `key`, rendered by `render()` when missing or stale."""
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if seconds <= 0 or session.get("_flashes"):  # a page with a message for this visitor is theirs
        return render()
    now = time.monotonic()
    with _lock:
        hit = _pages.get(key)
        if hit is not None and hit[0] > now:
            _pages.move_to_end(key)
            return hit[1]
    page = render()
    with _lock:
        _pages[key] = (now + seconds, page)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return page


def clear() -> None:
    with _lock:
        _pages.clear()
