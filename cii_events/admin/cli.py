"""Back-office commands: `cii-events users ...`, `export ...` and `badges ...` (thin wrappers)."""
from __future__ import annotations

import sys

import click
from sqlalchemy import select

from .. import cantons
from ..extensions import db
from ..i18n import LANGUAGES, language_locale
from ..models import Event, Registration, Role, User
from ..services import accounts, attendees, audit, badges, exports, programme
from ..services.access import Scope
from ..services.errors import DomainError


def _english(error: DomainError) -> str:
    """The command line speaks English, like its other messages."""
    with language_locale("en"):
        return str(error.message)


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
        raise click.ClickException(_english(error)) from None
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
def list_users_command():
    """List the accounts."""
    for user in db.session.scalars(select(User).order_by(User.role, User.email)):
        where = user.canton or ", ".join(event.slug for event in user.events) or "-"
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.role.value}\t{where}\t{state}")


@users_command.command("set-password")
@click.option("--email", required=True)
@click.password_option()
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
        raise click.ClickException(_english(error)) from None
    click.echo(f"Password set for {user.email}.")


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
def export_command(event_slug, kind, canton, workshop, status, lang, output):
    """Export the participants of an event as CSV or XLSX."""
    event_id = db.session.scalar(select(Event.id).where(Event.slug == event_slug))
    if event_id is None:
        raise click.ClickException(f"No event with the slug {event_slug!r}.")
    event = programme.load_event(event_id)
    canton = canton.upper()
    if canton and canton not in cantons.REGIONS:
        raise click.ClickException(f"Unknown canton {canton!r}; use a code such as BE, TI, CH or EXT.")
    scope = Scope(Role.ADMIN)
    flt = attendees.AttendeeFilter(canton=canton, status=status)
    chosen = None
    if workshop:
        matches = [w for slot in event.choice_slots for w in slot.workshops
                   if w.code.lower() == workshop.lower()]
        if len(matches) != 1:
            raise click.ClickException(f"No single workshop with the code {workshop!r} in {event_slug}.")
        chosen = matches[0]
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
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        with open(output, "wb") as handle:
            handle.write(data)
        click.echo(f"{len(rows)} participants written to {output}.", err=True)


def _event_by_slug(event_slug: str) -> Event:
    event_id = db.session.scalar(select(Event.id).where(Event.slug == event_slug))
    if event_id is None:
        raise click.ClickException(f"No event with the slug {event_slug!r}.")
    return programme.load_event(event_id)


def _workshop_by_code(event: Event, code: str):
    matches = [w for slot in event.choice_slots for w in slot.workshops if w.code.lower() == code.lower()]
    if len(matches) != 1:
        raise click.ClickException(f"No single workshop with the code {code!r} in {event.slug}.")
    return matches[0]


@click.command("badges")
@click.argument("event_slug")
@click.option("--layout", type=click.Choice(list(badges.LAYOUTS)), required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="PDF file to write ('-' for standard output).")
@click.option("--canton", default="", help="Only the participants from this canton, e.g. TI.")
@click.option("--workshop", default="", help="Only the participants with a seat in this workshop, e.g. A2.")
@click.option("--reference", default="", help="One person's badge, by registration reference.")
@click.option("--sort", type=click.Choice(badges.SORTS), default="name", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the canton names (default: each participant's own language).")
@click.option("--no-workshops", is_flag=True, help="Leave the workshop codes off the badges.")
def badges_command(event_slug, layout, output, canton, workshop, reference, sort, lang, no_workshops):
    """Print the badges of the confirmed participants of an event as PDF."""
    event = _event_by_slug(event_slug)
    canton = canton.upper()
    if canton and canton not in cantons.REGIONS:
        raise click.ClickException(f"Unknown canton {canton!r}; use a code such as BE, TI, CH or EXT.")
    chosen = _workshop_by_code(event, workshop) if workshop else None
    registration_id = None
    if reference:
        registration_id = db.session.scalar(select(Registration.id).where(
            Registration.event_id == event.id,
            Registration.reference == reference.upper().replace("-", "").strip()))
        if registration_id is None:
            raise click.ClickException(f"No registration with the reference {reference!r} in {event_slug}.")
    people = badges.registrations_for(event, canton=canton, workshop_id=chosen.id if chosen else None,
                                      registration_id=registration_id, sort=sort)
    if reference and not people:
        raise click.ClickException(f"The registration {reference} is not confirmed: no badge.")
    data = badges.render(badges.badges_of(people, lang=lang, with_workshops=not no_workshops), layout,
                         title=event.title.get_text(lang or "de"))
    audit.record("badges.printed", actor=None, object_type="event", object_id=event.id, event_id=event.id,
                 count=len(people), layout=layout, canton=canton or None,
                 workshop=chosen.code if chosen else None, reference=reference or None, sort=sort)
    db.session.commit()
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        with open(output, "wb") as handle:
            handle.write(data)
        noun = "badge" if len(people) == 1 else "badges"
        click.echo(f"{len(people)} {noun} written to {output} ({layout}).", err=True)
