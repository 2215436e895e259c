"""The person's data: see it, take it along, change the optional consents, delete it."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for

from ..extensions import csrf, db
from ..i18n import _
from ..saving import status_for
from ..services import privacy
from . import bp
from .forms import ConsentsForm, EraseForm
from ..web import content_disposition
from .views import _registration_or_404, personal_link_limit


@bp.get("/registration/<token>/data.json")
@personal_link_limit
def data_json(token):
    registration = _registration_or_404(token)
    body = json.dumps(privacy.personal_data(registration), ensure_ascii=False, indent=2)
    filename = f"cii-registration-{registration.reference}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": content_disposition(filename),
                             "Cache-Control": "no-store"})


@bp.get("/registration/<token>/data")
@personal_link_limit
def data_page(token):
    registration = _registration_or_404(token)
    return render_template("public/data.html", registration=registration, event=registration.event,
                           data=privacy.personal_data(registration), token=token,
                           retention_date=privacy.erase_after(registration.event))


@bp.post("/registration/<token>/consents")
@personal_link_limit
@csrf.exempt  # the form checks its own token
def consents(token):
    registration = _registration_or_404(token)
    form = ConsentsForm()
    if form.validate():
        changed = privacy.update_consents(registration, participant_list=form.list_consent.data,
                                          photos=form.photo_consent.data)
        db.session.commit()
        flash(_("Your choices have been saved.") if changed else _("Nothing was changed."), "success")
    else:
        flash(_("Your session has expired. Please try again."), "error")
    return redirect(url_for("public.personal_page", token=token), code=303)


@bp.route("/registration/<token>/delete", methods=["GET", "POST"])
@personal_link_limit
@csrf.exempt
def erase(token):
    registration = _registration_or_404(token)
    form = EraseForm()
    if form.validate_on_submit():
        privacy.erase(registration)
        db.session.commit()
        return redirect(url_for("public.erased"), code=303)
    return render_template("public/erase.html", registration=registration, event=registration.event,
                           form=form, token=token), status_for(form)


@bp.get("/deleted")
def erased():
    return render_template("public/erased.html")
