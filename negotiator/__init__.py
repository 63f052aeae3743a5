"""negotiator: councils of municipalities negotiate shared-system rules and sign the result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: settings, database, extensions, blueprints, CLI."""
    # Imported here so that the pure modules (workflow, costs, assembly) load without Flask.
    from flask import Flask

    from negotiator import cli, config, extensions, jobs, web

    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    config.load(app, test_config)
    extensions.init_app(app)
    web.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    _connect_domains()
    return app


def _connect_domains() -> None:
    """Each domain's event handlers and fact providers, lowest layer first (they run in order)."""
    from negotiator.agreements import handlers as agreements
    from negotiator.meetings import handlers as meetings
    from negotiator.notifications import handlers as notifications

    for domain in (meetings, agreements, notifications):
        domain.register()
