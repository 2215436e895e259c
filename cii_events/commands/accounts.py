"""`cii-events users ...`: back-office accounts."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from ..i18n import LANGUAGES
from ..models import Event, Role, User
from ..services import accounts
from ..services.errors import DomainError
from . import english


@click.group("users")
def users_command():
    """Back-office accounts."""


@users_command.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True,
              help="At least 10 characters, hard to guess (zxcvbn score 3 of 4).")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--canton", default=None, help="Coordinators: the canton, e.g. BE.")
@click.option("--name", default="")
@click.option("--language", default="de", type=click.Choice(LANGUAGES))
@click.option("--event", "events", multiple=True, help="Organizers: slug of an event they run (repeatable).")
@with_appcontext
def create_user_command(email, password, role, canton, name, language, events):
    """Create an account."""
    event_ids = _event_ids(events)
    data = accounts.AccountData(email=email, role=Role(role), name=name,
                                canton=canton.upper() if canton else None, language=language)
    try:
        user = accounts.create_user(data, password, actor=None, event_ids=event_ids)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(english(error)) from None
    where = f", {user.canton}" if user.canton else ""
    click.echo(f"Account created: {user.email} ({user.role.value}{where})")


def _event_ids(slugs) -> list[int]:
    ids = []
    for slug in slugs:
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
        if event_id is None:
            raise click.ClickException(f"No event with the slug {slug!r}.")
        ids.append(event_id)
    return ids


@users_command.command("list")
@with_appcontext
def list_users_command():
    """List the accounts."""
    for user in db.session.scalars(select(User).order_by(User.role, User.email)):
        where = user.canton or ", ".join(event.slug for event in user.events) or "-"
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.role.value}\t{where}\t{state}")


@users_command.command("set-password")
@click.option("--email", required=True)
@click.password_option()
@with_appcontext
def set_password_command(email, password):
    """Set a new password for an account (and unlock it)."""
    user = accounts.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email address {email}.")
    try:
        accounts.set_password(user, password, actor=None)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(english(error)) from None
    click.echo(f"Password set for {user.email}.")


def register(group: click.Group) -> None:
    group.add_command(users_command)
