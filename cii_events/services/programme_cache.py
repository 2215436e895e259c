"""The published programme (with the event's own questions), cached per process and revalidated
by the event's version number.

The registration page and its post need the event with its slots and workshops; loading them is
a fifth of a registration's work, and they change rarely. Every change of an event, a slot or a
workshop increments `Event.programme_version` (in the same flush, see `_bump_versions`), so a
cached copy is current while its version is. Seat counts are never read from the cache: they are
counted by the database (services.capacity) and shown from a fresh query (catalogue.availability).

The cached objects are detached from any session and shared by the threads of the process:
read them, never change them or attach them to a session.
"""
from __future__ import annotations

import threading

from sqlalchemy import event as sa_event, inspect, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Event, Question, QuestionOption, Slot, Workshop

# Counters move with every seat taken: they do not change the programme. A workshop's capacity is
# not read from the cache either (the seat statement reads it); the event's is (services.capacity
# .fast_path), so it counts as a change.
SEAT_ATTRIBUTES = frozenset({"confirmed_count", "waitlist_counter", "updated_at", "programme_version"})
WORKSHOP_SEAT_ATTRIBUTES = SEAT_ATTRIBUTES | {"capacity"}
_PUBLIC = ("published", "closed", "cancelled")

_lock = threading.Lock()
_events: dict[str, Event] = {}  # slug -> detached event with its programme
_forms: dict[tuple, type] = {}  # (event id, version, form base) -> form class


def public_event(slug: str, *, revalidate: bool = True) -> Event | None:
    """The visible event with its programme, from the cache when its version is current.

    `revalidate=False` trusts the cached copy without asking the database; only for a caller that
    checks the version itself in its own statement (services.registration's short road).
    """
    cached = _events.get(slug)
    if cached is not None:
        if not revalidate:
            return cached
        current = db.session.execute(select(Event.id, Event.programme_version).where(
            Event.slug == slug, Event.status.in_(_PUBLIC))).first()
        if current is not None and tuple(current) == (cached.id, cached.programme_version):
            return cached
    event = _load(slug)
    with _lock:
        if event is None:
            _events.pop(slug, None)
        else:
            _events[slug] = event
    return event


def _load(slug: str) -> Event | None:
    with Session(db.engine, expire_on_commit=False) as session:
        event = session.scalars(
            select(Event).where(Event.slug == slug, Event.status.in_(_PUBLIC))
            .options(selectinload(Event.slots).selectinload(Slot.workshops),
                     selectinload(Event.questions).selectinload(Question.options))).first()
        if event is None:
            return None
        for slot in event.slots:
            set_committed_value(slot, "event", event)
            for workshop in slot.workshops:
                set_committed_value(workshop, "slot", slot)
        for question in event.questions:
            set_committed_value(question, "event", event)
            for option in question.options:
                set_committed_value(option, "question", question)
        session.expunge_all()  # detached with everything loaded (a rollback would expire it)
    return event


def form_class(event: Event, base: type, build) -> type:
    """The form class of `event` built by `build(base, event)`, once per programme version."""
    key = (event.id, event.programme_version, base)
    form = _forms.get(key)
    if form is None:
        form = build(base, event)
        with _lock:
            if len(_forms) > 200:
                _forms.clear()
            _forms[key] = form
    return form


def forget(slug: str) -> None:
    with _lock:
        _events.pop(slug, None)


def clear() -> None:
    with _lock:
        _events.clear()
        _forms.clear()


# Every change of the programme increments the version, in the flush that writes it.

def _changed(obj) -> bool:
    state = inspect(obj)
    ignored = WORKSHOP_SEAT_ATTRIBUTES if isinstance(obj, Workshop) else SEAT_ATTRIBUTES
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in ignored)


def _event_id(obj) -> int | None:
    if isinstance(obj, Event):
        return obj.id
    if isinstance(obj, Slot):
        return obj.event_id if obj.event_id is not None else (obj.event.id if obj.event else None)
    if isinstance(obj, Workshop):
        slot = obj.slot
        return slot.event_id if slot is not None else None
    if isinstance(obj, Question):
        return obj.event_id if obj.event_id is not None else (obj.event.id if obj.event else None)
    if isinstance(obj, QuestionOption):
        question = obj.question
        return _event_id(question) if question is not None else None
    return None


# What the cached programme holds: the event, its slots and workshops, its questions and options.
_PROGRAMME = (Event, Slot, Workshop, Question, QuestionOption)


def _before_flush(session, _context, _instances) -> None:
    touched = session.info.setdefault("programme_touched", set())
    for obj in list(session.dirty):
        if isinstance(obj, _PROGRAMME) and session.is_modified(obj) and _changed(obj):
            touched.add(obj)
    for obj in list(session.new) + list(session.deleted):
        if isinstance(obj, _PROGRAMME[1:]):
            touched.add(obj)


def _after_flush(session, _context) -> None:
    touched = session.info.pop("programme_touched", None)
    if not touched:
        return
    ids = set()
    with session.no_autoflush:
        for obj in touched:
            try:
                event_id = _event_id(obj)
            except Exception:  # a deleted slot's event is gone too
                event_id = None
            if event_id is not None:
                ids.add(event_id)
    if not ids:
        return
    session.connection().execute(update(Event.__table__).where(Event.__table__.c.id.in_(sorted(ids)))
                                 .values(programme_version=Event.__table__.c.programme_version + 1))
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Event) and obj.id in ids:
            session.expire(obj, ["programme_version"])


def listen() -> None:
    for name, handler in (("before_flush", _before_flush), ("after_flush", _after_flush)):
        if not sa_event.contains(Session, name, handler):
            sa_event.listen(Session, name, handler)
