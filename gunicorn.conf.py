"""gunicorn settings for production: `gunicorn newsroom.wsgi` picks this file up."""

import os

import gunicorn.http.wsgi

# Do not advertise the server software in the Server header.
gunicorn.http.wsgi.SERVER = "newsroom"

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
