"""A real SMTP server (aiosmtpd) that is picky about recipients, for the send
fault tests: smtp-sink rejects every RCPT or none, a real list meets a
server that refuses some addresses and greylists others.

    picky_server.py PORT DIR [USER:PASSWORD]

- a local part starting with `bounce` is refused for good: 550 5.1.1;
- one starting with `later` is refused for now (451 4.7.1) on its first
  attempt, accepted after;
- one starting with `never` is refused for now on every attempt;
- everything else is accepted.

With the environment variable PICKY_OUTAGE=SECONDS, every RCPT is refused
for now with the same reply (451 4.3.2) for that long after the first RCPT:
a server-wide outage, then a healthy server.

With USER:PASSWORD, AUTH (PLAIN or LOGIN, without TLS on loopback) is
required before MAIL and only that pair is accepted.

Each accepted message is written to DIR as `<n>.eml`; every RCPT attempt is
appended to DIR/../attempts.log as `<address> <code>`. Prints `ready` once
listening.
"""

import os
import pathlib
import sys
import time
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Picky:
    def __init__(self, store: pathlib.Path):
        self.store = store
        self.log = store.parent / "attempts.log"
        self.seen_later = set()
        self.count = 0
        self.outage = float(os.environ.get("PICKY_OUTAGE", "0"))
        self.outage_start = None

    def note(self, address, code):
        with self.log.open("a") as log:
            log.write(f"{address} {code}\n")

    async def handle_RCPT(self, server, session, envelope, address, options):
        local = address.split("@")[0].lower()
        if self.outage_start is None:
            self.outage_start = time.monotonic()
        if time.monotonic() - self.outage_start < self.outage:
            reply = "451 4.3.2 System not accepting network messages"
        elif local.startswith("bounce"):
            # Postfix names the recipient in its refusals, as here.
            reply = f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        elif local.startswith("never") or (
            local.startswith("later") and address not in self.seen_later
        ):
            self.seen_later.add(address)
            reply = f"451 4.7.1 <{address}>: Recipient address rejected: Greylisted, try again later"
        else:
            envelope.rcpt_tos.append(address)
            reply = "250 OK"
        self.note(address, reply[:3])
        return reply

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        (self.store / f"{self.count}.eml").write_bytes(envelope.original_content)
        return "250 2.0.0 Message accepted"


def main():
    port, store = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    store.mkdir(parents=True, exist_ok=True)
    options = {}
    if len(sys.argv) > 3:
        user, password = sys.argv[3].encode().split(b":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and (
                auth_data.login,
                auth_data.password,
            ) == (user, password)
            return AuthResult(success=ok, handled=False)

        options = dict(
            authenticator=authenticator, auth_required=True, auth_require_tls=False
        )
    controller = Controller(Picky(store), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()  # the server runs in its own thread until killed


if __name__ == "__main__":
    main()
