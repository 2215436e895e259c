"""Badges read back with pypdf: badges per page, every name, long names inside, QR codes decoding."""
from __future__ import annotations

import io
import random
import re
import subprocess

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from cii_events.extensions import db
from cii_events.services import attendee_changes, badges, pdf_fonts

from .conftest import sign_up, workshop

NAMES = [("Anne-Françoise", "Müller-Bräuniger von Wattenwyl"), ("Łukasz", "Ćwikła"), ("Şebnem", "Đorđević"),
         ("Ödön", "Kőrösi"), ("Jo", "Li"), ("Ægir", "Þórsson"), ("François", "Ça Va"), ("Zoë", "Çelik")]


def make_badges(count: int) -> list[badges.Badge]:
    return [badges.Badge(first_name=NAMES[i % len(NAMES)][0], last_name=f"{NAMES[i % len(NAMES)][1]} {i}",
                         organisation="Office cantonal de l'assurance-invalidité du canton de Vaud",
                         canton="Vaud", checkin_code=f"code-{i:04d}-abcdefgh", workshops=("A1", "B2"))
            for i in range(count)]


def page_texts(data: bytes) -> list[str]:
    texts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        text = re.sub(r"-\s+", "-", page.extract_text())  # a name wrapped after its hyphen
        texts.append(re.sub(r"\s+", " ", text))
    return texts


@pytest.mark.parametrize("layout, per_page", [("a6", 1), ("a4-4xa6", 4), ("a4-8xa7", 8), ("durable-1445", 10),
                                              ("herma-4412", 10)])
def test_each_layout_puts_its_number_of_badges_on_a_page_with_every_name(layout, per_page):
    chosen = make_badges(per_page + max(1, per_page // 2))  # one full page and a part of the next
    data = badges.render(chosen, layout, title="Journées nationales CII")
    assert data.startswith(b"%PDF")
    texts = page_texts(data)
    assert len(texts) == 2
    for number, text in enumerate(texts):
        on_page = chosen[number * per_page:(number + 1) * per_page]
        assert [badge.name for badge in on_page if badge.name in text] == [badge.name for badge in on_page]
        assert text.count("Journées nationales CII") == len(on_page)
    assert "Vaud" in texts[0] and "A1 · B2" in texts[0]
    reader = PdfReader(io.BytesIO(data))
    width, height = badges.LAYOUTS[layout].page
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == \
        (round(width), round(height))


def test_the_font_comes_from_the_repository_and_is_embedded():
    data = badges.render(make_badges(1), "a6")
    embedded = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font or "/FontDescriptor" in font:
                descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                              else font)["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor:
                    embedded.add(str(font["/BaseFont"]).split("+")[-1])
    # (The QR drawing names Helvetica in its resources but draws no text with it.)
    assert embedded == {"DejaVuSans", "DejaVuSans-Bold"}
    assert (pdf_fonts.FONT_DIR / "DejaVuSans.ttf").exists()
    assert (pdf_fonts.FONT_DIR / "LICENSE-DejaVu.txt").exists()


@pytest.mark.parametrize("layout", list(badges.LAYOUTS))
def test_long_names_shrink_and_wrap_inside_the_badge(layout):
    regular, bold = pdf_fonts.register()
    width, height = badges.LAYOUTS[layout].badge
    inner = width - 2 * max(4 * badges.mm, min(width, height) * 0.06)
    for name in ("Anne-Françoise Müller-Bräuniger von Wattenwyl",
                 "Maximiliane-Konstantina Oberholzer-Schwarzenbach-Hinterberger-Wüthrich",
                 "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessen"):
        fitted = badges.fit(name, bold, inner, height * 0.4, largest=40, smallest=8, max_lines=3)
        assert all(pdf_fonts.width(line, bold, fitted.size) <= inner for line in fitted.lines), (name, fitted)
        assert len(fitted.lines) * fitted.leading <= height * 0.4
    short = badges.fit("Jo Li", bold, inner, height * 0.4, largest=40, smallest=8)
    assert short.size == 40 and short.lines == ("Jo Li",)


# Maximum-length names (100 + 100 characters) without spaces, in wide and narrow glyphs.
HOSTILE_NAMES = ["Ш" * 100 + " " + "Ш" * 100, "W" * 201, "\ufdfd" * 100, "i" * 201, "Щ-" * 100,
                 "Ж" * 60 + " " + "W" * 60 + " " + "Ш" * 60]


def _reference_fit(text, font, max_width, max_height, *, largest, smallest, max_lines=3, leading=1.15):
    """The size the former step-by-step search chose: every 0.5 from the largest down."""
    size = largest
    while True:
        lines = badges.wrap(text, font, size, max_width)
        if (len(lines) <= max_lines and len(lines) * size * leading <= max_height) or size <= smallest:
            return size
        size = max(smallest, size - 0.5)


@pytest.mark.parametrize("layout", ["a6", "a4-8xa7", "herma-4412"])
def test_fitting_a_hostile_name_costs_a_bounded_number_of_measurements(layout, monkeypatch):
    """The probe's 60 A6 badges with such names took 13.8 s (0.5 s a badge, 100,000 measurements
    of text width for one name); a binary search and a cap on characters bound the work."""
    regular, bold = pdf_fonts.register()
    width, height = badges.LAYOUTS[layout].badge
    inner = width - 2 * max(4 * badges.mm, min(width, height) * 0.06)
    measured = []
    real_width = pdf_fonts.width
    monkeypatch.setattr(pdf_fonts, "width",
                        lambda text, *args: measured.append(len(text)) or real_width(text, *args))
    for name in HOSTILE_NAMES:
        measured.clear()
        fitted = badges.fit(name, bold, inner, height * 0.4, largest=height * 0.13, smallest=height * 0.05)
        assert len(measured) <= 2500 and sum(measured) <= 60_000, (name[:5], len(measured), sum(measured))
        shown = "".join(fitted.lines).replace(" ", "")
        assert len(fitted.lines) <= 3
        assert shown == name.replace(" ", "") or shown.endswith("…"), fitted  # all of it, or cut visibly
        assert all(real_width(line, bold, fitted.size) <= inner for line in fitted.lines), fitted


def test_the_fitted_size_is_the_largest_that_fits():
    regular, bold = pdf_fonts.register()
    width, height = badges.LAYOUTS["a6"].badge
    for first, last in NAMES + [("Maximiliane-Konstantina", "Oberholzer-Schwarzenbach-Hinterberger"),
                                ("Wolfeschlegelsteinhausenbergerdorffwelchevoralternwaren", "Schafer")]:
        for box in (width * 0.3, width * 0.6, width * 0.9):
            options = dict(largest=40, smallest=8, max_lines=3)
            fitted = badges.fit(f"{first} {last}", bold, box, height * 0.3, **options)
            assert fitted.size == _reference_fit(f"{first} {last}", bold, box, height * 0.3, **options)


def test_sixty_badges_with_hostile_names_render_quickly_enough_for_a_request():
    people = [badges.Badge(HOSTILE_NAMES[i % 2][:100], HOSTILE_NAMES[i % 2][100:], "O" * 200, "Bern",
                           f"c{i}") for i in range(60)]
    data = badges.render(people, "a6")
    assert len(PdfReader(io.BytesIO(data)).pages) == 60


def test_a_long_name_is_wrapped_not_cut_on_an_a7_badge():
    chosen = [badges.Badge("Anne-Françoise", "Müller-Bräuniger von Wattenwyl", "IV-Stelle", "Bern", "abc")]
    text = page_texts(badges.render(chosen, "a4-8xa7"))[0]
    assert "Anne-Françoise Müller-Bräuniger von Wattenwyl" in text
    assert "…" not in text


def label_rectangles(layout: badges.Layout) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every badge on a page, in mm from the lower left corner."""
    width, height = layout.badge
    rectangles = []
    for index in range(layout.per_page):
        left, bottom = layout.origin(index)
        rectangles.append(tuple(round(value / badges.mm, 3)
                                for value in (left, bottom, left + width, bottom + height)))
    return rectangles


@pytest.mark.parametrize("layout", list(badges.LAYOUTS))
def test_every_badge_lies_on_the_page_and_none_overlaps(layout):
    chosen = badges.LAYOUTS[layout]
    page_width, page_height = (round(side / badges.mm, 3) for side in chosen.page)
    rectangles = label_rectangles(chosen)
    assert len(set(rectangles)) == chosen.per_page
    for left, bottom, right, top in rectangles:
        assert 0 <= left < right <= page_width and 0 <= bottom < top <= page_height
    for number, (left, bottom, right, top) in enumerate(rectangles):
        for other_left, other_bottom, other_right, other_top in rectangles[number + 1:]:
            apart = (right <= other_left or other_right <= left or top <= other_bottom or other_top <= bottom)
            assert apart, (layout, number)


@pytest.mark.parametrize("layout, size", [("durable-1445", (90, 54)), ("herma-4412", (80, 50))])
def test_label_sheets_have_ten_labels_of_their_size_on_a4(layout, size):
    chosen = badges.LAYOUTS[layout]
    assert chosen.per_page == 10 and chosen.page == badges.A4
    assert {(round(right - left, 3), round(top - bottom, 3))
            for left, bottom, right, top in label_rectangles(chosen)} == {size}


@pytest.mark.parametrize("layout, first_columns, first_rows", [
    # (left, right) of the two columns and (top, bottom) of the first two rows, in mm from the
    # page's left and top edges
    ("durable-1445", [(15, 105), (105, 195)], [(12, 66), (66, 120)]),
    ("herma-4412", [(17.5, 97.5), (112.5, 192.5)], [(13.5, 63.5), (68.5, 118.5)]),
])
def test_label_sheet_geometry(layout, first_columns, first_rows):
    chosen = badges.LAYOUTS[layout]
    page_height = round(chosen.page[1] / badges.mm, 3)
    rectangles = label_rectangles(chosen)
    assert [(left, right) for left, _, right, _ in rectangles[:2]] == first_columns
    from_top = [(round(page_height - top, 3), round(page_height - bottom, 3))
                for _, bottom, _, top in rectangles[::2][:2]]
    assert from_top == first_rows
    # The last row ends at the sheet's bottom margin: 15 mm (DURABLE), 13.5 mm (HERMA).
    lowest = min(bottom for _, bottom, _, _ in rectangles)
    assert lowest == {"durable-1445": 15, "herma-4412": 13.5}[layout]


def qr_image(rows: list[bytes], scale: int = 8) -> Image.Image:
    """The rows as a picture, `scale` pixels a module, inside a quiet zone of four modules."""
    side = (len(rows) + 8) * scale
    pixels = bytearray(b"\xff" * side * side)
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value == 0:
                for dy in range(scale):
                    start = ((4 + number) * scale + dy) * side + (4 + column) * scale
                    pixels[start:start + scale] = b"\x00" * scale
    return Image.frombytes("L", (side, side), bytes(pixels))


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"  # token_urlsafe's


@pytest.mark.parametrize("code", ["Qx7Vb2nKp9-_aZ0r", "ABCD1234EFGH5678", "0123456789012345"]
                         + ["".join(random.Random(seed).choices(ALPHABET, k=16)) for seed in range(12)])
def test_a_check_in_code_makes_a_small_qr_code_with_medium_error_correction(code):
    rows = badges.qr_rows(code)
    # Version 2, or 1 where digits and capitals pack tighter: big modules on a badge.
    assert len(rows) in (21, 25) and {len(row) for row in rows} == {len(rows)}
    assert set(b"".join(rows)) == {0, 255}
    [read] = zxingcpp.read_barcodes(qr_image(rows))
    assert read.text == code and read.ec_level == "M"


@pytest.mark.parametrize("layout", ["herma-4412", "a4-8xa7"])
def test_the_qr_codes_decode_to_the_check_in_codes(tmp_path, layout, pdftoppm):
    chosen = make_badges(badges.LAYOUTS[layout].per_page)
    (tmp_path / "badges.pdf").write_bytes(badges.render(chosen, layout))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(tmp_path / "badges.pdf"),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    decoded = sorted(result.text for result in zxingcpp.read_barcodes(image))
    assert decoded == sorted(badge.checkin_code for badge in chosen)


# ---------------------------------------------------------------------------------------------
# Choosing the badges from the database


@pytest.fixture
def people(app, make_event):
    event = make_event(capacities=(1, 10))
    people = {
        "aebi": sign_up(event, 1, "A1", first_name="Ärni", last_name="Aebi", canton="BE", language="de"),
        "zurcher": sign_up(event, 2, "A2", first_name="Zoë", last_name="Zürcher", canton="ZH", language="fr"),
        "bianchi": sign_up(event, 3, "A2", "D", first_name="Bice", last_name="Bianchi", canton="TI",
                           language="it"),
        # A1 has one seat: Wanda waits for it, and still gets a badge for the day.
        "waiting": sign_up(event, 4, "A1", first_name="Wanda", last_name="Warten", canton="BE"),
        "gone": sign_up(event, 5, "A2", first_name="Gina", last_name="Gone", canton="BE"),
    }
    attendee_changes.cancel(people["gone"], actor=None, reason="")
    db.session.commit()
    return event, people


def test_all_confirmed_sorted_by_last_name_without_the_cancelled(people):
    event, who = people
    chosen = badges.registrations_for(event)
    assert [person.last_name for person in chosen] == ["Aebi", "Bianchi", "Warten", "Zürcher"]


def test_by_canton_in_the_order_of_the_constitution(people):
    event, who = people
    chosen = badges.registrations_for(event, sort="canton")
    assert [person.canton for person in chosen] == ["ZH", "BE", "BE", "TI"]


def test_one_canton_one_workshop_one_person(people):
    event, who = people
    assert [p.last_name for p in badges.registrations_for(event, canton="BE")] == ["Aebi", "Warten"]
    a1 = workshop(event, "A1")
    assert [p.last_name for p in badges.registrations_for(event, workshop_id=a1.id)] == ["Aebi"]
    assert badges.registrations_for(event, registration_id=who["zurcher"].id) == [who["zurcher"]]


def test_a_badge_holds_the_check_in_code_and_the_canton_in_the_wanted_language(people):
    event, who = people
    badge = badges.badge_of(who["bianchi"])
    assert badge.checkin_code == who["bianchi"].checkin_code
    assert badge.canton == "Ticino" and badge.workshops == ("A2",)  # the dinner is no workshop
    assert badges.badge_of(who["zurcher"]).canton == "Zurich"
    assert badges.badge_of(who["zurcher"], lang="de").canton == "Zürich"
    assert badges.badge_of(who["aebi"], with_workshops=False).workshops == ()
