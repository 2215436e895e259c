"""Build hook: the wheel carries the top-level folders (templates, static, translations with their
compiled catalogues, migrations) inside the package, as `cii_events/_data/<folder>`.

The repository keeps them at the top level; only the built package maps them in.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FOLDERS = ("templates", "static", "translations", "migrations")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")


def compile_catalogues(translations: Path) -> None:
    """Write a .mo beside every .po (compiled from source, never a stale copy)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in translations.glob("*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as source:
            catalog = read_po(source)
        with po_path.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog)


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the folders of the checkout
            return
        target = Path(self.build_lib) / "cii_events" / "_data"
        for name in FOLDERS:
            destination = target / name
            if destination.exists():
                shutil.rmtree(destination)
            shutil.copytree(ROOT / name, destination, ignore=SKIP)
        compile_catalogues(target / "translations")


setup(cmdclass={"build_py": BuildWithData})
