"""The JSON API, /api/v1: flask-smorest blueprints whose marshmallow schemas validate input and
generate the OpenAPI document at /api/v1/openapi.json; a plain reference page at /api/v1/docs.
"""

from flask import Flask, current_app, request
from flask_smorest import Api
from werkzeug.routing import IntegerConverter

from booking.api.fields import MAX_ID
from booking.api.schemas import ErrorSchema

SPEC_ENDPOINT = "api-docs.openapi_json"
API_EXTENSION = "guichet.api"  # where each app keeps its Api object


class IdConverter(IntegerConverter):
    """A record id in a path: 1..2**31-1, so no out-of-range number ever reaches a query."""

    def __init__(self, map, min=1, max=MAX_ID):  # noqa: A002 (werkzeug's names)
        super().__init__(map, min=min, max=max)


class GuichetApi(Api):
    """flask-smorest, minus its own error handler: ours answer in the contract's shape."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        pass


def register_api(app: Flask) -> None:
    from booking.api import allocations, docs, organiser, public  # noqa: F401 (the views register themselves on the blueprints)
    from booking.api.auth import BEARER_SCHEME
    from booking.api.blueprint import docs_bp, organiser_bp, public_bp
    from booking.extensions import csrf

    app.url_map.converters["api_id"] = IdConverter
    api = GuichetApi(app)
    app.extensions[API_EXTENSION] = api
    api.spec.components.security_scheme(BEARER_SCHEME, {"type": "http", "scheme": "bearer"})
    for blueprint in (public_bp, organiser_bp):
        csrf.exempt(blueprint)  # bearer tokens and no cookies: nothing for CSRF to protect
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_bp)

    @app.after_request
    def open_cors_on_spec(response):
        if request.endpoint == SPEC_ENDPOINT:
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response


def current_api() -> Api:
    """This app's flask-smorest ``Api``, kept when it was made: its ``spec`` is the OpenAPI document."""
    return current_app.extensions[API_EXTENSION]
