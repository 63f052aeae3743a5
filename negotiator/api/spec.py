"""The OpenAPI 3.1 document, generated from the routes, the marshmallow answer schemas and the
web forms that validate the request bodies (apispec; see README, JSON API)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from marshmallow import Schema
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from negotiator.db import MAX_ID

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "current_revision": {"type": "integer"},
        "version": {"type": "integer"},
    },
}
PAGING = {
    "cursor": {"type": "string", "maxLength": 100},
    "limit": {"type": "integer", "minimum": 1, "maximum": 100},
}


def documented(
    summary: str,
    schema: type[Schema],
    *,
    paged: bool = False,
    query: dict[str, dict] | None = None,
    body: type | None = None,
    status: int = 200,
    writes: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Describe an API view for the document: its answer, query parameters and body form."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.api_doc = {  # type: ignore[attr-defined]
            "summary": summary,
            "schema": schema,
            "query": (PAGING if paged else {}) | (query or {}),
            "body": body,
            "status": status,
            "writes": writes,
        }
        return view

    return decorate


def document(app: Flask) -> dict[str, Any]:
    """The document, built once per app (the routes do not change while it runs)."""
    if "api_document" not in app.extensions:
        app.extensions["api_document"] = build(app)
    return app.extensions["api_document"]


def build(app: Flask) -> dict[str, Any]:
    spec = APISpec(
        title="negotiator API",
        version="1",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": "協議会の協議事項・意見・会議・協定を読み書きする JSON API"},
    )
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Problem", component=PROBLEM)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions.get(rule.endpoint)
        doc = getattr(view, "api_doc", None)
        if doc is None:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = _operation(spec, rule, doc)
            spec.path(path=_path(rule.rule), operations={method.lower(): operation})
    return spec.to_dict()


_ARGUMENT = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def _path(rule: str) -> str:
    return _ARGUMENT.sub(r"{\1}", rule)


def _operation(spec: APISpec, rule: Any, doc: dict[str, Any]) -> dict[str, Any]:
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
        }
        # In the path's order: rule.arguments is a set, its order changed from process to process.
        for name in _ARGUMENT.findall(rule.rule)
    ]
    parameters += [
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in doc["query"].items()
    ]
    operation: dict[str, Any] = {
        "operationId": rule.endpoint.removeprefix("api."),
        "summary": doc["summary"],
        "security": [{"token": []}],
        "parameters": parameters,
        "responses": _responses(doc),
    }
    if doc["body"] is not None:
        name = doc["body"].__name__
        if name not in spec.components.schemas:
            spec.components.schema(name, component=form_schema(doc["body"]))
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def _responses(doc: dict[str, Any]) -> dict[str, Any]:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    described = {
        "400": "不正なリクエスト",
        "401": "トークンがない、または無効",
        "403": "権限がない",
        "404": "ない、または他の協議会のもの",
        "413": "大きすぎる",
        "429": "リクエストが多すぎる",
    }
    if doc["writes"]:
        described |= {
            "409": "版が古い(現在の版を返す)",
            "415": "JSON ではない",
            "422": "入力エラー",
        }
    answers: dict[str, Any] = {
        str(doc["status"]): {
            "description": doc["summary"],
            "content": {"application/json": {"schema": doc["schema"]}},
        }
    }
    if not doc["writes"]:
        answers["304"] = {"description": "If-None-Match の ETag から変わっていない"}
    for code, text in described.items():
        answers[code] = {"description": text, "content": problem}
    return answers


def form_schema(form_class: type) -> dict[str, Any]:
    """A JSON schema of a web form: the same fields, choices and length limits it checks."""
    properties: dict[str, Any] = {}
    required = []
    for name, unbound in vars_of(form_class):
        field_class = unbound.field_class
        validators = unbound.kwargs.get("validators") or []
        properties[name] = _field_schema(field_class, unbound.kwargs, validators)
        if field_class.__name__ == "VersionField" or any(
            isinstance(v, DataRequired | InputRequired) for v in validators
        ):
            required.append(name)
    return {"type": "object", "properties": properties, "required": required}


def vars_of(form_class: type) -> list[tuple[str, Any]]:
    """The form's fields; one a subclass sets to None (WTForms' way to drop it) is left out."""
    seen: set[str] = set()
    fields = []
    for klass in form_class.__mro__:
        for name, value in vars(klass).items():
            if name in seen:
                continue
            seen.add(name)
            if hasattr(value, "field_class"):
                fields.append((name, value))
    return fields


def _field_schema(field_class: type, kwargs: dict, validators: list) -> dict[str, Any]:
    if issubclass(field_class, BooleanField):
        return {"type": "boolean"}
    if issubclass(field_class, SelectField | RadioField):
        options = kwargs.get("choices")
        if kwargs.get("coerce") is int or not options:
            return {"type": "integer"} if kwargs.get("coerce") is int else {"type": "string"}
        return {"type": "string", "enum": [_value(o) for o in options]}
    if issubclass(field_class, IntegerField):
        return {"type": "integer", "minimum": 0, "maximum": MAX_ID}
    schema: dict[str, Any] = {"type": "string"}
    if issubclass(field_class, StringField):
        for v in validators:
            if isinstance(v, Length) and v.max >= 0:
                schema["maxLength"] = v.max
    return schema


def _value(option: Any) -> str:
    return option[0] if isinstance(option, tuple) else getattr(option, "value", option)
