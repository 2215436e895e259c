"""cii_events: registration for the Swiss national CII days and CII thematic seminars."""
from __future__ import annotations

import os

from flask import Flask

from .config import PROJECT_ROOT, Config, environment_overrides


def create_app(config: dict | type | None = None) -> Flask:
    """Build the application. Wiring only: no database access, no migration, no I/O."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("CII_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_relative_config=True,
    )
    app.config.from_object(Config)
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
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: set the environment variable SECRET_KEY, "
                           "or put it in settings.py in the instance folder")
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "cii_events.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(url)


def _normalise_database_url(url: str) -> str:
    """Accept the common postgres:// and postgresql:// spellings and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def register_extensions(app: Flask) -> None:
    from . import database
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .services import mail, programme_cache
    from .i18n import select_locale

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
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
    from . import web
    from .admin import bp as admin_bp
    from .public import api, bp as public_bp

    web.init_app(app)
    app.register_blueprint(public_bp)
    app.register_blueprint(api)
    app.register_blueprint(admin_bp)


def register_errorhandlers(app: Flask) -> None:
    from . import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
