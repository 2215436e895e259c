"""The `cii-events` command line: thin wrappers over the services."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from .extensions import db


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, load_dotenv=False, set_debug_flag=False)
def main():
    """cii_events: registration for the national CII days and CII seminars."""


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(check_command)
    from .admin.cli import export_command, users_command
    app.cli.add_command(users_command)
    app.cli.add_command(export_command)


@click.command("demo")
def demo_command():
    """Load the demo events and invented participants (running it again changes nothing)."""
    from .demo import load_demo

    created = load_demo()
    db.session.commit()
    if created:
        click.echo("Demo events created: " + ", ".join(created))
    else:
        click.echo("Demo events already present; nothing changed.")


@click.command("check")
def check_command():
    """Verify seats and waiting lists against the bookings; exit 1 when an invariant is broken."""
    from .services.integrity import find_problems

    problems = find_problems()
    if problems:
        click.echo(f"{len(problems)} problem(s) found:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo("All seat counts and waiting lists are consistent.")
