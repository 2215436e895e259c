"""Back-office accounts: creating them, signing in, passwords, roles and event assignments."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import cantons
from ..extensions import db
from ..i18n import LANGUAGES, _l
from ..models import Event, Role, User, utcnow
from . import audit
from .errors import DomainError

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)


class AccountError(DomainError):
    message = _l("The account could not be saved.")


class EmailTaken(AccountError):
    message = _l("Another account already uses this email address.")


class WeakPassword(AccountError):
    message = _l("Please choose a password of at least %(num)d characters that is not your email address.",
                 num=MIN_PASSWORD_LENGTH)


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


def check_password_policy(password: str, email: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH or password.strip().lower() == normalize_email(email):
        raise WeakPassword(field="password")


def session_marker(user: User) -> str:
    """Part of the session id: changing the password signs out every other session."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


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
    check_password_policy(password, data.email)
    user = User(email=normalize_email(data.email), name=data.name.strip(), role=data.role,
                canton=data.canton if data.role is Role.COORDINATOR else None, language=data.language,
                active=data.active, password_hash=hash_password(password), failed_logins=0)
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
    """An admin (or the command line) sets a new password; the account is unlocked as well."""
    check_password_policy(password, user.email)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    audit.record("user.password_set", actor=actor, object_type="user", object_id=user.id)


def change_own_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise WrongPassword(field="current_password")
    check_password_policy(new, user.email)
    user.password_hash = hash_password(new)
    audit.record("account.password_changed", actor=user, object_type="user", object_id=user.id)


def unlock(user: User, *, actor: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
    audit.record("user.unlocked", actor=actor, object_type="user", object_id=user.id)


_DUMMY_HASH: list[str] = []


def authenticate(email: str, password: str, *, now: datetime | None = None) -> User | None:
    """The account for these credentials, or None. Failed attempts count; too many lock the account.

    The caller commits either way, so that failed attempts are remembered.
    """
    now = now or utcnow()
    user = find_by_email(email)
    if user is None:
        # Spend the same time as for a real account, so the answer time tells nothing.
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_password("not a real password"))
        check_password_hash(_DUMMY_HASH[0], password)
        return None
    if user.locked_until is not None and user.locked_until > now:
        audit.record("login.refused_locked", actor=user, object_type="user", object_id=user.id)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCK_DURATION
            user.failed_logins = 0
            audit.record("login.locked", actor=user, object_type="user", object_id=user.id)
        else:
            audit.record("login.failed", actor=user, object_type="user", object_id=user.id)
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record("login.succeeded", actor=user, object_type="user", object_id=user.id)
    return user


def is_locked(user: User, now: datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or utcnow())
