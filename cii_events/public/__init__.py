"""Public site: event pages, registration and the personal page."""
from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/<lang>")
api = Blueprint("api", __name__, url_prefix="/api")

# (importing the views registers the routes)
from . import invitation_views, privacy_views, self_service_views, views  # noqa: E402,F401
