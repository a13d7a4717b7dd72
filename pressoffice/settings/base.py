"""Settings shared by every environment; values come from the environment (see .env.example)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from pressoffice import roles
from pressoffice.release import release

from .media import backup_storage, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


INSTALLED_APPS = [
    # django.contrib.admin, whose default site asks staff for a second factor (adminsite.py).
    "pressoffice.adminsite.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    "reversion_compare",
    "imagekit",
    "toolkit",  # the ground floor: shared tools and their template tags
    "pagecache",  # whole pages for anonymous readers; knows no domain app
    "pressoffice",
    "regions",
    "people",
    "recognition",  # reading pasted stories; no models, the eval_paste command
    "articles",
    "django_comments_xtd",
    "django_comments",
    "comments",
    "demo",  # the demo newsroom (load_demo) and generated load data; nothing imports it
    "discovery",  # how readers find the news: search, feeds, sitemaps, region and person pages
    "photobank",  # the media's photo bank, above articles
    "press",  # «Для СМИ»: contacts, rules, accreditation, official channels
    "events",  # announcements (анонсы) and their calendars; above articles
    "csp",
    "pressoffice.apps.LoginAttemptsConfig",  # django-axes, named in Russian
    "django_otp",
    "pressoffice.apps.TwoFactorDevicesConfig",  # django_otp.plugins.otp_totp, named in Russian
    "pressoffice.apps.MailQueueConfig",  # django-mailer, named in Russian
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that may answer early (503, cached pages): every answer gets the header.
    "pressoffice.security.ContentSecurityPolicyMiddleware",
    # Database errors anywhere below become a friendly 503 (pressoffice/faults.py).
    "pressoffice.faults.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached pages for anonymous readers, answered before the rest of the stack runs; it calls
    # the CSRF middleware's steps itself on a hit (pagecache/middleware.py).
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pressoffice.twofactor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pressoffice.urls"
WSGI_APPLICATION = "pressoffice.wsgi.application"
AUTH_USER_MODEL = "pressoffice.User"

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
                "pressoffice.context_processors.site",
                "pressoffice.accessibility.context",
                "pressoffice.context_processors.csrf",
            ],
            # Every {% url %} remembers what it reversed (toolkit/templatetags/urls.py).
            "builtins": ["toolkit.templatetags.urls"],
        },
    },
    {
        # A few parts of public pages that are rendered very often (pressoffice/jinja2.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "pressoffice.jinja2.environment"},
    },
]

# Widgets render through TEMPLATES, so templates/ can override admin widget templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Locmem by default; Redis, shared by every app server, when REDIS_URL is set.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "pressoffice.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "pressoffice",
            # Short timeouts: a dead Redis must cost milliseconds (the backend fails soft).
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The release of this code: whole pages and fragments are kept per release, so a release that
# changes how pages are drawn draws them afresh (pressoffice/release.py). Tag versions,
# sessions and rate limits are shared by every release.
RELEASE = release(BASE_DIR)

# Whole public pages for anonymous readers (pagecache/); 0 turns the cache off.
# Changes invalidate pages at once: this is only the longest a page is kept.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "3600"))
# Parts of pages rendered once per change (comments/fragments.py); 0 renders them every time.
FRAGMENT_CACHE_SECONDS = int(env("FRAGMENT_CACHE_SECONDS", "3600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Ulyanovsk"
USE_I18N = True
# Our own Russian for packages that ship none (django-reversion-compare).
LOCALE_PATHS = [BASE_DIR / "locale"]
CSRF_FAILURE_VIEW = "pressoffice.views.csrf_failure"
FORMAT_MODULE_PATH = ["pressoffice.formats"]
# imagekit remembers which renditions exist in the cache, by default for ever: with a TTL,
# Redis's volatile-lru (docs/deploy.md) may evict them, and only page-cache versions live on.
IMAGEKIT_CACHE_TIMEOUT = 7 * 24 * 60 * 60  # «5 декабря», not Django's «5 Декабрь»
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploads on this disk, or in an S3-compatible bucket with DJANGO_MEDIA_STORAGE=s3 (media.py).
_media, MEDIA_ORIGIN = media_storage()
STORAGES = {
    "default": _media,
    # WhiteNoise's manifest storage, its addresses remembered (toolkit/staticfiles.py).
    "staticfiles": {"BACKEND": "toolkit.staticfiles.RememberingManifestStorage"},
}
if _backups := backup_storage():
    STORAGES["backups"] = _backups
# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Photos (toolkit/images.py): the largest upload accepted, in bytes and in pixels. The proxy
# in front must let such a request through (nginx: client_max_body_size 16m).
IMAGE_UPLOAD_MAX_BYTES = int(env("IMAGE_UPLOAD_MAX_BYTES", str(15 * 1024 * 1024)))
IMAGE_UPLOAD_MAX_PIXELS = int(env("IMAGE_UPLOAD_MAX_PIXELS", str(40_000_000)))

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "admin:login"

# Staff logins (the admin's login form is the only one). django-axes checks each attempt first and
# locks out an account, and separately an address, after AXES_FAILURE_LIMIT failures in a row for
# AXES_COOLOFF_TIME; attempts during a lockout extend it. Unlock early: `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # shared by every app server
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30")))
# An account is locked together with the address that failed (never for everyone), and an
# address that fails for any accounts is locked; an account failed from many addresses is
# slowed instead (pressoffice/adminsite.py, docs/security.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
LOGIN_SLOWDOWN_AFTER = int(env("LOGIN_SLOWDOWN_AFTER", "10"))
LOGIN_SLOWDOWN_SECONDS = int(env("LOGIN_SLOWDOWN_SECONDS", "5"))
AXES_RESET_ON_SUCCESS = True
# An IPv6 client is counted by its /64; behind nginx the address is RATELIMIT_IP_META_KEY.
AXES_CLIENT_IP_CALLABLE = "toolkit.clients.client_network"
AXES_LOCKOUT_CALLABLE = "pressoffice.security.lockout_response"  # Russian page, status 429
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False  # lockouts are logged; no banner on every manage.py command

# Two-factor authentication of staff (pressoffice/twofactor.py): optional for everyone; required
# for nobody ("none"), editors and superusers ("editors") or all staff ("staff").
STAFF_2FA_CHOICES = ("none", "editors", "staff")


def staff_2fa(default):
    value = env("DJANGO_STAFF_2FA", default).strip().lower()
    if value not in STAFF_2FA_CHOICES:
        raise ImproperlyConfigured(
            f"DJANGO_STAFF_2FA must be one of {', '.join(STAFF_2FA_CHOICES)}."
        )
    return value


STAFF_2FA_REQUIRED_FOR = staff_2fa("none")
OTP_TOTP_ISSUER = env("SITE_SHORT_NAME", "Пресс-служба")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's key

# Content-Security-Policy (pressoffice/security.py). The public site: this origin only, no inline
# script or style, no framing. On in development too, so a violation shows up before production.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The media bucket's host (or its CDN) when media are in an object store.
        "img-src": [SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The admin's own: CKEditor 4 needs inline scripts (its toolbar's onclick attributes) and inline
# styles, and shows uploaded images and its own icons as data: and blob: URLs.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], "data:", "blob:"],
    }
}

# The office whose site this is: shown in the header, the footer and the page titles.
SITE_NAME = env("SITE_NAME", "Пресс-служба Правительства Ульяновской области")
SITE_SHORT_NAME = env("SITE_SHORT_NAME", "Пресс-служба")
SITE_OWNER = env("SITE_OWNER", "Правительство Ульяновской области")
# The office's own subject (ISO 3166-2 code or slug in regions/data/regions.json): listed first
# with its municipalities (regions/data/municipalities/<code>.json) on the regions page.
PRESS_OFFICE_REGION = env("PRESS_OFFICE_REGION", "RU-ULY")

ARTICLES_PER_PAGE = 10
# The photo bank (photobank/): photos a page, and the rule printed beside every photo.
PHOTOBANK_PER_PAGE = 24
PHOTOBANK_RULE = env(
    "PHOTOBANK_RULE",
    "Фото можно публиковать бесплатно, в том числе в СМИ и в интернете, с указанием автора "
    "и ссылкой на сайт пресс-службы. Не допускается менять смысл снимка монтажом "
    "и использовать его в рекламе.",
)

# Дзен's feed (/feeds/zen/) asks Дзен to keep each article as a draft for an editor there
# («native-draft») instead of publishing it at once.
ZEN_FEED_DRAFTS = env_bool("ZEN_FEED_DRAFTS", False)


# The rich-text editor (django-ckeditor): its toolbar, uploads and the files' names.
from .editor import (  # noqa: E402, F401 (settings: read by name)
    CKEDITOR_ALLOW_NONIMAGE_FILES,
    CKEDITOR_CONFIGS,
    CKEDITOR_FILENAME_GENERATOR,
    CKEDITOR_RESTRICT_BY_USER,
    CKEDITOR_UPLOAD_PATH,
)

SITE_ID = 1

# Comments: django-comments-xtd's threaded model, extended by comments.models.Comment. Only our
# own views write comments (comments/urls.py); xtd's and django_comments' URLs are not mounted.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "comments.models.Comment"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # a comment, a reply, a reply to the reply
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_CLOSE_AFTER_DAYS = int(env("COMMENTS_CLOSE_AFTER_DAYS", "30"))
COMMENTS_THREADS_PER_PAGE = 30
COMMENTS_MAX_LENGTH = 3000
COMMENTS_MAX_LINKS = 2
COMMENTS_MIN_SECONDS = 3  # faster than a person can read and type
COMMENTS_FORM_MAX_AGE = 6 * 60 * 60
COMMENTS_DUPLICATE_WINDOW = 24 * 60 * 60
COMMENTS_RATE = env("COMMENTS_RATE", "5/10m")
COMMENTS_REPORT_RATE = env("COMMENTS_REPORT_RATE", "10/h")
# Refused comment posts (errors in the form) an address may send before it gets a cheap 429.
COMMENTS_REFUSED_RATE = env("COMMENTS_REFUSED_RATE", "20/10m")
COMMENTS_REPORTS_TO_HIDE = 3
COMMENTS_NOTIFY_INTERVAL = 15 * 60
# Accreditation requests (press/): the comment form's guards, with their own quotas per address.
ACCREDITATION_RATE = env("ACCREDITATION_RATE", "5/h")
ACCREDITATION_REFUSED_RATE = env("ACCREDITATION_REFUSED_RATE", "20/10m")

# Mail never leaves from a request (docs/decisions/0005-mail-queue.md): Django's mail and the
# moderators' digests are rows of django-mailer's queue, which the mail worker
# (`manage.py runmailer`) sends through MAILER_EMAIL_BACKEND, giving up on a silent server after
# EMAIL_TIMEOUT seconds and keeping the message for `manage.py retry_deferred`.
EMAIL_BACKEND = "pressoffice.mail.QueueBackend"
MAILER_EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "10"))
MAILER_EMPTY_QUEUE_SLEEP = 5  # seconds between looks at an empty queue
MAILER_USE_FILE_LOCK = False  # rows are locked (SELECT … FOR UPDATE NOWAIT) as they are sent
MAILER_EMAIL_LOG_MESSAGE_DATA = False  # the send log keeps results, not bodies or addresses

# The personal-data policy readers consent to (152-FZ); bump the version when the text changes.
PERSONAL_DATA_POLICY_VERSION = "1.1 от 06.12.2026"
PERSONAL_DATA_CONTACT_EMAIL = env("PERSONAL_DATA_CONTACT_EMAIL", "press@example.ru")
# Rate limits count in the cache: per process with locmem, shared by all app servers with Redis.
# Behind a proxy, name the header with the reader's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY") or None
RATELIMIT_FAIL_OPEN = True  # a cache outage must not stop readers from commenting

# django-ckeditor bundles CKEditor 4.22, which is out of support; the risk and the way out are
# recorded in docs/decisions/0002-ckeditor.md. Every save is sanitized server-side regardless.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

# The staff accounts `manage.py load_demo` creates under DEBUG only, the author second:
# (username, first name, group). The project names them, since the roles are its own.
DEMO_ACCOUNTS = [
    ("editor", "Редактор", roles.EDITORS),
    ("author", "Автор", roles.AUTHORS),
    ("moderator", "Модератор", roles.MODERATORS),
    ("press", "Пресс-секретарь", roles.PRESS_OFFICERS),
]


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "pymorphy3": {"level": "WARNING"},
    },
}
