# The image for the scaled-out deployment (docker-compose.yml): web, worker and beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app
# pg_dump and pg_restore for scripts/backup.sh and restore.sh (Debian's client is newer than
# or as new as docker-compose's PostgreSQL 16, as pg_dump needs)
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
# Production dependencies only (pinned with hashes): no test, lint or browser tooling.
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
RUN DEBUG=off SECRET_KEY=build-only python manage.py collectstatic --noinput -v0
# var/media exists owned by app, so the `media` volume docker-compose mounts there starts so
RUN useradd --create-home app && mkdir -p /app/var/media && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "mentoring_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
