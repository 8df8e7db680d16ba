"""The API's human-readable reference at /api/v1/docs, rendered on the server from the OpenAPI document.

No JavaScript viewer and no CDN: the page is plain HTML built from the same
document partners' tools read, so the two never disagree.
"""

from dataclasses import dataclass, field

from flask import render_template

from booking.api import current_api
from booking.api.blueprint import docs_bp as bp

METHODS = ("get", "post", "patch", "put", "delete")


@dataclass
class Row:
    name: str
    type: str
    required: bool = False
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    needs_token: bool
    parameters: list[Row] = field(default_factory=list)
    body: list[Row] = field(default_factory=list)
    returns: list[Row] = field(default_factory=list)
    responses: list[Row] = field(default_factory=list)


@bp.get("/docs")
def reference():
    spec = current_api().spec.to_dict()
    schemas = spec.get("components", {}).get("schemas", {})
    objects = {name: _properties(schema, schemas) for name, schema in sorted(schemas.items()) if name.endswith("Out")}
    return render_template("api/docs.html", spec=spec, operations=_operations(spec), objects=objects)


def _operations(spec: dict) -> list[Operation]:
    schemas = spec.get("components", {}).get("schemas", {})
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                found.append(_operation(method, path, item[method], schemas))
    return found


def _operation(method: str, path: str, op: dict, schemas: dict) -> Operation:
    summary, _sep, description = (op.get("summary", "") + "\n" + op.get("description", "")).strip().partition("\n")
    body_schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    success = next((r for code, r in sorted(op["responses"].items()) if code.startswith("2")), {})
    returned_schema = success.get("content", {}).get("application/json", {}).get("schema")
    return Operation(
        method=method.upper(),
        path=path,
        summary=summary,
        description=description.strip(),
        needs_token=bool(op.get("security")),
        parameters=[Row(p["name"], f"{p['in']}: {_type(p.get('schema', {}), schemas)}", p.get("required", False),
                        p.get("description", "")) for p in op.get("parameters", [])],
        body=_properties(body_schema, schemas) if body_schema else [],
        returns=_properties(returned_schema, schemas) if returned_schema else [],
        responses=[Row(code, "", False, r.get("description", "")) for code, r in sorted(op["responses"].items())
                   if code != "default"],
    )


def _resolve(schema: dict, schemas: dict) -> dict:
    ref = schema.get("$ref", "")
    return schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else schema


def _properties(schema: dict, schemas: dict) -> list[Row]:
    schema = _resolve(schema, schemas)
    required = set(schema.get("required", []))
    return [Row(name, _type(prop, schemas), name in required, prop.get("description", ""))
            for name, prop in schema.get("properties", {}).items()]


def _type(schema: dict, schemas: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}), schemas)}"
    details = [schema[key] for key in ("format",) if key in schema]
    if "enum" in schema:
        details.append(" | ".join(str(v) for v in schema["enum"] if v is not None))
    if "minimum" in schema or "maximum" in schema:
        details.append(f"{schema.get('minimum', '')}..{schema.get('maximum', '')}")
    if schema.get("nullable"):
        details.append("or null")
    if "default" in schema:
        details.append(f"default {schema['default']!r}")
    return f"{kind} ({', '.join(details)})" if details else kind
