"""Production: refuses to start without its secrets; passes ``manage.py check --deploy``."""

import dj_database_url

from pressoffice import replicas

from .base import *  # noqa: F403
from .base import env, env_bool, env_list, required, staff_2fa

DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [
    host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()
]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Read replicas past one machine (docs/deploy.md); none by default.
_routers, _middleware = replicas.configure(
    DATABASES,
    env_list("DATABASE_REPLICA_URLS"),
    conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
)
DATABASE_ROUTERS = _routers
MIDDLEWARE = [*MIDDLEWARE[:1], *_middleware, *MIDDLEWARE[1:]]  # noqa: F405

# Behind nginx, which terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# A government site is attacked daily: editors (who publish) need a second factor unless the
# deployment says otherwise (DJANGO_STAFF_2FA=none|editors|staff).
STAFF_2FA_REQUIRED_FOR = staff_2fa("editors")

DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", email) for email in env_list("DJANGO_ADMINS")]
