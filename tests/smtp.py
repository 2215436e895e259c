"""A real SMTP server for the tests (aiosmtpd), collecting what arrives."""
from __future__ import annotations

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


class Collector:
    """Accepts every mail, except to addresses that ask for a failure:
    reject-...@ gets 550 (permanent), later-...@ gets 451 (temporary)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 No such user here"
        if address.startswith("later"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.collector = Collector()
        self.controller = None

    @property
    def messages(self):
        return self.collector.messages

    def start(self):
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
