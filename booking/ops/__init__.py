"""Running Guichet: health checks, one log line per request, backups."""

from flask import Flask


def register(app: Flask) -> None:
    from booking.extensions import limiter
    from booking.ops import requestlog
    from booking.ops.health import bp as health_bp

    app.register_blueprint(health_bp)
    limiter.exempt(health_bp)  # probes come every few seconds from one address: never rate limited
    requestlog.register(app)
