import asyncio
import email
import email.policy
import smtplib
import socket
import sys
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from nomentum.notify.models import Preferences

# A worker as an operator starts one, polling fast so that tests need not wait.
WORKER_COMMAND = [
    sys.executable,
    "manage.py",
    "worker",
    "--no-reload",
    "--no-startup-delay",
    "--interval",
    "0.1",
]


@dataclass
class Inbox:
    """What an SMTP server on loopback received, parsed."""

    envelopes: list[Envelope] = field(default_factory=list)
    # Set when a message arrives; a test may hold the server's answer to it (hold).
    arrived: threading.Event = field(default_factory=threading.Event)
    hold: threading.Event | None = None
    # The first messages wait for each other until this many arrived (bounded): two senders
    # must be sending at once to get past it.
    together: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = [envelope.original_content or b"" for envelope in self.envelopes]
        return [email.message_from_bytes(data, policy=email.policy.default) for data in raw]

    @property
    def recipients(self) -> list[str]:
        with self.lock:
            return [to for envelope in self.envelopes for to in envelope.rcpt_tos]


class Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.inbox.lock:
            self.inbox.envelopes.append(envelope)
        self.inbox.arrived.set()
        for _ in range(1000):  # 10 s at most
            with self.inbox.lock:
                if len(self.inbox.envelopes) >= self.inbox.together:
                    break
            await asyncio.sleep(0.01)
        hold = self.inbox.hold
        if hold is not None:
            # Keep the sender waiting for "250", as a slow server would, until released.
            while not hold.is_set():
                await asyncio.sleep(0.01)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 and a free port, for the length of one test."""
    inbox = Inbox()
    controller = Controller(Handler(inbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", controller.port, inbox)
    finally:
        if inbox.hold is not None:
            inbox.hold.set()
        controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """Send this test's email through the loopback SMTP server, as EMAIL_URL=smtp:// would."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return smtp_server


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://nomentum.example.org"
    return settings.SITE_URL


def run_tasks(limit: int = 100) -> int:
    """Run the queued tasks here, as a worker would (without its loop, which closes connections
    a test's transaction needs); return how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        task = DBTaskResult.objects.ready().first()
        if task is None:
            return ran
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    raise AssertionError(f"more than {limit} tasks: a task that queues itself?")


def prefer(user, **values) -> Preferences:
    preferences = Preferences.of(user)
    for name, value in values.items():
        setattr(preferences, name, value)
    preferences.save()
    return preferences


def parts(message: EmailMessage) -> tuple[str, str]:
    """Return the text and the HTML body of a message."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def unsubscribe_address(message: EmailMessage) -> str:
    """Return the address in the List-Unsubscribe header (a long one is folded onto a new line)."""
    return str(message["List-Unsubscribe"]).strip().removeprefix("<").removesuffix(">")


class RefusingBackend(BaseEmailBackend):
    """An email backend that fails the test if anything tries to send: for page requests."""

    def open(self) -> bool:
        raise AssertionError("a page tried to send email")

    def send_messages(self, email_messages) -> int:
        raise AssertionError("a page tried to send email")


class BrokenAfterConnectingBackend(BaseEmailBackend):
    """Connects, then fails in the middle of sending: the server may or may not have the message."""

    def send_messages(self, email_messages) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
