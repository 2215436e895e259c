"""Signing in and out, one's own profile and password."""
from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import logout_user

from ..extensions import db, limiter
from ..i18n import _
from ..saving import saving, see_other, status_for
from ..services import accounts, audit
from . import bp
from .auth import LANGUAGE_KEY, current_account, current_token, safe_next, sign_in
from .forms.accounts import LoginForm, LogoutForm, PasswordForm, ProfileForm


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        started = time.monotonic()
        try:
            account = accounts.authenticate(form.email.data, form.password.data,
                                            address=request.remote_addr or "")
            message = _("The email address or the password is not correct. After a few failed attempts, "
                        "each further attempt has to wait a little longer.")
        except accounts.LoginThrottled as error:
            account, message = None, error.message
        if account is not None:
            lang = session.get(LANGUAGE_KEY)
            session.clear()  # nothing from before signing in carries over
            if lang:  # a language chosen on the sign-in page stays
                session[LANGUAGE_KEY] = lang
            sign_in(account)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")), code=303)
        db.session.commit()  # failed attempts count too
        # Every failure takes the same time: a wrong password, an unknown address, a refused attempt.
        time.sleep(max(0.0, started + current_app.config["LOGIN_FAILURE_SECONDS"] - time.monotonic()))
        form.form_errors.append(message)
    return render_template("admin/login.html", form=form), 422 if form.errors or form.form_errors else 200


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        accounts.end_session(current_token())
        audit.record("logout", actor=current_account(), object_type="user", object_id=current_account().id)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have signed out."), "success")
    return redirect(url_for("admin.login"), code=303)


@bp.post("/account/sessions/end")
def end_all_sessions():
    """Sign out everywhere: every session of this account ends, this one too."""
    if LogoutForm().validate_on_submit():
        user = current_account()
        count = accounts.end_all_sessions(user, reason="signed out everywhere")
        audit.record("logout.everywhere", actor=user, object_type="user", object_id=user.id, sessions=count)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have been signed out on every device."), "success")
        return redirect(url_for("admin.login"), code=303)
    return redirect(url_for("admin.account"), code=303)


@bp.route("/account", methods=["GET", "POST"])
def account():
    user = current_account()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        with saving(form) as saved:
            accounts.update_profile(user, name=form.name.data or "", language=form.language.data)
        if saved:
            session.pop(LANGUAGE_KEY, None)  # the saved language applies from now on
            flash(_("Your profile has been saved."), "success")
            return see_other("admin.account")
    return render_template("admin/account.html", form=form, user=user, sessions=accounts.open_sessions(user),
                           this_session=current_token(), is_current=accounts.is_current,
                           end_sessions=LogoutForm()), status_for(form)


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    user = current_account()
    form = PasswordForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            accounts.change_own_password(user, form.current_password.data, form.password.data)
            sign_in(user)  # every session has ended; this browser goes on in a new one
        if saved:
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return see_other("admin.account")
    return render_template("admin/password.html", form=form), status_for(form)
