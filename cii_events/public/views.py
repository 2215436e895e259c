"""Public views: parse with a form, call one service, commit, redirect."""
from __future__ import annotations

import secrets
import time

from flask import (Response, abort, current_app, flash, make_response, redirect, render_template, request,
                   session, url_for)

from .. import page_cache
from ..extensions import csrf, db, limiter
from ..i18n import _, current_language
from ..models import RegistrationStatus, utcnow
from ..saving import saving, see_other, status_for
from ..services import (attendance, capacity, catalogue, certificates, invitations, mail, programme_cache,
                        questions, registration as registrations, tokens)

from ..services.capacity import event_waiting_position, waiting_position
from ..services.errors import AlreadyRegistered
from ..services.preferences import rank_field
from ..web import content_disposition
from . import api, bp
from .invitation_views import invitation_gate, invitation_query, prefill
from .forms import CancelForm, ConsentsForm, SendLinkForm, answers_form, change_form, registration_form


@bp.get("/")
def events():
    def render():
        upcoming, past = catalogue.public_events()
        return render_template("public/events.html", upcoming=upcoming, past=past)
    return page_cache.cached(("events", current_language()), render)


@bp.get("/events/<slug>/")
def event(slug):
    def render():
        event = catalogue.public_event(slug) or abort(404)
        return render_template("public/event.html", event=event, days=catalogue.event_days(event),
                               seats=catalogue.availability(event),
                               registration_open=event.registration_open_at(utcnow()))
    return page_cache.cached(("event", slug, current_language()), render)


def _limit(name):
    return limiter.limit(lambda: current_app.config[name], methods=["POST"])


# Every route that takes a personal link's secret counts against one limit per client address,
# so that guessing secrets is as slow on the cancel, data and consent pages as on the personal page.
personal_link_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_PERSONAL_PAGE"],
                                           scope="personal-link")


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@_limit("RATELIMIT_REGISTRATION")
@csrf.exempt  # the form checks its own token, so an expired one keeps what was typed
def register(slug):
    # The cached programme; a post's statement checks its version itself (services.registration).
    posted = request.method == "POST"
    event = programme_cache.public_event(slug, revalidate=not posted) or abort(404)
    invitation, refusal = invitation_gate(event)
    if refusal is not None:
        return refusal
    form = _registration_form(event)
    valid = form.is_submitted() and form.validate()
    if posted and not valid:
        # A cached copy older than the form may refuse a workshop added since: ask once more.
        fresh = programme_cache.public_event(slug) or abort(404)
        if fresh is not event:
            event, form = fresh, _registration_form(fresh)
            valid = form.is_submitted() and form.validate()
    nonce = None
    already_registered = False
    if not form.is_submitted():
        form.nonce.data = _new_nonce()
        if invitation is not None:
            prefill(form, invitation)
    elif valid:
        nonce = form.nonce.data if _nonce_is_ours(form.nonce.data) else None
        with saving(form) as saved:
            registration = registrations.register(event, form.participant_details(), form.choices(),
                                                  days=form.chosen_days(), preferences=form.preferences(),
                                                  nonce=nonce, answers=form.answers())
            if invitation is not None:
                invitations.accept(invitation, registration)
            token = registrations.personal_token(registration)  # before the commit expires the row
        if saved:
            flash(_("Thank you, your registration has been received."), "success")
            return see_other("public.personal_page", token=token)
        # The same form sent twice from this browser: show what the first submit made. A nonce
        # from another session (or an old one) finds nothing.
        if isinstance(saved.error, AlreadyRegistered) and nonce:
            earlier = registrations.find_by_submission(event, nonce, form.email.data)
            if earlier is not None:
                return _to_personal_page(earlier)
        already_registered = isinstance(saved.error, AlreadyRegistered)
    if form.is_submitted() and not _nonce_is_ours(form.nonce.data):
        form.nonce.data = _new_nonce()  # the form shown again protects its next submit too
    response = make_response(render_template("public/register.html", event=event, form=form,
                                             seats=catalogue.availability(event),
                                             full_cantons=capacity.full_cantons(event),
                                             form_query=invitation_query(invitation),
                                             places_left=questions.places_left(event),
                                             already_registered=already_registered,
                                             registration_open=event.registration_open_at(utcnow())),
                             status_for(form))
    response.headers["Cache-Control"] = "no-store"  # the nonce belongs to this visitor alone
    return response


NONCE_SESSION_KEY = "form_key"
NONCE_LIFETIME_SECONDS = 6 * 3600  # a form left open over lunch still finds its double submit


def _new_nonce() -> str:
    if not session.get(NONCE_SESSION_KEY):
        session[NONCE_SESSION_KEY] = secrets.token_urlsafe(16)
    return tokens.form_nonce(current_app.config["SECRET_KEY"], session[NONCE_SESSION_KEY], int(time.time()))


def _nonce_is_ours(nonce: str | None) -> bool:
    return tokens.check_form_nonce(current_app.config["SECRET_KEY"], session.get(NONCE_SESSION_KEY, ""),
                                   nonce or "", int(time.time()), NONCE_LIFETIME_SECONDS)


def _registration_form(event):
    return registration_form(event, cached=True, language=current_language(),
                             understands=[current_language()])


def _to_personal_page(registration):
    return redirect(url_for("public.personal_page", token=registrations.personal_token(registration)),
                    code=303)


def _registration_or_404(token):
    return registrations.find_by_token(token) or abort(404)


@bp.route("/registration/<token>/", methods=["GET", "POST"])
@personal_link_limit
@csrf.exempt
def personal_page(token):
    registration = _registration_or_404(token)
    event = catalogue.public_event(registration.event.slug) or abort(404)
    form = change_form(event, registration.days, data=_current_choices(event, registration))
    if form.is_submitted() and form.validate():
        waits = []  # full workshops chosen: waited for beside the seat kept
        with saving(form) as saved:
            if event.ranked_slots:
                changed = registrations.change_preferences(registration, form.preferences(), form.choices())
                done = _("Your preferences have been saved.")
            elif "days" in form:
                changed = any(registrations.change_days(registration, form.chosen_days(), form.choices()))
                done = _("Your registration has been changed.")
            else:
                changed = registrations.change_workshops(registration, form.choices())
                waits = [change.new for change in changed if change.waiting]
                done = _("Your workshops have been changed.") if len(waits) < len(changed) else None
        if saved:
            if not changed:
                flash(_("Nothing was changed."), "success")
            elif done:
                flash(done, "success")
            for workshop in waits:
                flash(_("%(workshop)s is full: you are now on its waiting list, and you keep your current "
                        "seat until a seat is free for you.", workshop=workshop.title), "success")
            return see_other("public.personal_page", token=token)
        registration = _registration_or_404(token)
    return _personal(event, registration, token, form=form)


def _personal(event, registration, token, *, form=None, answers=None):
    """The personal page, with the form that was sent (and its errors) or fresh ones."""
    form = form or change_form(event, data=_current_choices(event, registration))
    if answers is None:
        answers = answers_form(event, days=registration.days, formdata=None,
                               data=questions.form_data(registration))
    positions = {b.id: waiting_position(b) for b in registration.active_bookings}
    day_positions = {a.day: attendance.waiting_position(a) for a in registration.attendances
                     if a.waitlist_ticket is not None}
    answered = questions.answered(registration, current_language())
    status = status_for(answers) if answers.errors or answers.form_errors else status_for(form)
    return render_template("public/personal.html", event=event, registration=registration,
                           form=form, answers_form=answers, answered=answered, positions=positions,
                           token=token, day_positions=day_positions,
                           places_left=questions.places_left(event),
                           consents_form=ConsentsForm(formdata=None, obj=registration),
                           event_position=event_waiting_position(registration),
                           canton_wait=capacity.waits_for_canton(registration),
                           seats=catalogue.availability(event),
                           can_change=(registration.status is not RegistrationStatus.CANCELLED
                                       and event.registration_open_at(utcnow()))), status


@bp.post("/registration/<token>/answers")
@personal_link_limit
@csrf.exempt  # the form checks its own token
def answers(token):
    """The answers to the event's own questions, changed until the registration closes."""
    registration = _registration_or_404(token)
    event = catalogue.public_event(registration.event.slug) or abort(404)
    form = answers_form(event, days=registration.days)
    if form.validate():
        with saving(form) as saved:
            changed = questions.change_answers(registration, form.answers())
        if saved:
            flash(_("Your answers have been saved.") if changed else _("Nothing was changed."), "success")
            return see_other("public.personal_page", token=token)
        registration = _registration_or_404(token)
    return _personal(event, registration, token, answers=form)


def _current_choices(event, registration) -> dict:
    """The change form's starting values: the seats held, the ranking and the languages."""
    current = {f"slot_{s.id}": str(b.workshop_id) if (b := registration.booking_for_slot(s.id)) else ""
               for s in event.first_come_slots}
    current["days"] = [day.isoformat() for day in registration.days]
    if event.ranked_slots:
        current["understands"] = registration.languages_followed
        for slot in event.ranked_slots:
            for booking in registration.preferences_for_slot(slot.id):
                current[rank_field(slot.id, booking.preference_rank)] = str(booking.workshop_id)
    return current


@bp.get("/registration/<token>/certificate.pdf")
@personal_link_limit
def certificate(token):
    """The attendance certificate, in the participant's language, once they were checked in."""
    registration = _registration_or_404(token)
    if not certificates.available(registration):
        abort(404)
    data = certificates.render(certificates.sheet(registration))
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(certificates.filename(registration))
    return response


@bp.get("/registration/<token>/calendar.ics")
@personal_link_limit
def calendar_file(token):
    """The registration's calendar file, the same as the mails carry."""
    registration = _registration_or_404(token)
    response = Response(mail.registration_ics(registration), mimetype="text/calendar")
    response.headers["Content-Disposition"] = content_disposition(f"cii-{registration.event.slug}.ics")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/registration/<token>/cancel", methods=["GET", "POST"])
@personal_link_limit
@csrf.exempt
def cancel(token):
    registration = _registration_or_404(token)
    form = CancelForm()
    if registration.status is RegistrationStatus.CANCELLED:
        return redirect(url_for("public.personal_page", token=token), code=303)
    if form.validate_on_submit():
        with saving() as saved:
            registrations.cancel(registration)
        if saved:
            flash(_("Your registration has been cancelled."), "success")
        return see_other("public.personal_page", token=token)
    return render_template("public/cancel.html", registration=registration, event=registration.event,
                           form=form), status_for(form)


@bp.route("/events/<slug>/send-link", methods=["GET", "POST"])
@_limit("RATELIMIT_SEND_LINK")
def send_link(slug):
    """"Send me my link again": the same answer whether or not the address is registered."""
    event = catalogue.public_event(slug) or abort(404)
    form = SendLinkForm()
    if form.validate_on_submit():
        mail.send_personal_link(event, form.email.data)
        db.session.commit()
        flash(_("If this address is registered for the event, we have just sent the personal link to it. "
                "Please also check your spam folder."), "success")
        return redirect(url_for("public.send_link", slug=slug), code=303)
    return render_template("public/send_link.html", event=event, form=form), status_for(form)


@api.get("/events/<slug>/availability")
def availability(slug):
    event = catalogue.public_event(slug) or abort(404)
    seats = catalogue.availability(event)
    return {
        "event": event.slug,
        "capacity": event.capacity,
        "confirmed": event.confirmed_count if event.capacity is not None else None,
        "items": [{"id": w.id, "slot_id": w.slot_id, "code": w.code, "capacity": w.capacity,
                   "confirmed": w.confirmed_count, "waiting": seats[w.id].waiting}
                  for slot in event.slots for w in slot.workshops],
    }
