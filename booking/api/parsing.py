"""The API's blueprints: bodies must be JSON (said so by their Content-Type), errors answer in JSON."""

import flask
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort, is_json_request

from booking.api.errors import register_error_handlers


class JsonParser(FlaskParser):
    def _raw_load_json(self, req: flask.Request):
        # A body sent as a form or text would otherwise read as empty and be reported field by field.
        if not is_json_request(req) and req.content_length:
            abort(400, messages={"json": ["Send the body as JSON, with Content-Type: application/json."]})
        return super()._raw_load_json(req)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_error_handlers(self)
