"""gunicorn settings for `make run` and production; flags on the command line win."""

from nomentum.env import env_int

# Threads let one worker overlap requests that wait on the database; the
# process count is set per machine (WEB_CONCURRENCY, about one per core).
worker_class = "gthread"
threads = env_int("GUNICORN_THREADS", 4)
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Recycle workers now and then, so a slow leak can never take a server down.
max_requests = 5000
max_requests_jitter = 500
