"""Django settings for Dastan, read from the environment (12-factor).

Nothing set gives a working site: a SQLite file in the current directory and a local-memory cache.
Production sets DATABASE_URL (PostgreSQL) and REDIS_URL (cache shared by several app servers).
Every setting is one environment variable; docs/deploy.md lists them.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    """Return the environment variable NAME read as a boolean ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Return the comma-separated environment variable NAME as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DASTAN_DEBUG")
# Only the demo and the tests may run without a secret; production must set DASTAN_SECRET_KEY.
SECRET_KEY = os.environ.get("DASTAN_SECRET_KEY", "dastan-insecure-development-key-change-me-0123456789")
ALLOWED_HOSTS = env_list("DASTAN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DASTAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "dastan.security.apps.DastanAdminConfig",  # Django's admin, behind two-factor login (security app)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "reversion",
    "dastan.core",
    "dastan.taxonomy",
    "dastan.publishing",
    "dastan.rates",
    "dastan.search",
    "dastan.syndication",
    "dastan.stories",
    "dastan.importers",
    "dastan.security",
    "dastan.caching",
    "dastan.demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # First, so a cached page is served before any other work (docs/performance.md).
    "dastan.caching.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dastan.security.middleware.ContentSecurityPolicyMiddleware",
    "dastan.security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dastan.security.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress URLs: only 404s and /?p=N pay for its one lookup.
    "dastan.importers.redirects.LegacyRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dastan.urls"
WSGI_APPLICATION = "dastan.wsgi.application"

# django-ninja's Swagger UI page and assets, found without importing ninja: as an installed app it
# would be imported (with pydantic) by every worker at start; the API is loaded on first use.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dastan.core.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user@host:5432/name) or a SQLite file (DASTAN_SQLITE_PATH).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL")
        or "sqlite:///" + os.environ.get("DASTAN_SQLITE_PATH", str(Path.cwd() / "dastan.sqlite3")),
        # Kept open between requests, on SQLite too: opening a connection and running its PRAGMAs
        # on every request halved the article page's throughput (bench/README.md, "Connections").
        conn_max_age=int(os.environ.get("DASTAN_DB_CONN_MAX_AGE", "60")),  # seconds
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while an editor saves; IMMEDIATE avoids "database is locked"
        # on upgrade from a read to a write transaction.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }

# Cache: Redis when REDIS_URL is set (shared by every app server), else process-local memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DASTAN_CACHE_PREFIX", "dastan"),
        }
    }
else:
    # Django's default of 300 entries would not hold one listing's cards, pages and fragments:
    # past MAX_ENTRIES a third of the cache is dropped at once.
    _entries = int(os.environ.get("DASTAN_LOCAL_CACHE_ENTRIES", "5000"))
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": _entries}}}
# Purge tokens of the page cache (docs/performance.md) must be seen by every worker: Redis when set,
# else a folder on this machine, one per database (DASTAN_KEYS_CACHE_DIR).
if os.environ.get("REDIS_URL"):
    CACHES["dastan_keys"] = dict(CACHES["default"])
else:
    import hashlib
    import tempfile

    _db = DATABASES["default"]
    _db_id = hashlib.sha1(f"{_db.get('HOST')}|{_db.get('PORT')}|{_db['NAME']}".encode()).hexdigest()[:12]
    CACHES["dastan_keys"] = {
        "BACKEND": "dastan.caching.tokenstore.TokenFileCache",
        "LOCATION": os.environ.get("DASTAN_KEYS_CACHE_DIR")
        or str(Path(tempfile.gettempdir()) / f"dastan-keys-{_db_id}"),
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editions are languages: each gets a URL prefix (/en/, /ru/), a locale catalog and its own
# articles. Add one with DASTAN_EDITIONS=en,ru,ky plus a catalog in src/dastan/locale/.
_EDITION_NAMES = {"en": "English", "ru": "Русский", "ky": "Кыргызча", "kk": "Қазақша",
                  "tg": "Тоҷикӣ", "uz": "Oʻzbekcha", "tk": "Türkmençe"}
LANGUAGES = [(code, _EDITION_NAMES.get(code, code)) for code in env_list("DASTAN_EDITIONS", "en,ru")]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("DASTAN_TIME_ZONE", "Asia/Tashkent")

SITE_NAME = os.environ.get("DASTAN_SITE_NAME", "Dastan")
SITE_URL = os.environ.get("DASTAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

STATIC_URL = "/static/"
# Static files are served by WhiteNoise. With DASTAN_STATIC_MANIFEST=1 (set by `dastan serve` after
# collectstatic) names carry a content hash and are cached for a year; otherwise they are found
# in the apps' static/ folders, as the demo and the tests use them.
STATIC_ROOT = os.environ.get("DASTAN_STATIC_ROOT") or None  # where collectstatic writes
STATICFILES_DIRS = [NINJA_DIR / "static"]
if env_bool("DASTAN_STATIC_MANIFEST"):
    STATIC_ROOT = STATIC_ROOT or str(Path.cwd() / "static-root")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "dastan.core.storage.StaticStorage"},
    }
else:
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DASTAN_MEDIA_ROOT", Path.cwd() / "media"))

# The demo serves uploaded files itself; production lets nginx serve MEDIA_ROOT.
DASTAN_SERVE_MEDIA = env_bool("DASTAN_SERVE_MEDIA")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"

# Listings show this many articles a page.
DASTAN_PAGE_SIZE = int(os.environ.get("DASTAN_PAGE_SIZE", "20"))

# Feeds carry the whole article body (1) or only its lead (0), and this many newest articles.
DASTAN_FEED_FULL_TEXT = env_bool("DASTAN_FEED_FULL_TEXT", True)
DASTAN_FEED_ITEMS = int(os.environ.get("DASTAN_FEED_ITEMS", "30"))
# The publisher logo in JSON-LD: an absolute URL, or empty for the bundled one.
DASTAN_PUBLISHER_LOGO_URL = os.environ.get("DASTAN_PUBLISHER_LOGO_URL", "")
# Search: backend dotted path (empty = chosen by database), and searches per client (e.g. 30/m, off).
DASTAN_SEARCH_BACKEND = os.environ.get("DASTAN_SEARCH_BACKEND", "")
DASTAN_SEARCH_RATE = os.environ.get("DASTAN_SEARCH_RATE", "30/m")
DASTAN_SEARCH_CACHE = env_bool("DASTAN_SEARCH_CACHE", True)  # pages of hits cached until purged
# A search counts its matches up to this many ("of more than 1,000"), and pages only through them.
DASTAN_SEARCH_COUNT_CAP = int(os.environ.get("DASTAN_SEARCH_COUNT_CAP", "1000"))
# SQLite: the page cache of `dastan search rebuild`'s connection, MiB (FTS5 re-reads its segments).
DASTAN_SEARCH_REBUILD_CACHE_MB = int(os.environ.get("DASTAN_SEARCH_REBUILD_CACHE_MB", "256"))
# Full-page cache for anonymous readers and HTTP caching headers (docs/performance.md).
DASTAN_PAGE_CACHE = env_bool("DASTAN_PAGE_CACHE", True)
DASTAN_COUNT_CACHE = env_bool("DASTAN_COUNT_CACHE", True)
# Rendered parts of pages (article body, related, cards, ticker...), purged by the same keys.
DASTAN_FRAGMENT_CACHE = env_bool("DASTAN_FRAGMENT_CACHE", True)
DASTAN_PAGE_CACHE_SECONDS = int(os.environ.get("DASTAN_PAGE_CACHE_SECONDS", "3600"))  # seconds
DASTAN_PROXY_MAX_AGE = int(os.environ.get("DASTAN_PROXY_MAX_AGE", "10"))  # s-maxage, seconds
DASTAN_BROWSER_MAX_AGE = int(os.environ.get("DASTAN_BROWSER_MAX_AGE", "0"))  # max-age, seconds
DASTAN_STALE_WHILE_REVALIDATE = int(os.environ.get("DASTAN_STALE_WHILE_REVALIDATE", "30"))  # seconds
DASTAN_PAGE_CACHE_QUERY_PARAMS = env_list("DASTAN_PAGE_CACHE_QUERY_PARAMS", "page")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DASTAN_LOG_LEVEL", "WARNING")},
    "loggers": {"dastan": {"level": os.environ.get("DASTAN_LOG_LEVEL", "INFO")}},
}

# Official exchange rates (docs/rates.md). Each URL may point at a mirror; {date} is the day asked.
DASTAN_RATES_NBKR_URL = os.environ.get("DASTAN_RATES_NBKR_URL", "https://www.nbkr.kg/XML/daily.xml")
DASTAN_RATES_NBK_URL = os.environ.get(
    "DASTAN_RATES_NBK_URL", "https://nationalbank.kz/rss/get_rates.cfm?fdate={date:%d.%m.%Y}")
DASTAN_RATES_NBT_URL = os.environ.get(
    "DASTAN_RATES_NBT_URL", "https://www.nbt.tj/en/kurs/export_xml.php?date={date:%Y-%m-%d}&export=xmlout")
DASTAN_RATES_CBU_URL = os.environ.get(
    "DASTAN_RATES_CBU_URL", "https://cbu.uz/ru/arkhiv-kursov-valyut/json/all/{date:%Y-%m-%d}/")
DASTAN_RATES_CBT_URL = os.environ.get("DASTAN_RATES_CBT_URL", "https://cbt.tm/kurs/{date:%Y}/{date:%d%m%Y}.xml")
DASTAN_RATES_TIMEOUT = float(os.environ.get("DASTAN_RATES_TIMEOUT", "10"))  # seconds per request
DASTAN_RATES_ATTEMPTS = int(os.environ.get("DASTAN_RATES_ATTEMPTS", "3"))  # tries per provider and day
DASTAN_RATES_BACKOFF = float(os.environ.get("DASTAN_RATES_BACKOFF", "1"))  # seconds, doubled each retry
DASTAN_RATES_BACKFILL_PAUSE = float(os.environ.get("DASTAN_RATES_BACKFILL_PAUSE", "0.5"))  # seconds
DASTAN_RATES_TMT_PEG = os.environ.get("DASTAN_RATES_TMT_PEG", "3.5")  # TMT per USD since 2015-01-01
# Security (docs/security.md). DASTAN_PRODUCTION=1 turns on everything `check --deploy` asks for.
DASTAN_PRODUCTION = env_bool("DASTAN_PRODUCTION")
SECURE_SSL_REDIRECT = env_bool("DASTAN_SSL_REDIRECT", DASTAN_PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("DASTAN_HSTS_SECONDS", 31536000 if DASTAN_PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DASTAN_HSTS_SUBDOMAINS", DASTAN_PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("DASTAN_HSTS_PRELOAD", DASTAN_PRODUCTION)
# The TLS-terminating proxy in front says which scheme the reader used.
if env_bool("DASTAN_BEHIND_TLS_PROXY", DASTAN_PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DASTAN_SECURE_COOKIES", DASTAN_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features no page of a news site needs.
DASTAN_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
# No inline script or style anywhere, the admin included; a script that must be inline takes
# the request's nonce ({{ request.csp_nonce }}). Images may come from other HTTPS sites
# (article bodies link them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Two-factor login: required for editors, administrators and superusers when on (production).
DASTAN_REQUIRE_2FA = env_bool("DASTAN_REQUIRE_2FA", DASTAN_PRODUCTION)
OTP_TOTP_ISSUER = SITE_NAME

# Login throttling (django-axes): 5 failures lock the account, and separately the client address,
# for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DASTAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DASTAN_LOGIN_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_VERBOSE = False
# Behind a proxy the client address is the last hop it appends to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DASTAN_PROXY_COUNT", "1" if DASTAN_PRODUCTION else "0")) or None

# Uploaded images: decoded and re-encoded before they are stored (dastan.security.uploads).
DASTAN_UPLOAD_MAX_BYTES = int(os.environ.get("DASTAN_UPLOAD_MAX_BYTES", str(15 * 1024 * 1024)))  # bytes
DASTAN_UPLOAD_MAX_PIXELS = int(os.environ.get("DASTAN_UPLOAD_MAX_PIXELS", str(40_000_000)))  # width × height
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # bytes of non-file form data
