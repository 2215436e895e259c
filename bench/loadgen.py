"""A light HTTP/1.1 load generator on asyncio: many clients for little CPU.

Thread-per-client generators spend more CPU than the server under test on a 2-core machine;
this one keeps one connection per client and parses just enough of each response.
"""
from __future__ import annotations

import asyncio
import time


class Connection:
    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        """Send one request; returns (status, headers, body). Reconnects when the server closed."""
        if self.writer is None:
            await self.open()
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: keep-alive",
                 f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed by the server")
        status = int(status_line.split()[1])
        response_headers = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            response_headers.setdefault(name.strip().lower(), value.strip())
        length = int(response_headers.get("content-length", "0"))
        content = await self.reader.readexactly(length) if length else b""
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return status, response_headers, content


async def timed(connection: Connection, *args, **kwargs):
    began = time.perf_counter()
    try:
        status, headers, body = await connection.request(*args, **kwargs)
    except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
        await connection.close()
        return 0, {}, b"", time.perf_counter() - began
    return status, headers, body, time.perf_counter() - began
