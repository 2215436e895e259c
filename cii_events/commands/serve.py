"""`cii-events run`: the development server, delivering mail while it serves."""
from __future__ import annotations

import click


def _serve(mail_worker, **options):
    """`flask run`, delivering mail in a thread while it serves (stopped with it)."""
    import os
    import signal

    from flask.cli import ScriptInfo, run_command as flask_run

    from ..services.mail_worker import Worker

    context = click.get_current_context()
    app = context.ensure_object(ScriptInfo).load_app()
    if not app.config.get("BASE_URL"):  # mail links follow the port served on
        host = options["host"] if options["host"] not in ("0.0.0.0", "::", "") else "127.0.0.1"
        app.config["BASE_URL"] = f"http://{host}:{options['port']}"
    reloading = app.debug if options.get("reload") is None else options["reload"]
    worker = None
    if mail_worker and (not reloading or os.environ.get("WERKZEUG_RUN_MAIN") == "true"):
        signal.signal(signal.SIGTERM, _interrupt)  # stopped like Ctrl-C: the worker finishes its mail
        worker = Worker(app)
        worker.start()
        click.echo(f"Mail worker started: mail links start with {app.config['BASE_URL']}.")
    try:
        context.invoke(flask_run.callback, **options)
    finally:
        if worker is not None:
            worker.stop()


def _interrupt(_number, _frame):
    raise KeyboardInterrupt


def run_command() -> click.Command:
    from flask.cli import run_command as flask_run

    option = click.Option(["--mail-worker/--no-mail-worker"], default=True, show_default=True,
                          help="Deliver mail (and queue due reminders) in a thread while serving.")
    return click.Command("run", callback=_serve, params=[*flask_run.params, option],
                         help="Run the development server; it delivers mail while it serves.",
                         short_help="Run the development server (and the mail worker).")
