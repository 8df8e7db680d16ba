"""Settings, read from environment variables (see README, "Configuration")."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("GUICHET_INSTANCE_PATH", BASE_DIR / "instance"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def development_secret_key() -> str:
    """A key generated once into instance/, so sessions survive restarts in development."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'guichet.db'}"
    SQLALCHEMY_DATABASE_URI = DATABASE_URL
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Key of the pseudonyms people are counted by once anonymised (else SECRET_KEY): set it once and keep it.
    PSEUDONYM_KEY = os.environ.get("PSEUDONYM_KEY")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/")

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Guichet <billetterie@guichet.example>")
    # A message that could not be sent is tried again after MAIL_RETRY_SECONDS, then twice as long each time
    # (at most 6 hours apart), and given up after MAIL_MAX_ATTEMPTS attempts in all.
    MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60)
    MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    API_BOOKING_LIMIT = os.environ.get("API_BOOKING_LIMIT", "60 per minute")  # per IP
    API_ORGANISER_WRITE_LIMIT = os.environ.get("API_ORGANISER_WRITE_LIMIT", "300 per minute")  # per token

    # Single-use links sent by email (proving an address, signing in), and the "address proven" scope they open.
    EMAIL_LINK_MINUTES = env_int("EMAIL_LINK_MINUTES", 30)
    EMAIL_PROOF_SESSION_MINUTES = env_int("EMAIL_PROOF_SESSION_MINUTES", 30)

    # Event pictures: in this folder, unless IMAGE_STORE_URL names an S3-compatible bucket (s3://bucket/prefix;
    # credentials, region and AWS_ENDPOINT_URL are boto3's usual environment variables).
    IMAGE_STORE_URL = os.environ.get("IMAGE_STORE_URL", "")
    IMAGE_STORE_PATH = os.environ.get("IMAGE_STORE_PATH", str(INSTANCE_DIR / "images"))

    BOOKING_TIMEZONE = os.environ.get("BOOKING_TIMEZONE", "Europe/Paris")
    # Seconds a booking waits for the session's lock before answering "try again" (503).
    BOOKING_LOCK_TIMEOUT = env_int("BOOKING_LOCK_TIMEOUT", 5)
    # The worker anonymises attendees of sessions that ended more than this many days ago; 0 or empty: never.
    PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365") or 0)

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = BOOKING_TIMEZONE
    LANGUAGES = ("fr", "en")

    BOOTSTRAP_SERVE_LOCAL = True  # no CDN: the site must work on a closed network
    MAX_CONTENT_LENGTH = 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a booking form left open over lunch still submits

    API_TITLE = "Guichet API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)

    # Number of proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none).
    # Rate limits per IP need it behind a proxy, or every visitor shares the proxy's address.
    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    # SECRET_KEY, when unset, is generated into instance/ by create_app.
    GENERATE_SECRET_KEY = True


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-0123456789"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    MAIL_BACKEND = "file"
    PUBLIC_BASE_URL = "http://guichet.test"


class ProductionConfig(Config):
    ENV_NAME = "production"
    # Old keys still accepted for signed cookies and links during a rotation (comma-separated).
    SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k]
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


configs = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return configs[os.environ.get("GUICHET_ENV", "development")]
