"""Every email is three templates, emails/<name>-subject.txt, -body.txt and -body.html."""

from email.header import Header

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string


class _Email(EmailMultiAlternatives):
    def message(self):
        message = super().message()
        if "=?" in self.subject:
            # An ASCII subject goes out as it is, and a mail program decodes any
            # "=?utf-8?q?...?=" in it as an encoded word, line breaks and all: a title
            # can hold one. Encoded as a whole, the subject reads as it was typed.
            message.replace_header("Subject", Header(str(self.subject), "utf-8"))
        return message


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
    message = _Email(subject, text, to=[to], headers=headers or {}, connection=connection)
    message.attach_alternative(html, "text/html")
    message.send()


def digest(to: str, context: dict, headers: dict[str, str], connection: BaseEmailBackend) -> None:
    send("digest", to, context, headers, connection)


def reminder(to: str, context: dict, headers: dict[str, str], connection: BaseEmailBackend) -> None:
    send("reminder", to, context, headers, connection)
