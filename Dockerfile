# syntax=docker/dockerfile:1

# Build stage: install the pinned runtime dependencies into a virtualenv.
# Every package ships a wheel, so no compiler is needed in either stage.
FROM python:3.11-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt


# Runtime stage: the virtualenv and the code, run by an unprivileged user.
FROM python:3.11-slim-bookworm AS runtime

ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    BACKUP_DIR=/app/backups \
    PORT=8000

# pg_dump and pg_restore for `manage.py backup` and `restore`: PostgreSQL 15's, as new as the server
# docker-compose.yml runs (postgres:15); bookworm ships exactly that major version. The major version
# is pinned by the package name; Debian's point releases replace older ones on the mirror.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 10001 app \
 && useradd --create-home --uid 10001 --gid app app \
 && install -d -o app -g app /app/media /app/backups

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
# The code stays owned by root: the app user can write only to media.
COPY . /app

# Static files are part of the image; the key and database given here exist
# only for this one command.
RUN SECRET_KEY=collectstatic-only DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --noinput

USER 10001:10001

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz\", timeout=4)"]

ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["gunicorn", "cms.wsgi:application"]
