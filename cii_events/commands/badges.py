"""`cii-events badges`: the badges of an event's confirmed participants as PDF."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .. import cantons
from ..extensions import db
from ..i18n import LANGUAGES
from ..models import Registration
from ..services import audit, badges
from . import event_by_slug, workshop_by_code, write_output


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
@with_appcontext
def badges_command(event_slug, layout, output, canton, workshop, reference, sort, lang, no_workshops):
    """Print the badges of the confirmed participants of an event as PDF."""
    event = event_by_slug(event_slug)
    canton = canton.upper()
    if canton and canton not in cantons.REGIONS:
        raise click.ClickException(f"Unknown canton {canton!r}; use a code such as BE, TI, CH or EXT.")
    chosen = workshop_by_code(event, workshop) if workshop else None
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
                         title=event.title.get_text(lang or "de"), logo=badges.logo_of(event))
    audit.record("badges.printed", actor=None, object_type="event", object_id=event.id, event_id=event.id,
                 count=len(people), layout=layout, canton=canton or None,
                 workshop=chosen.code if chosen else None, reference=reference or None, sort=sort)
    db.session.commit()
    noun = "badge" if len(people) == 1 else "badges"
    write_output(data, output, f"{len(people)} {noun}", detail=layout)


def register(group: click.Group) -> None:
    group.add_command(badges_command)
