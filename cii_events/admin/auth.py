"""Signing in, the guard in front of every back-office page, and the back office's language."""
from __future__ import annotations

import time

from functools import wraps
from urllib.parse import urlencode

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import refresh
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from .. import cantons, i18n
from ..i18n import _
from ..extensions import db, login_manager
from ..models import Event, Role, User
from ..services import accounts
from ..services.access import Scope
from . import bp

# Pages that answer without an account.
OPEN_ENDPOINTS = {"admin.login"}
LANGUAGE_KEY = "admin_lang"
SEEN_KEY = "admin_seen"  # time of the last back-office request of this session


class SignedIn(UserMixin):
    """Flask-Login's view of a back-office session: its id is the session's secret, which the
    server can end (signing out, a new password, a deactivated account, "sign out everywhere")."""

    def __init__(self, account: User, token: str):
        self.account = account
        self.token = token

    def get_id(self) -> str:
        return self.token

    @property
    def is_active(self) -> bool:
        return self.account.active


@login_manager.user_loader
def load_user(token: str) -> SignedIn | None:
    found = accounts.find_session(token)
    return SignedIn(found.user, token) if found is not None else None


def sign_in(account: User) -> None:
    """Start a server-side session for the account in this browser (the caller commits)."""
    token = accounts.start_session(account, user_agent=request.headers.get("User-Agent", ""))
    login_user(SignedIn(account, token))


def current_token() -> str:
    return current_user.token if current_user.is_authenticated else ""


@login_manager.unauthorized_handler
def to_login():
    return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))


def current_account() -> User | None:
    return current_user.account if current_user.is_authenticated else None


def current_scope() -> Scope:
    if "scope" not in g:
        g.scope = Scope.of(current_account())
    return g.scope


@bp.before_request
def guard():
    # g outlives the request when an app context was pushed before it (tests, scripts): the
    # signed-in user, their scope and the form token are always read afresh from this session.
    for cached in ("_login_user", "scope", "csrf_token"):
        g.pop(cached, None)
    choose_language()
    if current_user.is_authenticated and _idle_too_long():
        logout_user()
        session.clear()
        flash(_("You were signed out after a while without activity. Please sign in again."), "error")
    if request.endpoint not in OPEN_ENDPOINTS and not current_user.is_authenticated:
        return login_manager.unauthorized()


def _idle_too_long() -> bool:
    """Back-office sessions end after ADMIN_IDLE_MINUTES without a request."""
    now = int(time.time())
    last = session.get(SEEN_KEY, now)
    session[SEEN_KEY] = now
    return now - int(last) > current_app.config["ADMIN_IDLE_MINUTES"] * 60


@bp.after_request
def no_copies(response):
    """Back-office pages show personal data: no copies in the browser's or a proxy's cache."""
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Cookie")
    return response


def choose_language() -> None:
    """`?lang=` switches (and is remembered), else the account's language, else the browser's."""
    wanted = request.args.get("lang")
    if wanted in i18n.LANGUAGES:
        session[LANGUAGE_KEY] = wanted
    lang = session.get(LANGUAGE_KEY)
    if lang not in i18n.LANGUAGES:
        account = current_account()
        lang = account.language if account and account.language in i18n.LANGUAGES else None
    g.lang = lang or i18n.best_language_from_request()
    refresh()


def roles(*allowed: Role):
    """Only these roles may use the view; others get 403."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if current_account().role not in allowed:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorate


def event_to_read(event_id: int) -> Event:
    event = db.session.get(Event, event_id) or abort(404)
    if not current_scope().can_see_event(event):
        abort(403)
    return event


def event_to_manage(event_id: int) -> Event:
    event = db.session.get(Event, event_id) or abort(404)
    if not current_scope().can_manage_event(event):
        abort(403)
    return event


def safe_next(target: str | None) -> str:
    """Only back to a back-office page of this site after signing in."""
    # printable: a line break or another control character would break the Location header
    if (target and target.startswith("/admin/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and " " not in target):
        return target
    return url_for("admin.events")


def language_links() -> list[dict]:
    args = {key: value for key, value in request.args.items() if key != "lang"}
    return [{"lang": lang, "name": i18n.LANGUAGE_NAMES[lang], "current": lang == i18n.current_language(),
             "href": request.path + "?" + urlencode({**args, "lang": lang})} for lang in i18n.LANGUAGES]


@bp.context_processor
def back_office_context() -> dict:
    account = current_account()
    return {"account": account, "scope": current_scope() if account else None,
            "admin_language_links": language_links, "region_choices": cantons.region_choices}


def _error_page(code: int, csrf: bool = False):
    choose_language()
    db.session.rollback()
    return render_template("admin/error.html", code=code, csrf=csrf), code


for _code in (400, 403, 404):
    bp.register_error_handler(_code, lambda error, code=_code: _error_page(code))
bp.register_error_handler(CSRFError, lambda error: _error_page(400, csrf=True))
