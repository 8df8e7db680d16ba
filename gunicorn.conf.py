"""gunicorn's settings for Guichet: ``gunicorn -c gunicorn.conf.py wsgi:app`` (what the Dockerfile runs).

Each can be changed from the environment, like Guichet's own settings (config.py).
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"

# Sync workers: a booking is a short transaction and the app keeps no state, so processes scale it.
# Default: two per CPU and one more, at most 8 (each holds its own database connections).
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8)))
timeout = _int("GUNICORN_TIMEOUT", 30)  # a worker silent this long is killed and replaced
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)  # on restart, requests in flight get this long to finish
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # behind a proxy that reuses its connections
# A worker is replaced after this many requests (jittered, so they do not all restart at once).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# gunicorn's access log stays off: Guichet writes one JSON line per request itself (booking/ops/requestlog.py),
# with the route rather than the path, whose secret tokens would otherwise land in the log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Proxies are trusted in one place: the app, by TRUSTED_PROXIES (werkzeug's ProxyFix counts the hops).
# gunicorn believes nobody's X-Forwarded-*, so the two never disagree: with TRUSTED_PROXIES=0 a forged
# X-Forwarded-Proto from 127.0.0.1 (gunicorn's own default list) cannot make a request pass for https.
forwarded_allow_ips = ""

# Heartbeat files on a tmpfs: a container's disk may be slow or read-only. gunicorn opens them itself,
# unlinked at once, so a shared folder is safe here.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
