"""Outgoing e-mail through the worker: a request never waits for, or fails on, the mail server.

``EMAIL_BACKEND`` is ``QueuedEmailBackend``: it turns each message into plain data (addresses, subject,
text and HTML bodies, headers, small attachments) and enqueues ``deliver_email``, which sends it with
``EMAIL_DELIVERY_BACKEND`` (SMTP when ``EMAIL_HOST`` is set, else the console), retried with backoff
while the mail server is away. Every e-mail goes this way: Wagtail's workflow notifications, password
resets, and the project's own.
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .backend import enqueue


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .tasks import deliver_email

        for message in email_messages:
            enqueue(deliver_email, as_data(message))
        return len(email_messages)


def as_data(message) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment  # MIME parts are not made by this project
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "content_subtype": message.content_subtype,
        "attachments": attachments,
    }


def from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def deliver(data: dict) -> None:
    with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
        connection.send_messages([from_data(data)])
