"""The organizers' back office: accounts, events and programme, attendees, exports, messages, audit."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import auth  # noqa: E402,F401  (guards every back-office request)
from . import (account_views, allocation_views, attendee_views, audit_views, badge_views,  # noqa: E402,F401
               checkin_views, event_views, invitation_views, mail_text_views, message_views, outbox_views,
               privacy_views, programme_views, question_views, quota_views, role_views, user_views)

from .labels import filters as _label_filters  # noqa: E402

for _name, _filter in _label_filters().items():
    bp.add_app_template_filter(_filter, _name)
