"""`cii-events export`: the attendee list or a workshop's roster as a file."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import cantons
from ..extensions import db
from ..i18n import LANGUAGES
from ..models import Role
from ..services import attendees, audit, exports
from ..services.access import Scope
from . import event_by_slug, workshop_by_code, write_output


@click.command("export")
@click.argument("event_slug")
@click.option("--format", "kind", type=click.Choice(["csv", "xlsx"]), default="xlsx", show_default=True)
@click.option("--canton", default="", help="Only the participants from this canton, e.g. TI.")
@click.option("--workshop", default="", help="The roster of the workshop with this code, e.g. A2.")
@click.option("--status", type=click.Choice(list(attendees.STATUS_FILTERS)), default="active",
              show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="de", show_default=True,
              help="Language of the headers.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="File to write ('-' for standard output).")
@with_appcontext
def export_command(event_slug, kind, canton, workshop, status, lang, output):
    """Export the participants of an event as CSV or XLSX."""
    event = event_by_slug(event_slug)
    canton = canton.upper()
    if canton and canton not in cantons.REGIONS:
        raise click.ClickException(f"Unknown canton {canton!r}; use a code such as BE, TI, CH or EXT.")
    scope = Scope(Role.ADMIN)
    flt = attendees.AttendeeFilter(canton=canton, status=status)
    chosen = None
    if workshop:
        chosen = workshop_by_code(event, workshop)
        flt.workshop_id = chosen.id
        rows = [r for r in attendees.roster(event, scope, chosen) if not canton or r.canton == canton]
    else:
        rows = attendees.matching(event, scope, flt)
    table = exports.registration_table(event, rows, lang=lang,
                                       layout=exports.ROSTER if chosen else exports.FULL,
                                       workshop_id=chosen.id if chosen else None)
    data = exports.to_csv(table) if kind == "csv" else exports.to_xlsx(table)
    audit.record("export.downloaded", actor=None, object_type="event", object_id=event.id, event_id=event.id,
                 format=kind, layout="roster" if chosen else "full",
                 selection={"canton": canton or None, "workshop": chosen.code if chosen else None,
                            "status": status}, rows=len(rows))
    db.session.commit()
    write_output(data, output, f"{len(rows)} participants")


def register(group: click.Group) -> None:
    group.add_command(export_command)
