"""Ranked workshop wishes (preferences mode): what may be ranked, and keeping the ranking.

A person ranks up to three workshops per slot, only among workshops held in a language they
follow; the ranking is stored as bookings with status PREFERENCE and `preference_rank` 1..3,
which hold no seat. The allocation (services.allocation) turns them into seats.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ..i18n import LANGUAGES, _l
from ..models import Event, Registration, Slot, Workshop
from . import capacity
from .errors import InvalidChoice

MAX_RANK = 3

CHOOSE_LANGUAGE = _l("Please tick at least one language in which you can follow a workshop.")
NONE_IN_LANGUAGE = _l("No workshop of this time slot is held in a language you ticked. "
                      "Please tick another language you can follow.")
CHOOSE_WORKSHOP = _l("Please choose a workshop.")
NOT_OFFERED = _l("Please choose one of the offered workshops.")
NOT_IN_LANGUAGE = _l("This workshop is not held in a language you ticked.")
ALREADY_CHOSEN = _l("You have already chosen this workshop. Please choose a different one for each rank.")


def rank_field(slot_id: int, rank: int) -> str:
    """The form field of a rank: slot_<id> for the first choice, slot_<id>_2 and _3 after it."""
    return f"slot_{slot_id}" if rank == 1 else f"slot_{slot_id}_{rank}"


@dataclass
class Preferences:
    """What the person says: the languages they follow and, per slot, workshop ids by rank."""

    languages: Sequence[str] = ()
    ranking: Mapping[int, Sequence[int | None]] = field(default_factory=dict)
    # The days attended (None: every day): slots of other days are not ranked.
    days: Sequence[date] | None = None

    def slots(self, event: Event) -> list[Slot]:
        """The ranked slots of the event on the days attended."""
        if self.days is None:
            return event.ranked_slots
        return [slot for slot in event.ranked_slots if slot.day in set(self.days)]

    def workshop_ids(self, slot_id: int) -> list[int | None]:
        chosen = list(self.ranking.get(slot_id, ()))[:MAX_RANK]
        return chosen + [None] * (MAX_RANK - len(chosen))


def in_languages(slot: Slot, languages) -> list[Workshop]:
    followed = set(languages)
    return [workshop for workshop in slot.workshops if followed & set(workshop.languages)]


def problems(event: Event, preferences: Preferences) -> dict[str, object]:
    """Every problem of the ranking as {form field: message}; empty when it may be stored."""
    found: dict[str, object] = {}
    if not event.ranked_slots:
        return found
    languages = [lang for lang in preferences.languages if lang in LANGUAGES]
    if not languages or len(languages) != len(preferences.languages):
        found["understands"] = CHOOSE_LANGUAGE
        return found
    for slot in preferences.slots(event):
        offered = {workshop.id: workshop for workshop in slot.workshops}
        followed = in_languages(slot, languages)
        if not followed:
            found[rank_field(slot.id, 1)] = NONE_IN_LANGUAGE
            continue
        required = min(MAX_RANK, len(followed))
        seen = set()
        for rank, workshop_id in enumerate(preferences.workshop_ids(slot.id), start=1):
            name = rank_field(slot.id, rank)
            if workshop_id is None:
                if rank <= required:
                    found[name] = CHOOSE_WORKSHOP
            elif workshop_id not in offered:
                found[name] = NOT_OFFERED
            elif offered[workshop_id] not in followed:
                found[name] = NOT_IN_LANGUAGE
            elif workshop_id in seen:
                found[name] = ALREADY_CHOSEN
            seen.add(workshop_id)
    return found


def resolve(event: Event, preferences: Preferences) -> dict[Slot, list[Workshop]]:
    """The ranked workshops per slot, best first; InvalidChoice names the first faulty field."""
    for name, message in problems(event, preferences).items():
        raise InvalidChoice(message, field=name)
    resolved = {}
    for slot in preferences.slots(event):
        offered = {workshop.id: workshop for workshop in slot.workshops}
        resolved[slot] = [offered[i] for i in preferences.workshop_ids(slot.id) if i is not None]
    return resolved


def store(registration: Registration, ranked: Mapping[Slot, Sequence[Workshop]], languages: Sequence[str],
          *, now: datetime) -> bool:
    """Make the registration's wishes equal to `ranked`; returns whether anything changed.

    Rows are updated in place (a workshop moving from rank 1 to 2 keeps its row), because a
    registration books a workshop once at most (unique constraint).
    """
    languages = [lang for lang in LANGUAGES if lang in set(languages)]
    changed = registration.understood_languages != languages
    registration.understood_languages = languages
    wanted = {workshop.id: (workshop, rank) for workshops in ranked.values()
              for rank, workshop in enumerate(workshops, start=1)}
    slot_ids = {slot.id for slot in ranked}
    for booking in list(registration.preferences):
        if booking.workshop.slot_id not in slot_ids:
            continue
        if booking.workshop_id in wanted:
            _, rank = wanted.pop(booking.workshop_id)
            if booking.preference_rank != rank:
                booking.preference_rank, booking.updated_at, changed = rank, now, True
        else:
            registration.bookings.remove(booking)
            changed = True
    for workshop, rank in wanted.values():
        registration.bookings.append(capacity.new_wish(workshop, rank, now))
        changed = True
    return changed
