"""Flask extensions and their wiring to the app."""

from __future__ import annotations

from flask import Flask, session
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from negotiator import template_i18n
from negotiator.db import configure_sqlite_engine, db

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
migrate = Migrate()


def select_locale() -> str:
    """The language chosen with the switch, else Japanese; the API's from its request."""
    from flask import current_app, g, has_request_context

    if has_request_context() and g.get("api_locale"):
        return g.api_locale
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    # Import every model module so that the metadata is complete for Alembic and create_all.
    from negotiator import models  # noqa: F401

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite_engine(db.engine)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    template_i18n.install(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong" if not app.testing else "basic"
    login_manager.user_loader(_load_user)


def _migrations_dir() -> str:
    import os

    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def _load_user(user_id: str):  # noqa: ANN202 - Flask-Login protocol
    from negotiator.auth.models import User

    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or not token.lstrip("-").isdigit():
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or user.session_token != int(token) or not user.active:
        return None
    return user
