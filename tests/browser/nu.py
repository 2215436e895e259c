"""The W3C Nu HTML Checker (vnu.jar from the npm package vnu-jar, run with Java) over the HTML the
server sent for the pages a crawl reached: all of them in one run of the checker.

`scripts/ensure-vnu` installs the checker (and Java) and prints the jar's path; `VNU_JAR` names
another jar. Without it the test fails, it never skips.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@cache
def vnu_jar() -> str:
    if os.environ.get("VNU_JAR"):
        return os.environ["VNU_JAR"]
    found = subprocess.run([str(ROOT / "scripts" / "ensure-vnu")], capture_output=True, text=True)
    assert found.returncode == 0, f"the HTML checker could not be installed: {found.stderr}"
    return found.stdout.strip().splitlines()[-1]


def html_errors(sources: dict[str, str]) -> dict[str, list[str]]:
    """{url: ["line N: message", ...]} for every page with an error (warnings are not counted)."""
    if not sources:
        return {}
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (url, html) in enumerate(sources.items()):
            path = Path(folder) / f"page-{number:04d}.html"
            path.write_text(html, encoding="utf-8")
            files[path.resolve().as_uri()] = url
        result = subprocess.run(["java", "-jar", vnu_jar(), "--format", "json", "--errors-only",
                                 "--exit-zero-always", *[str(Path(folder) / name) for name in sorted(
                                     os.listdir(folder))]],
                                capture_output=True, text=True, timeout=600)
        report = json.loads(result.stderr or "{}")
    errors: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = files.get(_as_uri(message.get("url", "")), message.get("url", "?"))
        errors.setdefault(url, []).append(f"line {message.get('lastLine', '?')}: {message.get('message')}"
                                          f" [{message.get('extract', '').strip()[:120]}]")
    return errors


def _as_uri(value: str) -> str:
    """vnu names files file:/x or file:///x."""
    if value.startswith("file:") and not value.startswith("file:///"):
        return "file:///" + value[len("file:"):].lstrip("/")
    return value


def describe(errors: dict[str, list[str]]) -> str:
    return "\n".join(f"{url}\n" + "\n".join(f"  {line}" for line in lines[:10])
                     for url, lines in errors.items())
