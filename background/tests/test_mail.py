"""E-mail goes out through the worker: a request never waits for the mail server, and a mail server that is
down delays a message without losing it."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.tests.smtp import smtp_server
from cms.tests.processes import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def smtp_settings(queue):
    queue.EMAIL_BACKEND = "background.mail.QueuedEmailBackend"
    queue.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    queue.EMAIL_HOST, queue.EMAIL_PORT = "127.0.0.1", free_port()
    queue.EMAIL_USE_TLS = False
    queue.EMAIL_TIMEOUT = 2
    return queue


def run_worker():
    call_command("worker", "--batch", "--no-schedule", stdout=io.StringIO())


def send_review_request():
    mail.send_mail(
        "Review requested: What to expect",
        "Please review “What to expect”.",
        "cms@harborlight.example",
        ["reviewer@harborlight.example"],
        html_message="<p>Please review <strong>What to expect</strong>.</p>",
    )


def test_sending_only_queues_and_the_worker_delivers_to_the_smtp_server(smtp_settings):
    send_review_request()
    assert DBTaskResult.objects.get().task_path == "background.tasks.deliver_email"

    with smtp_server(smtp_settings.EMAIL_PORT) as mailbox:
        run_worker()

    ((recipients, message),) = mailbox.received
    assert recipients == ["reviewer@harborlight.example"]
    assert message["Subject"] == "Review requested: What to expect"
    assert message["From"] == "cms@harborlight.example"
    assert message.get_body(("plain",)).get_content().strip() == "Please review “What to expect”."
    assert "<strong>What to expect</strong>" in message.get_body(("html",)).get_content()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_message_sent_while_the_mail_server_is_down_is_delivered_once_it_is_back(smtp_settings, clock):
    send_review_request()

    run_worker()  # nothing listens on EMAIL_PORT
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.READY
    assert task.exception_class_path == "builtins.ConnectionRefusedError"

    with smtp_server(smtp_settings.EMAIL_PORT) as mailbox:
        clock.wait_until(task.run_after)
        run_worker()

    assert len(mailbox.received) == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_attachments_survive_the_queue(smtp_settings):
    message = mail.EmailMessage("Report", "Attached.", "cms@example.org", ["ops@example.org"])
    message.attach("report.csv", "a,b\n1,2\n", "text/csv")
    message.send()

    with smtp_server(smtp_settings.EMAIL_PORT) as mailbox:
        run_worker()

    ((_, received),) = mailbox.received
    (attachment,) = received.iter_attachments()
    # SMTP sends text with CRLF line ends.
    assert (attachment.get_filename(), attachment.get_content().splitlines()) == ("report.csv", ["a,b", "1,2"])
