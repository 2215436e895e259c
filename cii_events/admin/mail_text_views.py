"""An event's own paragraphs in its mails: write them per language, preview each language, save."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..extensions import db
from ..i18n import LANGUAGES, _
from ..services import mail_render, mail_texts as texts_service, programme
from . import bp
from .auth import current_account, event_to_manage
from .forms.mail_texts import MailTextsForm
from .views import status_for


@bp.route("/events/<int:event_id>/mail-texts", methods=["GET", "POST"])
def mail_texts(event_id):
    event = programme.load_event(event_to_manage(event_id).id)
    form = MailTextsForm()
    previews = None
    if not form.is_submitted():
        form.fill(texts_service.normalised(event.mail_texts))
    elif form.validate():
        texts = form.texts()
        if request.form.get("action") == "save":
            changed = texts_service.save(event, texts, actor=current_account())
            db.session.commit()
            flash(_("The texts of the mails have been saved.") if changed else _("Nothing was changed."),
                  "success")
            return redirect(url_for("admin.mail_texts", event_id=event.id), code=303)
        previews = {lang: [(kind, mail_render.preview(event, kind, lang, texts))
                           for kind in texts_service.KINDS] for lang in LANGUAGES}
        db.session.rollback()
    return render_template("admin/mail_texts.html", event=event, form=form, previews=previews,
                           order=texts_service.language_order(event)), status_for(form)
