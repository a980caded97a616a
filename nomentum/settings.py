"""Nomentum's one settings module: every value comes from the environment.

README.md lists every variable read here; tests/test_docs.py keeps that true.
With nothing set, Nomentum runs locally on SQLite under ./var.
"""

import datetime as dt
import secrets
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from nomentum.env import (
    ConfigError,
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("NOMENTUM_DATA_DIR", "var")).resolve()
# What this start made in the data dir ("." for the dir itself): a restore that refuses
# the data dir takes them away again, so that it leaves the dir exactly as it found it.
DATA_DIR_MADE: list[str] = []
try:
    for _path, _name in ((DATA_DIR, "."), (DATA_DIR / "static", "static")):
        if not _path.exists():
            _path.mkdir(parents=True, exist_ok=True)
            DATA_DIR_MADE.append(_name)
except OSError as error:
    raise ConfigError(
        f"NOMENTUM_DATA_DIR={DATA_DIR}: cannot make the data dir there ({error.strerror})"
    ) from None

ENVIRONMENT = env_str("NOMENTUM_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ConfigError(f"NOMENTUM_ENV={ENVIRONMENT!r}: use development or production")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    # Debug pages show settings, code and queries to whoever makes a page fail: a forgotten
    # DEBUG=1 must stop a production start, not wait for the first error to leak them.
    raise ConfigError(
        f"DEBUG={env_str('DEBUG')} with NOMENTUM_ENV=production: debug pages would show the "
        "settings and code to anyone, so unset DEBUG (or set it to 0) in production"
    )


def _secret_key() -> str:
    # Generated once and kept beside the data, so sessions and reset links
    # survive restarts without anyone having to invent a key.
    given = env_str("SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    try:
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
            DATA_DIR_MADE.append(path.name)
        return path.read_text().strip()
    except OSError as error:
        raise ConfigError(
            f"{path}: cannot keep the secret key there ({error.strerror}); make the data dir "
            "writable or set SECRET_KEY"
        ) from None


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
OPEN_SIGNUP = env_bool("NOMENTUM_OPEN_SIGNUP", default=True)

INSTALLED_APPS = [
    "nomentum.accounts",
    "nomentum.asks",
    "nomentum.challenges",
    "nomentum.insights",
    "nomentum.api",
    "nomentum.notify",
    "nomentum.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # The API docs page then serves Swagger UI from the installed package's static
    # files, never from a CDN: no third-party script in any page.
    "ninja",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "nomentum.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nomentum.accounts.middleware.SessionTimeoutMiddleware",
    "nomentum.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused log-in into the lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Sign-in protection and sessions (the rules themselves: nomentum/accounts/throttle.py) ---
# django-axes counts failed log-ins in the database, which every app server shares. It locks
# the pair (username, client address), never the username alone, so nobody can lock a person
# out from everywhere and one bad guesser behind a shared address (an office, a phone carrier's
# NAT) does not lock out the others there. A pair's failures add up until 30 minutes pass
# without one; axes pauses the pair when the count reaches the limit, so the 5th wrong password
# starts the pause and the 6th attempt is refused even with the right password.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
# Attempts during the pause do not extend it: it ends 30 minutes after the 5th failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A correct password from the same address clears that pair's earlier typos.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nomentum.accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "nomentum.accounts.throttle.client_ip"
# Usernames are one account in any case, so the throttle counts them so too.
AXES_USERNAME_CALLABLE = "nomentum.accounts.throttle.axes_username"
# No log of every successful log-in (an address history nobody needs), no start-up banner.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# How many reverse proxies in front of the app append to X-Forwarded-For. With 0 the
# connection's own address counts and the header is ignored, as a client can write anything
# in it; with N the address that the outermost of the N proxies saw counts.
PROXY_COUNT = env_int("NOMENTUM_PROXY_COUNT", 0)
# A session ends after 2 weeks without a visit (someone who logs asks weekly stays signed in
# across a missed week) and 30 days after its log-in whatever happens, so a stolen or forgotten
# session cookie has a bounded life. accounts.middleware.SessionTimeoutMiddleware enforces both;
# the cookie and the stored session expire with the idle limit as well.
SESSION_IDLE_TIMEOUT = dt.timedelta(days=14)
SESSION_ABSOLUTE_TIMEOUT = dt.timedelta(days=30)
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds())
# --- end of sign-in protection and sessions ---

ROOT_URLCONF = "nomentum.urls"
WSGI_APPLICATION = "nomentum.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nomentum.web.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "nomentum.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two
                # writers queue on the busy timeout instead of failing with
                # "database is locked" when one upgrades a read to a write.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Never process memory: several app processes must see the same cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "nomentum_cache",
            # Pages of numbers are cached per user and browser (nomentum.numbers); past
            # this many entries a third is dropped, which bounds the table's size.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names let browsers cache static files forever (tests swap in plain storage).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Bodies above this are refused before they reach a view (413/400, nothing written).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Nomentum <nomentum@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = email_from_url(env_str("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
globals().update(_email)

# Who hears of security problems: /.well-known/security.txt (docs/SECURITY.md).
SECURITY_CONTACT = env_str("NOMENTUM_SECURITY_CONTACT", parseaddr(DEFAULT_FROM_EMAIL)[1])

# Where this server is reached from outside: links in emails, which leave without a request.
# Links in emails. Locally the default is where `make run` serves (its HOST and PORT), so
# a reset link from `make run PORT=8731` opens the site that sent it.
_host = env_str("HOST") or "127.0.0.1"
_served_at = f"http://{f'[{_host}]' if ':' in _host else _host}:{env_str('PORT') or '8000'}"
SITE_URL = env_str("NOMENTUM_SITE_URL", _served_at).rstrip("/")

# Background work (email) goes through Django's task API onto a queue in the database;
# `manage.py worker` runs it, as many at once as wanted (docs/OPERATIONS.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie: forms carry the token, the API docs a data attribute.
CSRF_COOKIE_HTTPONLY = True
# The Content-Security-Policy and Permissions-Policy: nomentum/web/middleware.py.
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("NOMENTUM_SSL_REDIRECT", default=True)
    # Load balancers check health over plain HTTP on the private side; a redirect would fail it.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: the browser keeps these cookies only when sent over HTTPS for this exact
    # host and path /, so a sibling subdomain cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # A refused log-in is the response's business; keep lockouts (WARNING) in the log.
        "axes": {"level": "WARNING"},
    },
}

# How many days of silence count a pending ask as a no, for new users.
DEFAULT_SILENCE_DAYS = 30
API_TOKEN_PREFIX = "nmt_"  # noqa: S105 (a label, not a secret)
