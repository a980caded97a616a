"""Response headers every page carries (docs/SECURITY.md).

Django's SecurityMiddleware sets HSTS, nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy from settings; Django 5.2 has nothing for a
Content-Security-Policy, so this middleware adds it, with a Permissions-Policy.
It runs in development too, so the browser tests meet the policy production serves.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The whole policy, in one place. Only our own files run: no inline script or style,
# no plugin, no <base> to redirect relative links, no framing, forms post only here.
# data: images: the API docs' stylesheet draws its icons so (an image runs no script).
# Django's admin (5.2) and django-ninja's Swagger UI page need no exception: both load
# their scripts from files and pass their settings in data attributes or a JSON block.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

# Powerful browser features no page of ours uses, switched off for the page and any frame.
# The clipboard stays allowed: the copy buttons use it.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
}


def _header(policy: dict[str, str], between: str, joiner: str) -> str:
    return joiner.join(f"{name}{between}{value}" for name, value in policy.items())


CSP_HEADER = _header(CONTENT_SECURITY_POLICY, " ", "; ")
PERMISSIONS_HEADER = _header(PERMISSIONS_POLICY, "=", ", ")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers["Content-Security-Policy"] = CSP_HEADER
        response.headers["Permissions-Policy"] = PERMISSIONS_HEADER
        return response
