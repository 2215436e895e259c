"""`cii-events anonymize`: the daily retention run."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db


@click.command("anonymize")
@with_appcontext
def anonymize_command():
    """Erase personal data past its retention period (run daily, e.g. from a systemd timer)."""
    from ..services.privacy import anonymise_expired

    result = anonymise_expired()
    db.session.commit()
    click.echo(f"Registrations erased: {result['registrations_erased']}; "
               f"delivered mails emptied: {result['mails_purged']}.")


def register(group: click.Group) -> None:
    group.add_command(anonymize_command)
