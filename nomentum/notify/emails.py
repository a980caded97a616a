"""Every email is three templates, emails/<name>-subject.txt, -body.txt and -body.html."""

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string


def send(
    name: str,
    to: str,
    context: dict,
    headers: dict[str, str] | None = None,
    connection: BaseEmailBackend | None = None,
) -> None:
    # A subject is one line, however the template wraps it.
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[to], headers=headers or {}, connection=connection
    )
    message.attach_alternative(html, "text/html")
    message.send()


def digest(to: str, context: dict, headers: dict[str, str], connection: BaseEmailBackend) -> None:
    send("digest", to, context, headers, connection)


def reminder(to: str, context: dict, headers: dict[str, str], connection: BaseEmailBackend) -> None:
    send("reminder", to, context, headers, connection)
