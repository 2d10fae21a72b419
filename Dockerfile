# Newsroom production image: gunicorn serving Django, whitenoise serving static files.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_DEBUG=0 \
    PORT=8000

RUN useradd --create-home --uid 10001 newsroom
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY newsroom/__init__.py newsroom/
COPY articles/__init__.py articles/
COPY authors/__init__.py authors/
COPY comments/__init__.py comments/
COPY wordpress/__init__.py wordpress/
COPY live/__init__.py live/
COPY demo/__init__.py demo/
# The project itself, with its pinned ranges from pyproject.toml (hence no version here).
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[s3]"

COPY . .
RUN pip install --no-cache-dir --no-deps . \
    && DJANGO_SECRET_KEY=collectstatic-only-build-time-key-not-used-at-runtime-0123456789 \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown newsroom:newsroom /app/media

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "newsroom.healthcheck"]
CMD ["gunicorn", "newsroom.wsgi:application"]
