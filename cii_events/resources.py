"""Where the templates, static files, translations and migrations are found.

In the repository they are top-level folders beside the package; a built wheel carries them inside
the package, in `cii_events/_data/` (mapped in by `setup.py`), so an installed copy needs no
checkout.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_DIR = PACKAGE_DIR / "_data"
CHECKOUT_DIR = PACKAGE_DIR.parent

# The folders a wheel must carry, by their name in the repository.
FOLDERS = ("templates", "static", "translations", "migrations")


def installed() -> bool:
    """True when running from a built wheel (no checkout around the package)."""
    return SHIPPED_DIR.is_dir()


def folder(name: str) -> Path:
    if name not in FOLDERS:
        raise ValueError(f"not a shipped folder: {name}")
    return (SHIPPED_DIR if installed() else CHECKOUT_DIR) / name
