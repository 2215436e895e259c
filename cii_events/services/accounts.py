"""Back-office accounts: creating them, signing in, passwords, roles and event assignments."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from werkzeug.security import check_password_hash, generate_password_hash

from .. import cantons
from ..extensions import db
from ..i18n import LANGUAGES, _l
from ..models import AdminSession, Event, LoginThrottle, Role, User, utcnow
from . import audit
from .errors import DomainError

MIN_PASSWORD_LENGTH = 10
MIN_SCORE = 3  # zxcvbn: "safely unguessable: moderate protection from an offline slow-hash scenario"
MAX_SCORED_LENGTH = 72


class AccountError(DomainError):
    message = _l("The account could not be saved.")


class EmailTaken(AccountError):
    message = _l("Another account already uses this email address.")


class WeakPassword(AccountError):
    message = _l("This password is too easy to guess. Please choose at least %(num)d characters that are "
                 "not a common word or name, a simple pattern such as aaaa or 1234, or your email address: "
                 "a few unrelated words make a good password.", num=MIN_PASSWORD_LENGTH)


class WrongPassword(AccountError):
    message = _l("The current password is not correct.")


class CantonRequired(AccountError):
    message = _l("A cantonal coordinator needs a canton.")


class LastAdmin(AccountError):
    message = _l("You cannot take away your own administrator rights or deactivate your own account.")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    """scrypt with a random salt (werkzeug's default work factor unless PASSWORD_HASH_METHOD says
    otherwise; the test suite lowers it to keep fast)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
    return generate_password_hash(password, method=method)


def check_password_policy(password: str, email: str = "", name: str = "") -> None:
    """At least MIN_PASSWORD_LENGTH characters and hard to guess by zxcvbn's estimate (score 3 of 4:
    about 10^8 guesses or more), with the account's email address and name as known words. The one
    rule for the back office and the command line."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(field="password")
    email = normalize_email(email)
    local, _at, domain = email.partition("@")
    known = [email, local, domain, *re.split(r"[.\-_+]", local), *domain.split("."), *name.lower().split()]
    from zxcvbn import zxcvbn  # its dictionaries (about 13 MB) only where a password is chosen

    # zxcvbn's estimate grows quadratically with the length; a long password is scored by its start
    estimate = zxcvbn(password[:MAX_SCORED_LENGTH], user_inputs=[word for word in known if word])
    if estimate["score"] < MIN_SCORE:
        raise WeakPassword(field="password")


# Back-office sessions, kept on the server so that they can be ended there.

def _session_hash(token: str) -> str:
    return hashlib.sha256(b"admin-session\0" + token.encode()).hexdigest()


def start_session(user: User, *, user_agent: str = "", now: datetime | None = None) -> str:
    """A new session for the account; returns the secret the browser keeps in its cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(AdminSession(user_id=user.id, token_hash=_session_hash(token), created_at=now or utcnow(),
                                user_agent=(user_agent or "")[:200], end_reason=""))
    db.session.flush()
    return token


def _max_age() -> timedelta:
    return timedelta(hours=current_app.config["ADMIN_SESSION_MAX_HOURS"])


def find_session(token: str, *, now: datetime | None = None) -> AdminSession | None:
    """The open session with this secret, of an active account, younger than the absolute lifetime."""
    if not token:
        return None
    query = select(AdminSession).where(AdminSession.token_hash == _session_hash(token))
    found = db.session.scalars(query).first()
    if found is None or found.ended_at is not None or not found.user.active:
        return None
    if found.created_at + _max_age() <= (now or utcnow()):
        return None
    return found


def end_session(token: str, *, reason: str = "signed out", now: datetime | None = None) -> None:
    db.session.execute(update(AdminSession)
                       .where(AdminSession.token_hash == _session_hash(token),
                              AdminSession.ended_at.is_(None))
                       .values(ended_at=now or utcnow(), end_reason=reason))


def end_all_sessions(user: User, *, reason: str, now: datetime | None = None) -> int:
    """End every open session of the account; returns how many were open."""
    return db.session.execute(update(AdminSession)
                              .where(AdminSession.user_id == user.id, AdminSession.ended_at.is_(None))
                              .values(ended_at=now or utcnow(), end_reason=reason)).rowcount


def open_sessions(user: User, *, now: datetime | None = None) -> list[AdminSession]:
    oldest = (now or utcnow()) - _max_age()
    return list(db.session.scalars(
        select(AdminSession).where(AdminSession.user_id == user.id, AdminSession.ended_at.is_(None),
                                   AdminSession.created_at > oldest)
        .order_by(AdminSession.created_at.desc(), AdminSession.id.desc())))


def forget_old_sessions(now: datetime | None = None) -> int:
    """The retention run drops sessions that ended, or expired, more than a day ago."""
    cutoff = (now or utcnow()) - timedelta(days=1)
    return db.session.execute(delete(AdminSession).where(
        (AdminSession.ended_at < cutoff) | (AdminSession.created_at < cutoff - _max_age()))).rowcount


def is_current(session_row: AdminSession, token: str) -> bool:
    return hmac.compare_digest(session_row.token_hash, _session_hash(token))


def find_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == normalize_email(email))).first()


@dataclass
class AccountData:
    email: str
    role: Role
    name: str = ""
    canton: str | None = None
    language: str = "de"
    active: bool = True


def _check(data: AccountData, user: User | None) -> None:
    other = find_by_email(data.email)
    if other is not None and other is not user:
        raise EmailTaken(field="email")
    if data.role is Role.COORDINATOR and data.canton not in cantons.CANTONS:
        raise CantonRequired(field="canton")
    if data.language not in LANGUAGES:
        raise AccountError(field="language")


def create_user(data: AccountData, password: str, *, actor: User | None,
                event_ids: Iterable[int] = ()) -> User:
    _check(data, None)
    check_password_policy(password, data.email, data.name)
    user = User(email=normalize_email(data.email), name=data.name.strip(), role=data.role,
                canton=data.canton if data.role is Role.COORDINATOR else None, language=data.language,
                active=data.active, password_hash=hash_password(password))
    user.events = _events(event_ids) if data.role is Role.ORGANIZER else []
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", actor=actor, object_type="user", object_id=user.id,
                 email=user.email, role=user.role.value, canton=user.canton,
                 events=[event.slug for event in user.events])
    return user


def update_user(user: User, data: AccountData, *, actor: User, event_ids: Iterable[int] = ()) -> list[str]:
    """Change an account's role, canton, events and details; returns the names of what changed."""
    _check(data, user)
    if user.id == actor.id and (data.role is not Role.ADMIN or not data.active):
        raise LastAdmin(field="role")
    before = _snapshot(user)
    user.email = normalize_email(data.email)
    user.name = data.name.strip()
    user.role = data.role
    user.canton = data.canton if data.role is Role.COORDINATOR else None
    user.language = data.language
    user.active = data.active
    user.events = _events(event_ids) if data.role is Role.ORGANIZER else []
    after = _snapshot(user)
    changed = {key: {"from": before[key], "to": after[key]} for key in after if before[key] != after[key]}
    if "active" in changed and not user.active:
        end_all_sessions(user, reason="deactivated")
    if changed:
        audit.record("user.updated", actor=actor, object_type="user", object_id=user.id, changes=changed)
    return list(changed)


def _snapshot(user: User) -> dict:
    return {"email": user.email, "name": user.name, "role": user.role.value, "canton": user.canton,
            "language": user.language, "active": user.active,
            "events": sorted(event.slug for event in user.events)}


def _events(event_ids: Iterable[int]) -> list[Event]:
    ids = sorted(set(event_ids))
    return list(db.session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.id))) if ids else []


def update_profile(user: User, *, name: str, language: str) -> None:
    if language not in LANGUAGES:
        raise AccountError(field="language")
    user.name = name.strip()
    user.language = language
    audit.record("account.profile", actor=user, object_type="user", object_id=user.id,
                 name=user.name, language=language)


def set_password(user: User, password: str, *, actor: User | None) -> None:
    """An admin (or the command line) sets a new password; every session of the account ends."""
    check_password_policy(password, user.email, user.name)
    user.password_hash = hash_password(password)
    end_all_sessions(user, reason="password set")
    audit.record("user.password_set", actor=actor, object_type="user", object_id=user.id)


def change_own_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise WrongPassword(field="current_password")
    check_password_policy(new, user.email, user.name)
    user.password_hash = hash_password(new)
    end_all_sessions(user, reason="password changed")  # the caller starts a new one for this browser
    audit.record("account.password_changed", actor=user, object_type="user", object_id=user.id)


def unlock(user: User, *, actor: User) -> None:
    """Let the account sign in at once again (its failed attempts are forgotten)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == _account_key(user.email)))
    audit.record("user.unlocked", actor=actor, object_type="user", object_id=user.id)


# Sign-in throttling: no account is ever locked. Each failed attempt past the first few, for an
# address (whether or not it has an account) and from a client address, makes the next attempt
# there wait twice as long, up to LOGIN_DELAY_MAX_SECONDS; an attempt made earlier is refused
# without looking at the password.

FREE_FAILURES = 3
FORGET_FAILURES_AFTER = timedelta(days=1)


class LoginThrottled(AccountError):
    message = _l("Too many failed sign-ins with this address or from this network. "
                 "Please wait a few minutes and try again.")


def _account_key(email: str) -> str:
    return "account:" + hashlib.sha256(normalize_email(email).encode()).hexdigest()[:64]


def _address_key(address: str) -> str:
    return "address:" + hashlib.sha256((address or "").encode()).hexdigest()[:64]


def login_delay(failures: int) -> timedelta:
    """How long the next attempt waits after this many failures in a row."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    config = current_app.config
    seconds = config["LOGIN_DELAY_SECONDS"] * 2 ** min(failures - FREE_FAILURES, 30)
    return timedelta(seconds=min(seconds, config["LOGIN_DELAY_MAX_SECONDS"]))


def _throttles(keys: list[str], *, for_update: bool = False) -> list[LoginThrottle]:
    query = select(LoginThrottle).where(LoginThrottle.key.in_(keys)).order_by(LoginThrottle.key)
    return list(db.session.scalars(query.with_for_update() if for_update else query))


def _count_failure(keys: list[str], now: datetime) -> None:
    """One more failure for each key (rows created without a race, then locked in key order)."""
    dialect = db.session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    db.session.execute(insert(LoginThrottle).values([{"key": key, "failures": 0} for key in keys])
                       .on_conflict_do_nothing())
    for row in _throttles(keys, for_update=True):
        if row.last_failure_at is not None and row.last_failure_at < now - FORGET_FAILURES_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        row.next_attempt_at = now + login_delay(row.failures)


def throttled_until(user: User, now: datetime | None = None) -> datetime | None:
    """When the account's next sign-in attempt is allowed, if that is in the future."""
    row = db.session.get(LoginThrottle, _account_key(user.email))
    if row is None or row.next_attempt_at is None or row.next_attempt_at <= (now or utcnow()):
        return None
    return row.next_attempt_at


def forget_old_throttles(now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - FORGET_FAILURES_AFTER
    return db.session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < cutoff)).rowcount


_DUMMY_HASH: list[str] = []


def authenticate(email: str, password: str, *, address: str = "", now: datetime | None = None) -> User | None:
    """The account for these credentials, or None; LoginThrottled when the attempt came too early.

    Unknown addresses are counted and throttled like real accounts, so nothing tells them apart
    (the view also answers every failure in the same time). The caller commits either way.
    """
    now = now or utcnow()
    keys = [_account_key(email), _address_key(address)]
    user = find_by_email(email)
    if any(row.next_attempt_at is not None and row.next_attempt_at > now for row in _throttles(keys)):
        if user is not None:
            audit.record("login.throttled", actor=user, object_type="user", object_id=user.id)
        raise LoginThrottled()
    if user is None:
        # Spend the same time as for a real account.
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not a real password"))
        check_password_hash(_DUMMY_HASH[0], password)
        _count_failure(keys, now)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        _count_failure(keys, now)
        audit.record("login.failed", actor=user, object_type="user", object_id=user.id)
        return None
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == keys[0]))
    user.last_login_at = now
    audit.record("login.succeeded", actor=user, object_type="user", object_id=user.id)
    return user
