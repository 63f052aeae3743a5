"""Server processes after start-up: warm up what loads lazily, then freeze the collector.

A worker holds about 250k long-lived objects (modules, mappers, compiled templates, catalogues);
every full collection walked all of them — about 140 ms every few board requests, which was the
p95 of every page (issue 18). `gc.freeze()` moves everything alive at that moment to a permanent
generation that the collector no longer visits, so a collection only walks what requests make.

Called by each server entry point once its app is built — gunicorn's `post_worker_init`
(negotiator/gunicorn_conf.py), `flask run` through `server_app()`, `flask jobs worker` — and never
by `create_app`: tests build hundreds of apps in one process and must not freeze each of them.
`GC_FREEZE = False` (NEGOTIATOR_GC_FREEZE=false) turns it off, for bench/latency.py's comparison.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass

from flask import Flask


@dataclass(frozen=True)
class Frozen:
    objects: int  # in the permanent generation after the freeze (0: freezing is off)
    warm_up_ms: float
    collect_ms: float

    def describe(self) -> str:
        if not self.objects:
            return "collector not frozen (GC_FREEZE is off)"
        return (
            f"collector frozen after start-up: {self.objects} objects "
            f"(warm-up {self.warm_up_ms:.0f} ms, collection {self.collect_ms:.0f} ms)"
        )


def warm_up(app: Flask) -> None:
    """Load now what the first requests would load, so that it lands in the frozen generation:
    the mappers' configuration, every template compiled in each language, each language's
    catalogue and CLDR data."""
    import sqlalchemy.orm
    from babel import Locale
    from flask_babel import force_locale, get_translations

    sqlalchemy.orm.configure_mappers()
    templates = app.jinja_env.list_templates(extensions=("html", "txt", "ics"))
    with app.test_request_context():
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                get_translations()
                for name in templates:  # compiled once per language (template_compile)
                    app.jinja_env.get_template(name)
            locale = Locale.parse(language)
            locale.number_symbols, locale.date_formats, locale.datetime_formats  # noqa: B018


def freeze_after_startup(app: Flask) -> Frozen:
    """Warm up, collect once, freeze; what was frozen (nothing when GC_FREEZE is off)."""
    if not app.config.get("GC_FREEZE", True):
        return Frozen(0, 0.0, 0.0)
    started = time.perf_counter()
    warm_up(app)
    warmed = time.perf_counter()
    gc.collect()
    gc.freeze()
    done = time.perf_counter()
    return Frozen(gc.get_freeze_count(), (warmed - started) * 1000, (done - warmed) * 1000)


def server_app() -> Flask:
    """The app for `flask run` (`make run`): `create_app()`, then frozen."""
    import click

    from negotiator import create_app

    app = create_app()
    click.echo(freeze_after_startup(app).describe(), err=True)
    return app
