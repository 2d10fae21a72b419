"""
Newsroom settings, read from the environment.

Development defaults are safe: SQLite next to the code and DEBUG off unless
DJANGO_DEBUG=1 (``make run`` sets it). With DEBUG off the site refuses to start
without a real DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(f"DJANGO_{name}", default)


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_or_unprefixed(name, default):
    """DJANGO_<name>, or plain <name>, the name older deployments set."""
    return env(name, os.environ.get(name, default))


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
SECRET_KEY = env("SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else None)
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
        "when DJANGO_DEBUG is off. For local development set DJANGO_DEBUG=1."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "newsroom",
    "axes",
    "articles",
    "authors",
    # django-comments-xtd before our app, so our AppConfig.ready() runs after its own.
    "django_comments_xtd",
    "django_comments",
    "comments",
    "live",
    "wordpress",
    "demo",
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    # Reader site: sitemaps, feeds and PostgreSQL full-text search.
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django.contrib.postgres",
    # End of reader site.
]

MIDDLEWARE = [
    "newsroom.middleware.RequestIDMiddleware",
    "newsroom.middleware.RejectNullBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.SecurityHeadersMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Uploaded images, before GZip (they are compressed already) and the page cache.
    "newsroom.media.MediaFilesMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.caching.middleware.PageCacheMiddleware",
    # Pages rendered below see a site renamed by another worker (newsroom/sites.py).
    "newsroom.sites.SiteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.middleware.ArticleRedirectFallbackMiddleware",
    # Last, so that it sees authentication failures from every view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
                "articles.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env_or_unprefixed("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
DATABASE_REPLICA_LAG_SECONDS = int(env_or_unprefixed("DATABASE_REPLICA_LAG_SECONDS", "5"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["newsroom.db.ReplicaRouter"]
    # Only with a replica: it reads the cache on every request to decide.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("newsroom.caching.middleware.PageCacheMiddleware") + 1,
        "newsroom.db.ReplicaForReadersMiddleware",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE makes writers queue
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-gb"
# The newsroom's own time zone: article URLs, dates on pages and the admin use it.
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

SITE_ID = 1

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Media on S3-compatible object storage (django-storages) when a bucket is named; the
# standard AWS_* variables (keys, AWS_S3_ENDPOINT_URL, AWS_S3_CUSTOM_DOMAIN) configure it.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL"),
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN"),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

# The application serves /media/ itself (newsroom/media.py), so a lone server shows its
# images; turn it off when a proxy serves MEDIA_ROOT. Off by itself with object storage.
NEWSROOM_SERVE_MEDIA = env_bool("SERVE_MEDIA", True) and not AWS_STORAGE_BUCKET_NAME

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Rich text: CKEditor 4 in the admin only.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
_CKEDITOR_DEFAULT = {
    "toolbar": "Newsroom",
    "toolbar_Newsroom": [
        ["Format", "Bold", "Italic"],
        ["NumberedList", "BulletedList", "Blockquote"],
        ["Link", "Unlink"],
        ["Image", "Table"],
        ["RemoveFormat", "Source"],
    ],
    "format_tags": "p;h3;h4",
    "height": 260,
    "width": "100%",
}
CKEDITOR_CONFIGS = {
    "default": _CKEDITOR_DEFAULT,
    # An article's whole body in one field: its H2 headings divide it into sections.
    "article_body": {**_CKEDITOR_DEFAULT, "format_tags": "p;h2;h3;h4", "height": 520},
}
SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001: CKEditor 4 is past its end of life. It stays confined to
    # staff in the admin, and every rich-text field is sanitised with an
    # allow-list on save (newsroom/sanitizer.py), so what readers get is safe
    # whatever the editor sends.
    "ckeditor.W001",
]

# --- The editor's desk ---
# Uploads through CKEditor: images only, checked by Pillow, at most this many bytes
# and pixels (a decompression bomb is refused before it is decoded).
CKEDITOR_UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
CKEDITOR_UPLOAD_MAX_PIXELS = int(env("UPLOAD_MAX_PIXELS", str(40_000_000)))
CKEDITOR_FILENAME_GENERATOR = "articles.uploads.safe_upload_name"
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
# Someone who opened an article within this many seconds counts as "also editing".
NEWSROOM_EDITING_PRESENCE_SECONDS = 120
# --- end of the editor's desk ---

# Reading time: words per minute, Brysbaert (2019), silent reading of non-fiction.
NEWSROOM_WORDS_PER_MINUTE = int(env("WORDS_PER_MINUTE", "238"))

# --- Caching --------------------------------------------------------------
# Redis when REDIS_URL is set (several machines); otherwise a file cache, which every
# gunicorn worker on this machine shares, or local memory under runserver.
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}  # fmt: skip
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            # Django's default (300) is far below the pages, fragments and tag versions of a
            # site: past it, every write would list the directory and drop a third of it.
            "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", "200000"))},
        }
    }
NEWSROOM_PAGE_CACHE = env_bool("PAGE_CACHE", not DEBUG)
NEWSROOM_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# Pages each process also keeps in memory, in front of the shared cache.
NEWSROOM_PAGE_CACHE_LOCAL_ENTRIES = int(env("PAGE_CACHE_LOCAL_ENTRIES", "256"))
NEWSROOM_SHARED_CACHE_SECONDS = int(env("SHARED_CACHE_SECONDS", "60"))
NEWSROOM_STALE_WHILE_REVALIDATE_SECONDS = int(env("STALE_WHILE_REVALIDATE_SECONDS", "30"))
# Parts of reader pages kept rendered until what they show changes (newsroom/caching/fragments.py).
NEWSROOM_FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", not DEBUG)
NEWSROOM_UNCACHED_PATH_PREFIXES = ("/admin/", "/ckeditor/", "/comments/", "/healthz", "/live/")
# An edge cache told of every change (Varnish with xkey: docs/varnish/newsroom.vcl): the
# endpoints that take PURGE requests, and how long pages may stay there meanwhile.
NEWSROOM_EDGE_PURGE_URLS = env_list("EDGE_PURGE_URLS")
NEWSROOM_EDGE_CACHE_SECONDS = int(env("EDGE_CACHE_SECONDS", "86400"))
NEWSROOM_EDGE_PURGE_TIMEOUT = 2
# How often an open live story asks for new updates (live/static/live/live.js).
NEWSROOM_LIVE_POLL_SECONDS = int(env("LIVE_POLL_SECONDS", "30"))

# --- Security -------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and locks out per user name and per IP address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Sessions (only staff sign in) last a working day, and end when the browser closes.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(12 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
NEWSROOM_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a TLS-terminating proxy that sets X-Forwarded-Proto itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many trusted proxies append to X-Forwarded-For: the client's address (comment
# throttling, sign-in lockout, stored comment IPs) is read from there when it is set.
NEWSROOM_PROXY_COUNT = int(env("PROXY_COUNT", "0"))
if NEWSROOM_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = NEWSROOM_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Request bodies: a comment is at most a few KB and the article form a few hundred
# fields; uploads stream to disk past 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o644

# Content-Security-Policy: strict on every reader page; admin pages get the narrowest
# relaxation CKEditor 4 needs (newsroom.middleware.ContentSecurityPolicyMiddleware).
MEDIA_ORIGIN = env("MEDIA_ORIGIN", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
NEWSROOM_ADMIN_PATH_PREFIXES = ("/admin/", "/ckeditor/")
NEWSROOM_ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:", "blob:"],
    "frame-src": ["'self'"],
}
# Replaced, not added to: 'none' is only valid alone, and browsers ignore it (with a console
# error on every page) when another source follows it.
NEWSROOM_ADMIN_CSP_REPLACE = {"frame-ancestors": ["'self'"]}

# --- Logging --------------------------------------------------------------
# DJANGO_LOG_FORMAT=json writes one JSON object per line, for log collectors.
# Every record carries the request id (X-Request-ID, also sent back to the client).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logging.RequestIDFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "newsroom.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if env("LOG_FORMAT", "plain") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO"), "propagate": False},
    },
}

# --- Comments (django-comments-xtd, wrapped by the comments app) ---------------------
# Moderators: a list of "Name <email>" entries; both comment packages read (name, email).
MANAGERS = [
    (entry.split("<")[0].strip() or entry, entry.split("<")[-1].rstrip(">").strip())
    for entry in env_list("COMMENTS_MODERATORS")
]
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_FORM_CLASS = "comments.forms.CommentForm"
# Levels 0, 1 and 2: a comment, a reply and a reply to the reply.
COMMENTS_XTD_MAX_THREAD_LEVEL = 2
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_XTD_CONFIRM_EMAIL = env_bool("COMMENTS_CONFIRM_EMAIL", False)
COMMENTS_XTD_SEND_HTML_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_SALT = b"newsroom-comments"
COMMENT_MAX_LENGTH = 3000
# Comments close this many days after an article's publish time.
COMMENTS_CLOSE_AFTER_DAYS = int(env("COMMENTS_CLOSE_AFTER_DAYS", "30"))
# A commenter may edit or delete a comment for this many seconds after posting.
COMMENTS_EDIT_SECONDS = int(env("COMMENTS_EDIT_SECONDS", "900"))
# More links than this and a comment waits for a moderator, held for "N links" (not spam).
COMMENTS_MAX_LINKS = int(env("COMMENTS_MAX_LINKS", "2"))
# Posts accepted from one IP address per minute.
COMMENTS_POSTS_PER_MINUTE = int(env("COMMENTS_POSTS_PER_MINUTE", "5"))
# Staff signed in may publish without moderation.
COMMENTS_PUBLISH_STAFF_AT_ONCE = env_bool("COMMENTS_PUBLISH_STAFF_AT_ONCE", True)
# How moderators hear of waiting comments: "batch" (manage.py comments_moderation_digest,
# from cron), "each" (one email per held comment) or "off".
COMMENTS_MODERATOR_EMAILS = env("COMMENTS_MODERATOR_EMAILS", "batch")
# --- end of comments settings ----------------------------------------------------------
