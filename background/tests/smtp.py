"""A real SMTP server on this machine (aiosmtpd) that keeps what it receives, for the e-mail tests."""

import contextlib
import email
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=default_policy)))
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server(port: int):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
