"""Secrets in personal links, check-in codes and references."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# No 0/O, 1/I/L: a reference is read aloud at the desk and typed from paper.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_BYTES = 24  # 192 bits


def new_token_salt() -> str:
    return secrets.token_hex(16)


def manage_token(secret_key: str, salt: str) -> str:
    """The secret of a personal link: derived from a stored salt and the server's key.

    Only its hash is stored for the lookup; the database alone does not give it away, yet every
    mail about a registration (a promotion from the waiting list too) can carry the link.
    """
    digest = hmac.new(secret_key.encode(), b"manage\0" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def submission_key(nonce: str) -> str:
    return hashlib.sha256(b"submission\0" + nonce.encode()).hexdigest()


def form_nonce(secret_key: str, session_key: str, issued: int) -> str:
    """The registration form's one-time nonce: random, with the time it was issued, signed together
    with a key kept in the visitor's session, so that only that browser can use it."""
    random_part = secrets.token_urlsafe(12)
    return f"{random_part}.{issued}.{_nonce_mac(secret_key, session_key, random_part, issued)}"


def check_form_nonce(secret_key: str, session_key: str, nonce: str, now: int, lifetime: int) -> bool:
    """Whether the nonce was issued to this session and less than `lifetime` seconds ago."""
    random_part, _sep, rest = (nonce or "").partition(".")
    issued, _sep, mac = rest.partition(".")
    if not (session_key and random_part and issued.isdigit() and mac):
        return False
    if not 0 <= now - int(issued) <= lifetime:
        return False
    return hmac.compare_digest(mac, _nonce_mac(secret_key, session_key, random_part, int(issued)))


def _nonce_mac(secret_key: str, session_key: str, random_part: str, issued: int) -> str:
    message = f"form-nonce\0{session_key}\0{random_part}\0{issued}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def new_checkin_code() -> str:
    return secrets.token_urlsafe(12)


def format_reference(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def email_change_code(secret_key: str, salt: str, address: str) -> str:
    """The secret of the link that confirms a new address: bound to the address asked for and to a
    salt drawn for that request (a newer request, or a transfer, makes older links worthless)."""
    message = b"email-change\0" + salt.encode() + b"\0" + address.encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode()
