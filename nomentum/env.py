"""Typed readers for environment variables.

Every setting Nomentum reads from the environment goes through these helpers,
so that a wrong value fails loudly at start-up and README.md can be checked
for a row per variable (tests/test_docs.py).
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured, ValueError):
    """A setting that cannot work, in one sentence that names the variable."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r}: use 1 or 0")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Return a Django DATABASES entry for a postgres:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ConfigError(f"DATABASE_URL: unsupported scheme {parts.scheme!r}, use postgres://")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    pool_max_size = query.pop("pool_max_size", "4")
    try:
        pool_max = int(pool_max_size)
    except ValueError:
        raise ConfigError(
            f"DATABASE_URL: pool_max_size={pool_max_size!r}, expected a whole number"
        ) from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "nomentum",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # A pool per process: each app server worker keeps a few warm connections
        # instead of paying a new connection on every request.
        "OPTIONS": {"pool": {"min_size": 1, "max_size": pool_max, "timeout": 10}, **query},
    }


def email_from_url(url: str) -> dict:
    """Return Django EMAIL_* settings for smtp://, smtp+tls://, smtps:// or console:// URLs."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ConfigError(
            f"EMAIL_URL: unsupported scheme {parts.scheme!r}, use smtp://, smtp+tls://, smtps://"
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port
        or (465 if parts.scheme == "smtps" else 587 if parts.scheme == "smtp+tls" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": 10,
    }
