"""Messages from the organizers to a group of participants, each in their correspondence language.

A message has a subject and a text per language; a recipient whose language was left empty gets
the first version written in the order German, French, Italian, English (FALLBACK_ORDER).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..i18n import FALLBACK_ORDER, LANGUAGES, _l
from ..models import Event, Registration, User
from . import audit
from .errors import DomainError
from .mail_queue import mail_domain, queue_custom_message

PLACEHOLDERS = ("first_name", "last_name", "reference")


class MessageIncomplete(DomainError):
    message = _l("Please write a subject and a text in at least one language.")


class HalfWritten(DomainError):
    message = _l("Please write both the subject and the text in this language, or leave both empty.")


class NoRecipients(DomainError):
    message = _l("No participant matches this selection: nobody would receive the message.")


@dataclass
class Draft:
    subjects: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)

    def written(self) -> list[str]:
        return [lang for lang in LANGUAGES if self.subjects.get(lang, "").strip()
                and self.bodies.get(lang, "").strip()]

    def check(self) -> None:
        for lang in LANGUAGES:
            if bool(self.subjects.get(lang, "").strip()) != bool(self.bodies.get(lang, "").strip()):
                missing = "body" if self.subjects.get(lang, "").strip() else "subject"
                raise HalfWritten(field=f"{missing}_{lang}")
        if not self.written():
            raise MessageIncomplete(field="subject_de")

    def version_for(self, lang: str) -> str:
        """The language whose version a reader of `lang` receives."""
        written = self.written()
        if lang in written:
            return lang
        return next(other for other in FALLBACK_ORDER if other in written)


def personalise(text: str, registration: Registration) -> str:
    """Fill in {first_name}, {last_name} and {reference}; other braces stay as they are."""
    values = {"first_name": registration.first_name, "last_name": registration.last_name,
              "reference": f"{registration.reference[:4]}-{registration.reference[4:]}"}
    for name in PLACEHOLDERS:
        text = text.replace("{" + name + "}", values[name])
    return text


@dataclass
class Version:
    lang: str  # the version's language
    subject: str
    body: str
    readers: dict[str, int] = field(default_factory=dict)  # correspondence language -> recipients

    @property
    def count(self) -> int:
        return sum(self.readers.values())

    @property
    def fallback_readers(self) -> dict[str, int]:
        return {lang: self.readers[lang] for lang in LANGUAGES if lang in self.readers and lang != self.lang}


def plan(draft: Draft, recipients: Sequence[Registration]) -> list[Version]:
    """Which version goes to how many recipients, for the preview."""
    draft.check()
    versions = {lang: Version(lang, draft.subjects[lang].strip(), draft.bodies[lang].strip())
                for lang in draft.written()}
    for registration in recipients:
        version = versions[draft.version_for(registration.language)]
        version.readers[registration.language] = version.readers.get(registration.language, 0) + 1
    return [version for version in versions.values()]


def send(event: Event, draft: Draft, recipients: Sequence[Registration], *, actor: User,
         selection: dict) -> int:
    """Queue one mail per recipient in the outbox; returns how many."""
    draft.check()
    if not recipients:
        raise NoRecipients()
    list_id = f"<{event.slug}.messages.{mail_domain()}>"  # RFC 2919: one list per event
    for registration in recipients:
        lang = draft.version_for(registration.language)
        queue_custom_message(registration, personalise(draft.subjects[lang].strip(), registration),
                             personalise(draft.bodies[lang].strip(), registration), actor=actor,
                             list_id=list_id)
    audit.record("message.sent", actor=actor, object_type="event", object_id=event.id, event_id=event.id,
                 recipients=len(recipients), selection=audit.selection_logged(selection),
                 subjects={lang: draft.subjects[lang].strip() for lang in draft.written()},
                 bodies={lang: draft.bodies[lang].strip() for lang in draft.written()},
                 references=[registration.reference for registration in recipients][:500])
    return len(recipients)
