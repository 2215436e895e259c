"""`cii-events demo`: the demo events."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo events and invented participants (running it again changes nothing)."""
    from ..demo import load_demo

    created = load_demo()
    db.session.commit()
    if created:
        click.echo("Demo events created: " + ", ".join(created))
    else:
        click.echo("Demo events already present; nothing changed.")


def register(group: click.Group) -> None:
    group.add_command(demo_command)
