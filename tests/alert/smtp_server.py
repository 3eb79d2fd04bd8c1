#!/usr/bin/python3
"""A real SMTP server for the alert tests, built on Debian's aiosmtpd.

Usage: smtp_server.py --port N --dir OUT [--cert C --key K] [--implicit-tls]
                      [--user U --password P] [--reject CODE]

With a certificate the server offers STARTTLS and requires it before
AUTH and MAIL (or speaks TLS from the first byte with --implicit-tls).
Without one it offers no TLS at all. Each accepted message is saved as
OUT/msg-<n>.eml (the bytes received) and OUT/msg-<n>.json (envelope, TLS
and AUTH state, and the headers and parts as Python's email parser reads
them). OUT/ready is written once the server listens.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Saver:
    def __init__(self, out_dir, reject):
        self.out_dir = out_dir
        self.reject = reject
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.reject:
            return f"{self.reject} Requested action not taken: rejected by the test"
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            parts.append({"content_type": part.get_content_type(),
                          "charset": part.get_content_charset(),
                          "transfer_encoding": part.get("Content-Transfer-Encoding"),
                          "text": part.get_content()})
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": (session.ssl is not None
                    or server.transport.get_extra_info("ssl_object") is not None),
            "authenticated": bool(session.authenticated),
            "headers": {k: str(v) for k, v in message.items()},
            "content_type": message.get_content_type(),
            "defects": [type(d).__name__ for d in message.defects],
            "parts": parts,
        }
        with self.lock:
            self.count += 1
            base = os.path.join(self.out_dir, f"msg-{self.count}")
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        # handled=False: let aiosmtpd answer 535 on failure.
        return AuthResult(success=ok, handled=False)
    return check


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--reject", type=int)
    a = p.parse_args()

    kwargs = {}
    if a.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
        if a.implicit_tls:
            kwargs["ssl_context"] = context
        else:
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = True
    if a.user:
        kwargs["authenticator"] = authenticator(a.user, a.password)
        # With TLS from the first byte aiosmtpd does not see the session
        # as TLS-protected; the connection is, so AUTH is allowed.
        kwargs["auth_require_tls"] = bool(a.cert) and not a.implicit_tls
        kwargs["auth_required"] = True

    controller = Controller(Saver(a.dir, a.reject), hostname="127.0.0.1", port=a.port,
                            server_hostname="localhost", ready_timeout=10, **kwargs)
    controller.start()
    with open(os.path.join(a.dir, "ready"), "w") as f:
        f.write(str(a.port))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
