"""The views' one way to make a change: commit, or roll back and show why not.

    with saving(form) as saved:
        programme.save_slot(event, slot, form.slot_data(), actor=current_account())
    if saved:
        flash(_("The programme slot has been saved."), "success")
        return see_other("admin.programme", event_id=event.id)
    return render_template("admin/slot_form.html", form=form, ...), status_for(form)

The block calls one service; at its end the transaction is committed. A DomainError rolls it back
and is shown next to its field of `form` (or at the top of the form), or flashed when there is no
form; `saved` is false then. One place decides the answer: 303 after a change (see_other), 422 for
a form with errors, else 200 (status_for).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import flash, redirect, url_for

from .extensions import db
from .services.errors import DomainError


class Saved:
    """The outcome of a `saving` block: true once committed; `error` when refused."""

    def __init__(self):
        self.committed = False
        self.error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.committed


@contextmanager
def saving(form=None) -> Iterator[Saved]:
    saved = Saved()
    try:
        yield saved
        db.session.commit()
        saved.committed = True
    except DomainError as error:
        db.session.rollback()
        saved.error = error
        if form is None:
            flash(error.message, "error")
        else:
            show_error(form, error)


def show_error(form, error: DomainError) -> None:
    """A domain error next to its field, or at the top of the form."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


def status_for(form) -> int:
    """422 for a form with errors (so that the browser and tests see the refusal), else 200."""
    return 422 if form.errors or form.form_errors else 200


def see_other(endpoint: str, **values):
    """The answer to a change that was made: 303 to the page that shows it."""
    return redirect(url_for(endpoint, **values), code=303)
