"""The `cii-events` command line.

Each module of this package owns the commands of one domain and registers them with
`register(group)`; the same commands serve the installed `cii-events` entry point and `app.cli`
(the tests' CLI runner). Listing the commands and `--help` need no configuration: the application
is built only when a command runs, and a missing or malformed setting, or a database that cannot be
used, ends the command with one plain line and exit code 2, never a traceback.
"""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup, ScriptInfo, routes_command, shell_command
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..config import ConfigError

SETUP_EXIT_CODE = 2


class SetupNeeded(click.ClickException):
    """Configuration or database missing: exit code 2 and one line saying what to set."""
    exit_code = SETUP_EXIT_CODE


HELP_ONLY = "cii_events.help_only"


class CommandLine(AppGroup):
    def parse_args(self, ctx, args):
        ctx.meta[HELP_ONLY] = "--help" in args
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConfigError as error:
            raise SetupNeeded(str(error)) from None
        except (OperationalError, ProgrammingError) as error:
            raise SetupNeeded(database_problem(error)) from None


def database_problem(error) -> str:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    return (f"The database cannot be used ({reason}). Check DATABASE_URL; a new database needs "
            "`cii-events db upgrade`.")


def _create_app() -> Flask:
    from .. import create_app
    from ..extensions import init_migrations

    app = create_app()
    init_migrations(app)
    return app


@click.group(cls=CommandLine)
@click.pass_context
def main(ctx):
    """cii_events: registration for the national CII days and CII seminars.

    Settings come from environment variables (SECRET_KEY, DATABASE_URL, ...) or from settings.py
    in the instance folder; see the README.
    """
    ctx.obj = ScriptInfo(create_app=_create_app, set_debug_flag=False, load_dotenv_defaults=False)


def register(group: click.Group) -> None:
    """Every command of the product, each added by the module that owns it."""
    from . import accounts, allocation, badges, demo, exports, integrity, invitations, mail, privacy

    for module in (demo, integrity, privacy, mail, allocation, accounts, exports, badges, invitations):
        module.register(group)


def init_app(app: Flask) -> None:
    register(app.cli)


def english(error) -> str:
    """A domain error's message in English, the language of the command line."""
    from ..i18n import language_locale

    with language_locale("en"):
        return str(error.message)


def write_output(data: bytes, output: str, what: str, detail: str = "") -> None:
    """Write a file's bytes to `output` ('-': standard output) and say so on standard error."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with open(output, "wb") as handle:
        handle.write(data)
    click.echo(f"{what} written to {output}{f' ({detail})' if detail else ''}.", err=True)


def event_by_slug(event_slug: str):
    """The event with this slug, its programme loaded; a clear refusal when there is none."""
    from sqlalchemy import select

    from ..extensions import db
    from ..models import Event
    from ..services import programme

    event_id = db.session.scalar(select(Event.id).where(Event.slug == event_slug))
    if event_id is None:
        raise click.ClickException(f"No event with the slug {event_slug!r}.")
    return programme.load_event(event_id)


def workshop_by_code(event, code: str):
    matches = [w for slot in event.choice_slots for w in slot.workshops if w.code.lower() == code.lower()]
    if len(matches) != 1:
        raise click.ClickException(f"No single workshop with the code {code!r} in {event.slug}.")
    return matches[0]


def _migrate_group() -> click.Group:
    from flask_migrate.cli import db

    return db


class MigrationCommands(click.Group):
    """Flask-Migrate's `db` commands, loaded (with Alembic) only when the group is used."""

    def list_commands(self, ctx):
        return sorted(_migrate_group().commands)

    def get_command(self, ctx, name):
        return _migrate_group().commands.get(name)


@click.group("db", cls=MigrationCommands, help="Perform database migrations.")
@click.option("-d", "--directory", default=None, help="Migration script directory (default: the shipped one)")
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments consumed by custom env.py scripts")
@click.pass_context
def db_group(ctx, directory, x_arg):
    """Flask-Migrate's `db` commands; the app is built only when one of them runs, not for --help."""
    if not ctx.meta.get(HELP_ONLY):
        ctx.invoke(_migrate_group().callback, directory=directory, x_arg=x_arg)


# Registered last: the command modules use the helpers above.
from . import serve  # noqa: E402

register(main)
main.add_command(serve.run_command())
for command in (db_group, shell_command, routes_command):
    main.add_command(command)
