"""The event's own questions: add, order, edit, remove (with its answers, after a confirmation)."""
from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import ngettext

from ..i18n import _
from ..saving import saving, see_other
from ..services import programme, questions
from . import bp
from .auth import current_account, event_to_manage
from .forms.accounts import ConfirmForm
from .forms.questions import QuestionForm
from .views import status_for


def _managed(event_id: int):
    return programme.load_event(event_to_manage(event_id).id)


def _question_of(event, question_id: int):
    return next((q for q in event.questions if q.id == question_id), None) or abort(404)


@bp.get("/events/<int:event_id>/questions", endpoint="questions")
def questions_page(event_id):
    event = _managed(event_id)
    counts = {question.id: questions.answer_count(question) for question in event.questions}
    taken = {question.id: questions.option_counts(question) for question in event.questions}
    return render_template("admin/questions.html", event=event, counts=counts, taken=taken,
                           confirm=ConfirmForm())


@bp.route("/events/<int:event_id>/questions/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def edit_question(event_id, question_id=None):
    event = _managed(event_id)
    question = _question_of(event, question_id) if question_id else None
    form = QuestionForm(event_days=event.days if len(event.days) > 1 else ())
    if not form.is_submitted():
        if question is not None:
            form.fill(question)
        else:
            form.position.data = len(event.questions) + 1
    elif form.validate():
        with saving(form) as saved:
            questions.save_question(event, question, form.question_data(), actor=current_account())
        if saved:
            flash(_("The question has been saved."), "success")
            return see_other("admin.questions", event_id=event_id)
        event = _managed(event_id)
        question = _question_of(event, question_id) if question_id else None
    answered = questions.answer_count(question) if question is not None else 0
    return render_template("admin/question_form.html", form=form, event=event, question=question,
                           answered=answered), status_for(form)


@bp.post("/events/<int:event_id>/questions/<int:question_id>/move")
def move_question(event_id, question_id):
    event = _managed(event_id)
    question = _question_of(event, question_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        step = -1 if request.form.get("direction") == "up" else 1
        with saving() as saved:
            questions.move_question(question, step, actor=current_account())
        if saved:
            flash(_("The order of the questions has been changed."), "success")
    return see_other("admin.questions", event_id=event_id)


@bp.route("/events/<int:event_id>/questions/<int:question_id>/delete", methods=["GET", "POST"])
def delete_question(event_id, question_id):
    event = _managed(event_id)
    question = _question_of(event, question_id)
    answered = questions.answer_count(question)
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving() as saved:
            erased = questions.delete_question(question, actor=current_account())
        if saved:
            flash(ngettext("The question has been removed with its %(num)d answer.",
                           "The question has been removed with its %(num)d answers.", erased), "success")
        return see_other("admin.questions", event_id=event_id)
    return render_template("admin/question_delete.html", form=form, event=event, question=question,
                           answered=answered)
