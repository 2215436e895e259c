"""`cii-events invite`: invite the people of a CSV or XLSX file to an invitation-only event."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..i18n import language_locale
from . import event_by_slug


@click.command("invite")
@click.argument("event_slug", metavar="EVENT")
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV or XLSX file; the first row names the columns (in de, fr, it or en).")
@click.option("--dry-run", is_flag=True, help="Check the file and show what would be done; change nothing.")
@with_appcontext
def invite_command(event_slug, path, dry_run):
    """Invite everyone listed in a file; the invitations are mailed through the outbox.

    A file with a bad row imports nothing: every bad row is listed with the reason. Addresses
    invited before are left as they were.
    """
    from ..services import invitations, invitee_files

    event = event_by_slug(event_slug)
    reading = invitee_files.parse(Path(path).name, Path(path).read_bytes())
    with language_locale("en"):
        if reading.file_error is not None:
            raise click.ClickException(str(reading.file_error))
        if reading.problems:
            for problem in reading.problems:
                click.echo(f"Row {problem.row}: {problem.text()}", err=True)
            raise click.ClickException(
                f"{len(reading.problems)} row(s) need correcting; nothing was imported.")
        if not reading.invitees:
            raise click.ClickException("The file holds no invitees.")
    result = invitations.import_invitees(event, reading, actor=None, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: {len(reading.invitees) - len(result.skipped)} would be invited, "
                   f"{len(result.skipped)} invited before; nothing changed.")
        return
    db.session.commit()
    click.echo(f"{len(result.invited)} invited ({len(result.skipped)} invited before, left as they were); "
               f"{len(result.invited)} invitation mails queued (`cii-events mail send` delivers them).")
    if not event.by_invitation:
        click.echo(f"Note: {event.slug} is open to everyone; invitations are not needed to register.",
                   err=True)


def register(group: click.Group) -> None:
    group.add_command(invite_command)
