"""The organizers' own paragraphs in an event's mails, per kind of mail and language."""
from __future__ import annotations

from flask_wtf import FlaskForm

from ...i18n import LANGUAGES, _l
from ...services.mail_texts import KINDS, MAX_LENGTH, PARTS
from .fields import TranslationsMixin, with_translations

LABELS = {
    ("confirmed", "intro"): _l("Confirmation: introduction"),
    ("confirmed", "closing"): _l("Confirmation: closing text"),
    ("reminder", "intro"): _l("Reminder: introduction"),
    ("reminder", "closing"): _l("Reminder: closing text"),
    ("certificate", "intro"): _l("Certificate: introduction"),
    ("certificate", "closing"): _l("Certificate: closing text"),
}


@with_translations(**{f"{kind}_{part}": (LABELS[kind, part], True, MAX_LENGTH)
                      for kind in KINDS for part in PARTS})
class MailTextsForm(TranslationsMixin, FlaskForm):
    def texts(self) -> dict:
        return {kind: {part: {lang: self[f"{kind}_{part}_{lang}"].data or "" for lang in LANGUAGES}
                       for part in PARTS} for kind in KINDS}

    def fill(self, texts: dict) -> None:
        for kind in KINDS:
            for part in PARTS:
                for lang in LANGUAGES:
                    self[f"{kind}_{part}_{lang}"].data = texts[kind][part][lang]

    def missing(self, lang: str) -> list[str]:
        # A text left empty in a language is not missing: that reader gets the first one written.
        return []
