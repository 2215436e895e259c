"""axe-core in the page under test, and a crawler that finds every page of a kind once.

axe-core comes with the test dependencies (the `axe-playwright-python` package ships `axe.min.js`);
it is evaluated through the DevTools protocol, so no page loads it from anywhere, and the app's
Content-Security-Policy stays as strict as in production.
"""
from __future__ import annotations

import re
from collections import deque
from functools import cache
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Downloads and actions are not pages.
NOT_PAGES = re.compile(r"\.(pdf|xlsx|csv|json|ics|png|svg)$|/export$|/counts$|^/static/")


@cache
def axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """The WCAG 2.1 A and AA violations axe finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA)
    return result["violations"]


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def page_kind(url: str) -> str:
    """One name per kind of page: numbers, secrets and query values left out."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    path = re.sub(r"/registration/[^/]+", "/registration/TOKEN", path)
    path = re.sub(r"^/(de|fr|it|en)/", "/LANG/", path)
    path = re.sub(r"/events/(?!(?:N|new)(?:/|$))[^/]+", "/events/SLUG", path)
    keys = sorted({key for key, _ in parse_qsl(parts.query) if key != "lang"})
    return path + ("?" + "&".join(keys) if keys else "")


def crawl(page, start: list[str], *, prefix: str, limit: int = 120, sources: dict | None = None):
    """Visits every start URL (absolute: variants of a kind are listed there on purpose), then every
    same-site link under prefix, one page per kind.

    Yields each page's URL; the caller inspects the page between two steps of the iteration.
    `sources` collects the HTML the server sent for each page (for the HTML checker).
    """
    origin = urlsplit(start[0])
    queue = deque(start)
    seen: set[str] = set()
    visits = 0
    while queue and visits < limit:
        url = queue.popleft()
        kind = page_kind(url)
        if kind in seen and visits >= len(start):
            continue
        seen.add(kind)
        visits += 1
        response = page.goto(url)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if sources is not None:
            sources[url] = response.text()
        yield url
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
            parts = urlsplit(href)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                continue
            if not parts.path.startswith(prefix) or NOT_PAGES.search(parts.path):
                continue
            query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key != "lang"])
            link = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
            if page_kind(link) not in seen:
                queue.append(link)
