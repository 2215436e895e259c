"""Switzerland as 26 canton tiles, laid out roughly where each canton lies, for the dashboard map."""
from __future__ import annotations

from dataclasses import dataclass

from .. import cantons

# (column, row) of each canton: west to east, north to south.
TILES = {
    "BS": (2, 0), "SH": (4, 0), "TG": (5, 0),
    "JU": (1, 1), "BL": (2, 1), "AG": (3, 1), "ZH": (4, 1), "SG": (5, 1), "AR": (6, 1),
    "NE": (1, 2), "SO": (2, 2), "LU": (3, 2), "ZG": (4, 2), "SZ": (5, 2), "AI": (6, 2),
    "VD": (0, 3), "FR": (1, 3), "BE": (2, 3), "OW": (3, 3), "NW": (4, 3), "GL": (5, 3),
    "GE": (0, 4), "VS": (2, 4), "UR": (4, 4), "GR": (5, 4),
    "TI": (4, 5),
}
TILE = 54  # size of a tile in SVG units
GAP = 4
SHADES = 5  # number of shades, from the lightest (few) to the darkest (many)


@dataclass
class Tile:
    code: str
    name: str
    count: int
    shade: int  # 0: nobody, 1..SHADES: more and more people
    x: int
    y: int
    places: int | None = None  # the canton's confirmed places, when the event limits them
    confirmed: int = 0

    @property
    def dark(self) -> bool:
        return self.shade >= 3


def tiles(counts: dict[str, int], lang: str | None = None, quotas: dict | None = None) -> list[Tile]:
    """`quotas`: {canton: figures with .places and .confirmed} of an event that limits places."""
    largest = max((counts.get(code, 0) for code in TILES), default=0)
    result = []
    for code, (column, row) in TILES.items():
        count = counts.get(code, 0)
        figures = (quotas or {}).get(code)
        result.append(Tile(code, cantons.region_name(code, lang), count, shade(count, largest),
                           column * (TILE + GAP), row * (TILE + GAP),
                           places=figures.places if figures else None,
                           confirmed=figures.confirmed if figures else 0))
    return result


def shade(count: int, largest: int) -> int:
    if count <= 0 or largest <= 0:
        return 0
    return max(1, -(-count * SHADES // largest))  # ceiling: the largest canton gets the darkest shade


def size() -> tuple[int, int]:
    columns = max(column for column, _row in TILES.values()) + 1
    rows = max(row for _column, row in TILES.values()) + 1
    return columns * (TILE + GAP) - GAP, rows * (TILE + GAP) - GAP
