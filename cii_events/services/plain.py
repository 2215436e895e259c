"""Text that ends up in mail headers and calendar files: one line, no control characters."""
from __future__ import annotations

import unicodedata

# Line and paragraph separators (U+2028, U+2029) and the C0/C1 controls, NEL (U+0085) and tab included.
_FORBIDDEN_CATEGORIES = ("Cc", "Zl", "Zp")


def forbidden_characters(text: str) -> list[str]:
    """The control characters and line breaks in `text`, each once, as U+XXXX."""
    found = []
    for char in text or "":
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            name = f"U+{ord(char):04X}"
            if name not in found:
                found.append(name)
    return found


def one_line(text: str) -> str:
    """`text` with every control character and line break turned into a single space."""
    cleaned = "".join(" " if unicodedata.category(char) in _FORBIDDEN_CATEGORIES else char
                      for char in text or "")
    return " ".join(cleaned.split(" ")).strip() if cleaned else ""
