"""`cii-events check`: seat counters and waiting lists against the bookings."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext


@click.command("check")
@with_appcontext
def check_command():
    """Verify seats and waiting lists against the bookings; exit 1 when an invariant is broken."""
    from ..services.integrity import find_problems

    problems = find_problems()
    if problems:
        click.echo(f"{len(problems)} problem(s) found:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo("All seat counts and waiting lists are consistent.")


def register(group: click.Group) -> None:
    group.add_command(check_command)
