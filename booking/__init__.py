"""Guichet: booking seats for talks, tours and workshops."""

from pathlib import Path

from flask import Flask, request
from flask_babel import gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from booking import assets, database, ops, routing, security
from booking.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate
from booking.i18n import N_
from booking.logging import install_redaction

ROOT = Path(__file__).resolve().parent.parent
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_app(config: type | dict | None = None) -> Flask:
    """Build the application; ``config`` is a settings class or a dict of overrides."""
    install_redaction()  # first: no log line may carry an email, a password or a token
    from booking import catalogues  # imported here, so `python -m booking.catalogues` runs it as a script
    from config import INSTANCE_DIR, Config, config_from_env, development_secret_key

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    settings = config if isinstance(config, type) else config_from_env()
    app.config.from_object(settings)
    if isinstance(config, dict):
        app.config.update(config)
        app.config.setdefault("SQLALCHEMY_DATABASE_URI", Config.SQLALCHEMY_DATABASE_URI)
    if not app.config.get("SECRET_KEY") and app.config.get("GENERATE_SECRET_KEY"):
        app.config["SECRET_KEY"] = development_secret_key()

    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    security.register(app)
    catalogues.check_installed(app)  # production never serves English for want of a compiled catalogue
    register_upload_limits(app)  # before CSRFProtect's hook, the first to read a form
    register_extensions(app)
    register_request_hooks(app)
    routing.install(app)  # before the blueprints: their <int:…> rules take the bounded converter
    register_blueprints(app)
    assets.install(app)  # static files under fingerprinted names, cached for a year
    ops.register(app)  # /healthz, /readyz, one JSON log line per request
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    database.check_connections_before_use(app.config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=lambda: app.config["BOOKING_TIMEZONE"])
    bootstrap.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine, app.config["BOOKING_LOCK_TIMEOUT"])
    login_manager.login_view = "account.login"
    # Flask-Login's own message, in the page's language like every other.
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.localize_callback = gettext
    login_manager.session_protection = "strong"

    from booking.models import User

    @login_manager.user_loader
    def load_user(session_id: str):
        user_id = session_id.partition(":")[0]
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        # A deactivated account, or one whose password or session nonce changed since (a reset, signing out),
        # is signed out at its next request.
        return user if user is not None and user.active and user.holds_session_id(session_id) else None


def register_upload_limits(app: Flask) -> None:
    from booking.media import UPLOAD_ENDPOINTS, UPLOAD_REQUEST_MAX

    @app.before_request
    def allow_pictures():
        # The forms that take a picture may send more than MAX_CONTENT_LENGTH (1 MiB).
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = max(UPLOAD_REQUEST_MAX, app.config.get("MAX_CONTENT_LENGTH") or 0)


def register_request_hooks(app: Flask) -> None:
    from booking.labels import forget_kinds

    @app.before_request
    def mark_read_only_requests():
        # Safe methods read only: on SQLite they need not wait for the write lock.
        if request.method in SAFE_METHODS:
            request.environ["guichet.read_only_token"] = database.set_read_only(True)

    @app.teardown_request
    def clear_read_only(exc):
        # End what the request left open (a GET's deferred read transaction): when the
        # app context outlives the request (tests, CLI), the next request must begin
        # its own transaction, IMMEDIATE if it writes. A no-op after a commit.
        if exc is None and request.method in SAFE_METHODS:
            database.end_read_transaction(db.session)
        else:
            database.roll_back_quietly(db.session)
        token = request.environ.pop("guichet.read_only_token", None)
        if token is not None:
            database.reset_intent(token)
        # The kinds' names were read for this request only: an app context that outlives it (tests, benches)
        # reads them again, as a server does.
        forget_kinds()


def register_blueprints(app: Flask) -> None:
    from booking.account import bp as account_bp
    from booking.admin import bp as admin_bp
    from booking.api import register_api
    from booking.calendar import bp as calendar_bp
    from booking.dashboards import bp as dashboards_bp
    from booking.media import bp as media_bp
    from booking.organiser import bp as organiser_bp
    from booking.partners import bp as partners_bp
    from booking.privacy import bp as privacy_bp
    from booking.public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(organiser_bp)
    app.register_blueprint(partners_bp)
    app.register_blueprint(dashboards_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(media_bp)
    register_api(app)


def register_errorhandlers(app: Flask) -> None:
    from booking.errors import register as register_error_pages

    register_error_pages(app)


def register_template_helpers(app: Flask) -> None:
    from booking.templating import register as register_filters

    register_filters(app)


def register_commands(app: Flask) -> None:
    from booking.cli import booking_cli

    app.cli.add_command(booking_cli)


def _select_locale() -> str:
    from booking.i18n import select_locale

    return select_locale()
