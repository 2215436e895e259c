"""cii_events: registration for the Swiss national CII days and CII thematic seminars."""
from __future__ import annotations

import os

from flask import Flask

from . import resources
from .config import ConfigError, check, defaults, environment_overrides, normalise_database_url

__all__ = ["ConfigError", "create_app"]


def instance_path() -> str | None:
    """CII_INSTANCE_PATH, else `instance/` in a checkout, else Flask's default for an installed
    package (`<venv>/var/cii_events-instance`)."""
    if os.environ.get("CII_INSTANCE_PATH"):
        return os.environ["CII_INSTANCE_PATH"]
    return None if resources.installed() else str(resources.CHECKOUT_DIR / "instance")


def create_app(config: dict | type | None = None) -> Flask:
    """Build the application. Wiring only: no database access, no migration, no I/O.

    Raises ConfigError, with one sentence saying what to set, when a setting is missing or wrong.
    """
    app = Flask(
        __name__,
        instance_path=instance_path(),
        template_folder=str(resources.folder("templates")),
        static_folder=str(resources.folder("static")),
        instance_relative_config=True,
    )
    app.config.update(defaults())
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(resources.folder("translations"))
    # Site settings kept beside the database (`make run` writes one with a random SECRET_KEY).
    app.config.from_pyfile("settings.py", silent=True)
    app.config.update(environment_overrides())
    if isinstance(config, type):
        app.config.from_object(config)
    elif config:
        app.config.from_mapping(config)
    _finish_config(app)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def _finish_config(app: Flask) -> None:
    check(app.config)
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "cii_events.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)


def register_extensions(app: Flask) -> None:
    from . import database
    from .extensions import babel, csrf, db, limiter, login_manager
    from .services import mail, programme_cache
    from .i18n import select_locale

    db.init_app(app)
    database.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"])
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    mail.init_app(app)
    programme_cache.listen()
    programme_cache.clear()  # a new app may be on another database


def register_blueprints(app: Flask) -> None:
    from . import operations, web
    from .admin import bp as admin_bp
    from .public import api, bp as public_bp

    web.init_app(app)
    operations.init_app(app)
    app.register_blueprint(public_bp)
    app.register_blueprint(api)
    app.register_blueprint(admin_bp)


def register_errorhandlers(app: Flask) -> None:
    from . import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from . import commands

    commands.init_app(app)
