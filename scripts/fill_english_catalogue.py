"""The English catalogue says what the source says: copy each msgid into its empty msgstr.

Run by `make translations-update`; German, French and Italian are translated by people.
"""
from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po

PATH = "translations/en/LC_MESSAGES/messages.po"


def main(path: str = PATH) -> None:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            if not all(message.string):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, catalog, omit_header=False, width=100)


if __name__ == "__main__":
    main(*sys.argv[1:])
