"""Exports read back with the csv module and openpyxl: exact rows, headers, accents, no formulas."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pytest

from cii_events.services import exports

from ..conftest import assert_refused, sign_up, workshop
from .conftest import audit_entry


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return workbook.worksheets[0]


def export(client, event, **query):
    response = client.get(f"/admin/events/{event.id}/registrations/export", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Cache-Control"] == "no-store"
    return response


class TestCsv:
    def test_the_current_filter_with_headers_in_the_organizers_language(self, world, as_user):
        client = as_user(world.organizer)
        client.get("/admin/events/?lang=fr")
        response = export(client, world.event, format="csv", canton="BE")
        assert response.mimetype == "text/csv"
        assert 'filename="national-days-BE.csv"' in response.headers["Content-Disposition"]
        rows = read_csv(response.get_data())
        header = rows[0]
        assert header[:6] == ["Référence", "Statut", "Formule d'appel", "Prénom", "Nom", "E-mail"]
        assert "Workshops [fr]" in header and "Régime alimentaire" in header
        names = [(row[3], row[4]) for row in rows[1:]]
        assert names == [("Béatrice", "Aebi"), ("Bruno", "Bärtschi")]
        aebi = dict(zip(header, rows[1]))
        assert aebi["Canton"] == "Berne" and aebi["Langue de correspondance"] == "Deutsch"
        assert aebi["Type d'institution"] == "Assurance-invalidité (AI)"
        assert aebi["Workshops [fr]"] == "A1 Workshop A1 [fr]"
        assert aebi["Statut"] == "Confirmée"
        assert aebi["Référence"] == f"{world.be[0].reference[:4]}-{world.be[0].reference[4:]}"
        assert aebi["Dans la liste des participantes et participants"] == "non"
        assert aebi["Date d'inscription"].count(".") == 2  # 28.11.2026 14:30

    def test_formulas_are_neutralised(self, world, as_user):
        client = as_user(world.organizer)
        rows = read_csv(export(client, world.event, format="csv", q="Bärtschi").get_data())
        assert len(rows) == 2
        assert '\'=HYPERLINK("http://evil")' in rows[1]
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

    def test_waiting_list_marked_in_the_workshop_column(self, world, as_user):
        client = as_user(world.organizer)
        rows = read_csv(export(client, world.event, format="csv", lang="en", q="Zollinger").get_data())
        row = dict(zip(rows[0], rows[1]))
        assert row["Workshops [en]"] == "A1 Workshop A1 [en] (Waiting list)"
        assert row["Status"] == "Confirmed"

    def test_coordinators_get_their_canton_without_health_data(self, world, as_user):
        client = as_user(world.coordinator_zh)
        rows = read_csv(export(client, world.event, format="csv").get_data())
        assert [row[4] for row in rows[1:]] == ["Zollinger", "Zürcher"]
        assert "Régime alimentaire" not in rows[0] and "Remarques" not in rows[0]  # French: her language
        assert "Prénom" in rows[0]


class TestXlsx:
    def test_typed_cells_frozen_header_and_filters(self, world, as_user):
        client = as_user(world.organizer)
        response = export(client, world.event, format="xlsx", lang="de", status="all")
        assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        sheet = read_xlsx(response.get_data())
        assert sheet.title == "Teilnehmende"
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}6"
        header = [cell.value for cell in sheet[1]]
        assert header[:5] == ["Referenz", "Status", "Anrede", "Vorname", "Nachname"]
        rows = [dict(zip(header, [cell.value for cell in row])) for row in sheet.iter_rows(min_row=2)]
        assert [row["Nachname"] for row in rows] == ["Aebi", "Bärtschi", "Ticinese", "Zollinger", "Zürcher"]
        assert rows[0]["Vorname"] == "Béatrice" and rows[4]["Vorname"] == "Zoë"
        assert isinstance(rows[0]["Angemeldet am"], datetime)
        assert rows[0]["In der Teilnehmendenliste"] is False
        assert rows[0]["Kanton"] == "Bern" and rows[3]["Kanton"] == "Zürich"
        assert rows[1]["Organisation"] == '\'=HYPERLINK("http://evil")'
        assert all(not (isinstance(v, str) and v.startswith(("=", "+", "-", "@")))
                   for row in rows for v in row.values())
        formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
        assert formulas == []

    def test_roster_of_a_workshop_for_its_moderators(self, world, as_user):
        client = as_user(world.organizer)
        a1 = workshop(world.event, "A1")
        response = export(client, world.event, format="xlsx", lang="it", workshop=a1.id, layout="roster")
        assert 'filename="national-days-roster-A1.xlsx"' in response.headers["Content-Disposition"]
        sheet = read_xlsx(response.get_data())
        assert [cell.value for cell in sheet[1]] == [
            "N.", "Cognome", "Nome", "Organizzazione", "Funzione", "Cantone", "Lingua di corrispondenza",
            "Posto", "Riferimento", "Ruolo"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        assert [(row[0], row[1], row[7]) for row in rows] == [
            (1, "Aebi", "Posto confermato"), (2, "Zürcher", "Posto confermato"),
            (3, "Zollinger", "Lista d'attesa")]
        assert isinstance(rows[0][0], int)


def test_exports_are_recorded_in_the_audit_log(world, as_user):
    client = as_user(world.organizer)
    export(client, world.event, format="csv", canton="TI")
    entry = audit_entry("export.downloaded")
    assert entry.details == {"format": "csv", "layout": "full", "selection": {"canton": "TI"}, "rows": 1}
    assert entry.event_id == world.event.id and entry.actor == "orga@iiz.example.ch"


def test_unknown_format_is_not_found(world, as_user):
    client = as_user(world.organizer)
    assert client.get(f"/admin/events/{world.event.id}/registrations/export?format=pdf").status_code == 404


class TestPureFunctions:
    @pytest.mark.parametrize("value", ["=1+2", "+41 31", "-2", "@SUM(A1)", "\tx", "\rx"])
    def test_neutralise(self, value):
        assert exports.neutralise(value) == "'" + value

    def test_plain_text_is_kept(self):
        assert exports.neutralise("Müller") == "Müller" and exports.neutralise("a=b") == "a=b"

    def test_csv_and_xlsx_from_a_table(self):
        table = exports.Table("Liste: [1]", ["Name", "Zahl", "Tag", "Ja?"],
                              [["Zoë", 3, datetime(2026, 11, 28, 14, 30), True], ["=cmd", None, None, False]],
                              yes="ja", no="nein")
        rows = read_csv(exports.to_csv(table))
        assert rows == [["Name", "Zahl", "Tag", "Ja?"], ["Zoë", "3", "28.11.2026 14:30", "ja"],
                        ["'=cmd", "", "", "nein"]]
        sheet = read_xlsx(exports.to_xlsx(table))
        assert sheet.title == "Liste   1"
        assert [c.value for c in sheet[2]] == ["Zoë", 3, datetime(2026, 11, 28, 14, 30), True]
        assert sheet["C2"].number_format == "dd.mm.yyyy hh:mm"


class TestCommandLine:
    def test_export_a_canton_as_csv(self, world, cli, tmp_path):
        target = tmp_path / "ti.csv"
        result = cli.invoke(args=["export", "national-days", "--format", "csv", "--canton", "ti",
                                  "--lang", "it", "-o", str(target)])
        assert result.exit_code == 0, result.output
        rows = read_csv(target.read_bytes())
        assert rows[0][:5] == ["Riferimento", "Stato", "Appellativo", "Nome", "Cognome"]
        assert [(row[3], row[4]) for row in rows[1:]] == [("Tiziana", "Ticinese")]
        entry = audit_entry("export.downloaded")
        assert entry.actor == "command line" and entry.details["rows"] == 1

    def test_export_a_workshop_roster_as_xlsx(self, world, cli, tmp_path):
        target = tmp_path / "a2.xlsx"
        result = cli.invoke(args=["export", "national-days", "--format", "xlsx", "--workshop", "A2",
                                  "-o", str(target)])
        assert result.exit_code == 0, result.output
        sheet = read_xlsx(target.read_bytes())
        assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["Bärtschi", "Ticinese"]
        assert sheet["A1"].value == "Nr."

    def test_unknown_event_workshop_or_canton(self, world, cli, tmp_path):
        for args, message in ((["nope"], "No event with the slug 'nope'."),
                              (["national-days", "--workshop", "Z9"],
                               "No single workshop with the code 'Z9' in national-days."),
                              (["national-days", "--canton", "XX"], "Unknown canton 'XX'")):
            result = cli.invoke(args=["export", *args, "-o", str(tmp_path / "x.csv")])
            assert_refused(result, message)
            assert not (tmp_path / "x.csv").exists()


def test_registrations_added_later_show_up(world, as_user):
    sign_up(world.event, 40, "A2", first_name="Élodie", last_name="Ötztal", canton="GE", language="fr")
    client = as_user(world.admin)
    rows = read_csv(export(client, world.event, format="csv", canton="GE").get_data())
    assert [(row[3], row[4]) for row in rows[1:]] == [("Élodie", "Ötztal")]
