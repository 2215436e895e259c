"""Time and peak memory to render 1,000 badges, for each layout.

    .venv/bin/python bench/badges.py [--count 1000] [--layout a4-8xa7 ...] [--all]

The rendering is the pure function services.badges.render (rows in, PDF bytes out): no database,
no server. Names are long and full of accents, every badge has its own QR code. Each layout is
rendered twice: once timed, once under tracemalloc for the Python heap's peak (tracing slows it
down, so it is not timed); the process's peak resident size is printed at the end.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import save, table  # noqa: E402
from cii_events.services import badges, pdf_fonts  # noqa: E402

FIRST = ["Anne-Françoise", "Łukasz", "Şebnem", "Ödön", "Zoë", "Maximiliane-Konstantina", "Đorđe", "Jo"]
LAST = ["Müller-Bräuniger von Wattenwyl", "Ćwikła", "Yılmaz", "Kőrösi", "Zürcher", "Oberholzer", "Đurić",
        "Li"]
ORGANISATIONS = ["Office cantonal de l'assurance-invalidité du canton de Vaud", "RAV Bern-Mittelland",
                 "Sozialamt der Stadt Zürich", "Ufficio dell'orientamento scolastico e professionale"]
CANTONS = ["Vaud", "Bern", "Zürich", "Ticino", "Graubünden", "Neuchâtel"]


def rows(count: int, hostile: bool = False) -> list[badges.Badge]:
    if hostile:  # the probe's names: maximum length, no spaces, wide glyphs
        return [badges.Badge(first_name="Ш" * 100, last_name="W" * 100, organisation="Ж" * 200, canton="Bern",
                             checkin_code=f"{i:06d}-Qx7Vb2nKp9") for i in range(count)]
    return [badges.Badge(first_name=FIRST[i % len(FIRST)], last_name=LAST[(i // 3) % len(LAST)],
                         organisation=ORGANISATIONS[i % len(ORGANISATIONS)],
                         canton=CANTONS[i % len(CANTONS)],
                         checkin_code=f"{i:06d}-Qx7Vb2nKp9", workshops=(f"A{i % 6 + 1}", f"B{i % 5 + 1}"))
            for i in range(count)]


TITLE = "Journées nationales CII 2026 – Nationale IIZ-Tagung"


def measure(layout: str, chosen: list[badges.Badge]) -> dict:
    started = time.perf_counter()
    data = badges.render(chosen, layout, title=TITLE)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    badges.render(chosen, layout, title=TITLE)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_page = badges.LAYOUTS[layout].per_page
    return {"layout": layout, "badges": len(chosen), "pages": -(-len(chosen) // per_page),
            "seconds": round(seconds, 2), "ms_per_badge": round(seconds * 1000 / len(chosen), 2),
            "peak_heap_mib": round(peak / 2**20, 1), "pdf_mib": round(len(data) / 2**20, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--layout", action="append", choices=list(badges.LAYOUTS),
                        help="a layout to measure (default a4-8xa7); repeat for several")
    parser.add_argument("--all", action="store_true", help="measure every layout")
    parser.add_argument("--hostile", action="store_true",
                        help="maximum-length names without spaces in wide glyphs (was 0.5 s a badge)")
    args = parser.parse_args()
    pdf_fonts.register()  # once per process, as in the server: not part of a render
    chosen = rows(args.count, hostile=args.hostile)
    layouts = list(badges.LAYOUTS) if args.all else (args.layout or ["a4-8xa7"])
    results = [measure(layout, chosen) for layout in layouts]
    max_rss_mib = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    columns = ["layout", "badges", "pages", "seconds", "ms_per_badge", "peak_heap_mib", "pdf_mib"]
    print(table(results, columns))
    print(f"process peak resident size: {max_rss_mib} MiB")
    path = save("badges", {"count": args.count, "results": results, "max_rss_mib": max_rss_mib})
    print(f"saved to {path.relative_to(Path(__file__).resolve().parent.parent)}")


if __name__ == "__main__":
    main()
