"""Unbound extension objects; create_app binds them to the application."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .models.base import Base

db = SQLAlchemy(model_class=Base)
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Limits come from the configuration (RATELIMIT_*); storage is shared (Redis) across instances.
limiter = Limiter(key_func=get_remote_address)


def init_migrations(app) -> None:
    """Flask-Migrate, and with it Alembic (about 11 MB of every process that imports it), only
    where migrations run: the command line and the tests' schema set-up, never in a web worker."""
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate

    from . import resources

    Migrate(app, db, directory=str(resources.folder("migrations")), render_as_batch=True)
