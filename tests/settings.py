"""Settings for the test suite: the real settings, with test-only secrets and fast hashing."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from newsroom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test client and live server speak plain HTTP; the HTTPS settings are checked
# with `check --deploy` in tests/site/test_security.py.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Query-count tests measure rendering; tests/site/test_page_cache.py turns the cache on.
NEWSROOM_PAGE_CACHE = False
# Likewise the fragments; tests/site/test_fragments.py turns them on.
NEWSROOM_FRAGMENT_CACHE = False

# django-comments-xtd sends mail from a thread by default; the tests read the outbox.
COMMENTS_XTD_THREADED_EMAILS = False
