"""The organizers' own paragraphs in the mails of an event: an introduction and a closing text
per kind of mail (confirmation, reminder, certificate) and per language.

A language left empty gets the text of the first language written, in the order of the event's
languages and then German, French, Italian, English: a reader never gets nothing while the
organizers wrote something.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import FALLBACK_ORDER, LANGUAGES
from ..models import Event, User
from . import audit
from .mail_queue import CERTIFICATE, CONFIRMED, REMINDER

KINDS = (CONFIRMED, REMINDER, CERTIFICATE)
PARTS = ("intro", "closing")
MAX_LENGTH = 4000


@dataclass(frozen=True)
class Texts:
    intro: str = ""
    closing: str = ""


def language_order(event: Event) -> list[str]:
    first = [lang for lang in (event.languages or []) if lang in LANGUAGES]
    return first + [lang for lang in FALLBACK_ORDER if lang not in first]


def normalised(texts: dict | None) -> dict:
    """{kind: {part: {lang: text}}} with every kind, part and language, texts stripped."""
    texts = texts or {}
    return {kind: {part: {lang: str(((texts.get(kind) or {}).get(part) or {}).get(lang) or "").strip()
                          for lang in LANGUAGES} for part in PARTS} for kind in KINDS}


def pick(values: dict[str, str], lang: str, order: list[str]) -> tuple[str, str | None]:
    """The text for a reader of `lang`, and the language it is written in (None: nothing written)."""
    if values.get(lang):
        return values[lang], lang
    for other in order:
        if values.get(other):
            return values[other], other
    return "", None


def for_mail(event: Event, kind: str, lang: str, texts: dict | None = None) -> Texts:
    """The paragraphs of `kind` for a reader of `lang` (`texts`: unsaved ones, for a preview)."""
    if kind not in KINDS:
        return Texts()
    chosen = normalised(event.mail_texts if texts is None else texts)[kind]
    order = language_order(event)
    return Texts(intro=pick(chosen["intro"], lang, order)[0], closing=pick(chosen["closing"], lang, order)[0])


def save(event: Event, texts: dict, *, actor: User | None) -> bool:
    """Keep the paragraphs; returns whether anything changed (the change is audited)."""
    new = normalised(texts)
    old = normalised(event.mail_texts)
    if new == old:
        return False
    written = any(text for parts in new.values() for values in parts.values() for text in values.values())
    event.mail_texts = new if written else None
    changed = sorted(f"{kind}.{part}.{lang}" for kind in KINDS for part in PARTS for lang in LANGUAGES
                     if new[kind][part][lang] != old[kind][part][lang])
    audit.record("event.mail_texts_changed", actor=actor, object_type="event", object_id=event.id,
                 event_id=event.id, changed=changed)
    return True
