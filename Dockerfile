# Guichet's image: gunicorn serving the app as a non-root user, French included.
# `docker compose up -d` runs it with PostgreSQL, Redis, the migrations and the worker (compose.yaml, README "Deploying").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 guichet \
 && useradd --system --uid 10001 --gid guichet --home-dir /app --no-create-home --shell /usr/sbin/nologin guichet

WORKDIR /app

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The code belongs to root: the app's user can read it, not change it.
COPY . .

# The compiled catalogues are committed; compiling here keeps the image right even from a tree where a .po was
# edited without `make translations`, and --check fails the build if a catalogue is still missing or stale.
# instance/ is the one place the app may write (the SQLite file and file outbox, when used instead of PostgreSQL/SMTP).
RUN python -m booking.catalogues \
 && python -m booking.catalogues --check \
 && mkdir -p /app/instance \
 && chown guichet:guichet /app/instance

ENV GUICHET_ENV=production \
    GUICHET_INSTANCE_PATH=/app/instance \
    PORT=8000

USER 10001:10001
EXPOSE 8000

# /healthz: the process answers (/readyz, which also checks the database, is for the load balancer).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"

CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
