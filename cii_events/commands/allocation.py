"""`cii-events allocate`: the workshop allocation of a preferences-mode event."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from . import english


@click.command("allocate")
@click.argument("event_slug", metavar="EVENT")
@click.option("--dry-run", is_flag=True, help="Compute and show the allocation; store nothing.")
@click.option("--seed", type=click.IntRange(0, 2 ** 62), help="Tie-break seed (default: a new random one).")
@click.option("--publish", "publish_run", type=int, metavar="RUN",
              help="Publish the stored draft RUN: seats, waiting lists and mails.")
@click.option("--list", "list_runs", is_flag=True, help="List the allocation runs of the event.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@with_appcontext
def allocate_command(event_slug, dry_run, seed, publish_run, list_runs, as_json):
    """Allocate the workshops of a preferences-mode EVENT (give its slug).

    Without options, computes an allocation and keeps it as a draft for review; --publish RUN
    then turns that draft into seats and waiting lists and mails every participant.
    """
    import json

    from sqlalchemy import select

    from ..database import begin_write
    from ..models import Event
    from ..services import allocation
    from ..services.errors import DomainError

    if sum(map(bool, (dry_run, publish_run is not None, list_runs))) > 1:
        raise click.UsageError("--dry-run, --publish and --list exclude each other.")
    if publish_run is not None:
        begin_write()  # SQLite: take the write lock before reading anything
    event = db.session.scalars(select(Event).where(Event.slug == event_slug)).first()
    if event is None:
        raise click.ClickException(f"No event with the slug {event_slug!r}.")
    try:
        if list_runs:
            _print_runs(event, allocation.runs(event))
        elif publish_run is not None:
            run = allocation.get_run(event, publish_run)
            if run is None:
                raise click.ClickException(f"No allocation run {publish_run} for {event_slug}.")
            report = allocation.publish(run)
            db.session.commit()
            click.echo(f"Published run {run.id} (seed {run.seed}): {report.seated} seats, "
                       f"{report.waiting} on waiting lists, {report.unplaced} without a workshop; "
                       f"{report.mailed} mails queued (`cii-events mail send` delivers them).")
        elif dry_run:
            outcome = allocation.compute(event, seed)
            click.echo(json.dumps(outcome.statistics, indent=2) if as_json
                       else _describe(event, outcome.seed, outcome.statistics, "dry run, nothing stored"))
        else:
            run = allocation.run(event, seed=seed)
            db.session.commit()
            click.echo(json.dumps(run.statistics, indent=2) if as_json
                       else _describe(event, run.seed, run.statistics, f"run {run.id}, draft"))
            if not as_json:
                click.echo(f"Review it, then publish it: cii-events allocate {event.slug} --publish {run.id}")
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(english(error)) from None


def _share(tally: dict) -> str:
    return "  ".join(f"{outcome} {tally[outcome]} ({tally['shares'][outcome]:.1%})"
                     for outcome in ("first", "second", "third", "fallback", "waiting", "unplaced"))


def _describe(event, seed: int, statistics: dict, what: str) -> str:
    codes = {w.id: w.code or str(w.id) for slot in event.slots for w in slot.workshops}
    titles = {slot.id: slot.title.get_text("en") for slot in event.slots}
    lines = [f"Allocation of {event.slug} with seed {seed} ({what}): "
             f"{statistics['participants']} participants",
             f"Overall: {_share(statistics['overall'])}"]
    for slot in statistics["slots"]:
        lines.append(f"Slot {titles.get(slot['slot_id'], slot['slot_id'])}: {_share(slot['overall'])}")
        lines.append("  workshop  seats  assigned  waiting  first choice of  fill")
        for row in slot["workshops"]:
            fill = "-" if row["fill"] is None else f"{row['fill']:.0%}"
            seats = "-" if row["seats"] is None else row["seats"]
            code = codes.get(row["workshop_id"], row["workshop_id"])
            lines.append(f"  {code:<8}  {seats!s:>5}  {row['assigned']:>8}  {row['waiting']:>7}  "
                         f"{row['first_choice_of']:>15}  {fill:>4}")
    for title, key in (("By correspondence language (a person counts once per slot)", "by_language"),
                       ("By canton (a person counts once per slot)", "by_canton")):
        lines.append(f"{title}:")
        lines += [f"  {name:<3} {tally['count']:>5}  {_share(tally)}"
                  for name, tally in statistics[key].items()]
    return "\n".join(lines)


def _print_runs(event, runs) -> None:
    if not runs:
        click.echo(f"No allocation run for {event.slug} yet.")
        return
    click.echo("run  status     seed        created (UTC)     by                first/second/third/fallback")
    for run in runs:
        objective = "/".join(str(n) for n in run.statistics.get("objective", []))
        click.echo(f"{run.id:<4} {run.status.value:<10} {run.seed:<11} {run.created_at:%Y-%m-%d %H:%M}  "
                   f"{run.created_by[:16]:<16}  {objective}")


def register(group: click.Group) -> None:
    group.add_command(allocate_command)
