"""Signing in and out, one's own profile and password."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from ..extensions import db, limiter
from ..i18n import _
from ..saving import saving, see_other, status_for
from ..services import accounts, audit
from . import bp
from .auth import LANGUAGE_KEY, SignedIn, current_account, safe_next
from .forms.accounts import LoginForm, LogoutForm, PasswordForm, ProfileForm


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        account = accounts.authenticate(form.email.data, form.password.data)
        db.session.commit()  # failed attempts count too
        if account is not None:
            lang = session.get(LANGUAGE_KEY)
            session.clear()  # nothing from before signing in carries over
            if lang:  # a language chosen on the sign-in page stays
                session[LANGUAGE_KEY] = lang
            login_user(SignedIn(account))
            return redirect(safe_next(request.args.get("next")), code=303)
        form.form_errors.append(_("The email address or the password is not correct. After %(num)d failed "
                                  "attempts the account is locked for %(minutes)d minutes.",
                                  num=accounts.MAX_FAILED_LOGINS,
                                  minutes=int(accounts.LOCK_DURATION.total_seconds() // 60)))
    return render_template("admin/login.html", form=form), 422 if form.errors or form.form_errors else 200


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        audit.record("logout", actor=current_account(), object_type="user", object_id=current_account().id)
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You have signed out."), "success")
    return redirect(url_for("admin.login"), code=303)


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
    return render_template("admin/account.html", form=form, user=user), status_for(form)


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    user = current_account()
    form = PasswordForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            accounts.change_own_password(user, form.current_password.data, form.password.data)
        if saved:
            login_user(SignedIn(user))  # the session id follows the new password
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return see_other("admin.account")
    return render_template("admin/password.html", form=form), status_for(form)
