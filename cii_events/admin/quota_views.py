"""Places per canton of an event: organizers set them; the dashboard shows used / places."""
from __future__ import annotations

from flask import flash, render_template
from flask_babel import ngettext

from ..i18n import _, current_language
from ..saving import saving, see_other, status_for
from ..services import canton_quotas, programme
from . import bp
from .auth import current_account, event_to_manage
from .forms.quotas import QuotasForm


@bp.route("/events/<int:event_id>/quotas", methods=["GET", "POST"])
def canton_quotas_page(event_id):
    event = programme.load_event(event_to_manage(event_id).id)
    form = QuotasForm()
    if not form.is_submitted():
        form.fill(event.canton_quota, event.canton_quotas)
    elif form.validate():
        with saving(form) as saved:
            admitted = canton_quotas.save(event, form.general.data, form.exceptions(),
                                          actor=current_account())
        if saved:
            flash(_("The places per canton have been saved."), "success")
            if admitted:
                flash(ngettext("%(num)d person moved up from the waiting list.",
                               "%(num)d people moved up from the waiting list.", len(admitted)), "success")
            return see_other("admin.canton_quotas_page", event_id=event.id)
        event = programme.load_event(event.id)
    return render_template("admin/quotas.html", event=event, form=form,
                           rows=form.canton_fields(current_language()),
                           figures=canton_quotas.figures(event)), status_for(form)
