"""Back-office forms (WTForms with Flask-WTF's CSRF token), one module per area."""
