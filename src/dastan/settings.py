"""Django settings for Dastan, read from the environment (12-factor).

Nothing set gives a working site: a SQLite file in the current directory and a local-memory cache.
Production sets DATABASE_URL (PostgreSQL) and REDIS_URL (cache shared by several app servers).
Every setting is one environment variable; docs/deploy.md lists them.
"""

import os
from pathlib import Path

import dj_database_url

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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
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
]

MIDDLEWARE = [
    # First, so a cached page is served before any other work (docs/performance.md).
    "dastan.caching.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dastan.urls"
WSGI_APPLICATION = "dastan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
    DATABASES["default"]["CONN_MAX_AGE"] = 0

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
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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
if env_bool("DASTAN_STATIC_MANIFEST"):
    STATIC_ROOT = STATIC_ROOT or str(Path.cwd() / "static-root")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
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

# Full-page cache for anonymous readers and HTTP caching headers (docs/performance.md).
DASTAN_PAGE_CACHE = env_bool("DASTAN_PAGE_CACHE", True)
DASTAN_COUNT_CACHE = env_bool("DASTAN_COUNT_CACHE", True)
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
