"""The mail modules import each other one way only: queueing <- rendering <- delivery, no circle."""
from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parent.parent / "cii_events" / "services"


def imports_of(module: str) -> set[str]:
    """The sibling service modules `module` imports, at the top or inside a function."""
    tree = ast.parse((SERVICES / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return {name for name in found if (SERVICES / f"{name}.py").exists()}


def reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for name in imports_of(todo.pop()) - seen:
            seen.add(name)
            todo.append(name)
    return seen


def test_no_import_circle_through_the_mail_modules():
    for module in ("mail_queue", "mail_render", "mail_delivery", "certificates", "mail_texts", "messages",
                   "reminders", "outbox", "mail_worker", "mail"):
        assert module not in reachable(module), module
    assert "mail_render" not in reachable("mail_queue") and "mail_delivery" not in reachable("mail_render")
    assert "mail" not in reachable("mail_delivery")  # the wiring imports the parts, never the reverse
