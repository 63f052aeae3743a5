"""negotiator: councils of municipalities negotiate shared-system rules and sign the result.

Layers: each domain package imports only from its own layer or lower ones, never from a higher
one, function-local imports included (tests/test_layers.py reads every module). The core — the
top-level modules (db, clock, i18n, events, forms, …) and jobs' engine — is below every domain;
the app that assembles them all (APP: create_app, web, cli, the job schedule) is above.

A lower domain that must reach a higher one announces an event or asks for a fact through
negotiator.events; the higher domain registers its handlers in its handlers.register(), which
create_app calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# The domains, lowest layer first; domains in one layer may import each other. A module named
# on its own ("consortia.views") sits in that layer instead of its package's: it gathers from
# domains above its own (to be split out into a composing layer when it grows).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("audit",),
    ("auth", "consortia"),  # users, councils, members and roles: each needs the other
    ("negotiation",),
    ("renders",),
    # The board's Excel file is a render (its route and kind), unlike the rest of negotiation.
    ("costs", "meetings", "negotiation.export_views"),
    # Documents attach to items, revisions and meetings; the pages below ask for them through
    # negotiator.events. Below agreements, so that the negotiation dossier can include them.
    ("documents",),
    ("agreements",),
    # The council's page lists its negotiations and executed agreements; members join and
    # leave only while no agreement is out for signature, and change the agreements' parties.
    ("admin", "consortia.views", "consortia.lifecycle"),
    # notifications, the dashboard and search gather from every domain; the audit check
    # compares the positions and signatures with their audit entries.
    # The dossier gathers every domain's records of a negotiation into one ZIP.
    ("notifications", "dashboard", "search", "demo", "audit.records", "about", "dossier"),
    # The JSON API reads and writes through every domain's loaders, rules and services.
    ("api",),
)
# Modules above every layer: they assemble the app.
APP: tuple[str, ...] = (
    "negotiator",
    "negotiator.cli",
    "negotiator.web",
    "negotiator.models",
    "negotiator.extensions",
    "negotiator.runtime",
    "negotiator.gunicorn_conf",
    "negotiator.jobs.schedule",
    "negotiator.jobs.cli",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: settings, database, extensions, blueprints, CLI."""
    # Imported here so that the pure modules (workflow, costs, assembly) load without Flask.
    from flask import Flask

    from negotiator import cli, config, extensions, jobs, web
    from negotiator.template_compile import LanguageEnvironment

    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    app.jinja_environment = LanguageEnvironment  # before app.jinja_env is first built
    config.load(app, test_config)
    extensions.init_app(app)
    web.init_app(app)
    # Importing the schedule imports every module that declares tasks, before the engine starts.
    from negotiator.jobs import schedule  # noqa: F401

    jobs.init_app(app)
    cli.init_app(app)
    _connect_domains()
    return app


def _connect_domains() -> None:
    """Each domain's event handlers and fact providers, lowest layer first (they run in order)."""
    from negotiator.agreements import handlers as agreements
    from negotiator.documents import handlers as documents
    from negotiator.meetings import handlers as meetings
    from negotiator.notifications import handlers as notifications
    from negotiator.search import handlers as search

    for domain in (meetings, documents, agreements, notifications, search):
        domain.register()
