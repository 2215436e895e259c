"""The event dashboard: totals, workshops, groups, days and the canton map, within the viewer's scope."""
from __future__ import annotations

import re

from cii_events.admin import swissmap
from cii_events.services import registration as registrations
from cii_events.services.access import Scope
from cii_events.services.stats import dashboard

from ..conftest import sign_up


def test_figures_for_an_organizer(world, as_user):
    registrations.cancel(world.ti[0])
    from cii_events.extensions import db
    db.session.commit()
    board = dashboard(world.event, Scope.of(world.organizer))
    assert (board.confirmed, board.waiting, board.cancelled) == (4, 0, 1)
    figures = {f.workshop.code: (f.confirmed, f.waiting, f.fill_percent) for f in board.workshops.values()}
    assert figures == {"A1": (2, 1, 100), "A2": (1, 0, 10), "D": (0, 0, 0)}
    assert [(g.key, g.total) for g in board.languages] == [("de", 2), ("en", 1), ("fr", 1)]
    assert {code: g.total for code, g in board.cantons.items()} == {"BE": 2, "ZH": 2}
    assert sum(count for _day, count in board.per_day) == 5  # the cancelled one arrived too


def test_figures_for_a_coordinator_count_their_canton_only(world):
    board = dashboard(world.event, Scope.of(world.coordinator_zh))
    assert (board.confirmed, board.waiting, board.cancelled) == (2, 0, 0)
    figures = {f.workshop.code: (f.confirmed, f.waiting) for f in board.workshops.values()}
    assert figures == {"A1": (1, 1), "A2": (0, 0), "D": (0, 0)}
    assert set(board.cantons) == {"ZH"}
    assert [(g.key, g.total) for g in board.institution_types] == [("disability", 2)]


def test_the_page_with_map_bars_and_tables(world, as_user):
    sign_up(world.event, 20, "A2", canton="GE", institution_type="migration", language="fr")
    client = as_user(world.organizer)
    page = client.get(f"/admin/events/{world.event.id}/?lang=fr").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    tile = r'<g class="tile shade-(\d)" transform="translate\((\d+) (\d+)\)">\s*<title>([^<]+)</title>'
    tiles = re.findall(tile, page)
    assert len(tiles) == 26
    shades = {title.split(":")[0]: int(shade) for shade, _x, _y, title in tiles}
    assert shades["Berne"] == shades["Zurich"] == 5 and shades["Genève"] == 3 and shades["Uri"] == 0
    assert "<title>Tessin: 1</title>" in page
    # The same numbers as an accessible table, with every canton and the non-cantonal choices in use.
    table = page[page.index('class="canton-table"'):]
    table = table[:table.index("</table>")]
    assert table.count('<tr>') == 27  # header + 26 cantons (nobody from CH or abroad)
    assert '/registrations/?canton=GE">Genève</a>' in table
    assert 'aria-label="2 places occupées sur 2"' in page  # A1 fill bar
    assert "Migration et intégration" in page and "Assurance-invalidité (AI)" in page
    assert "Inscriptions par jour" in page


def test_tile_layout_has_every_canton_once():
    assert sorted(swissmap.TILES) == sorted(__import__("cii_events.cantons", fromlist=["CANTONS"]).CANTONS)
    assert len(set(swissmap.TILES.values())) == 26
    assert swissmap.shade(0, 10) == 0 and swissmap.shade(1, 10) == 1 and swissmap.shade(10, 10) == 5
    assert swissmap.shade(3, 0) == 0
