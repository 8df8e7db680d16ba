"""Mail commands: ``booking outbox send [--once]`` and ``booking send-reminders``."""

import click
from flask.cli import AppGroup


def register_commands(group: AppGroup) -> None:
    outbox = AppGroup("outbox", help="The outbox of emails waiting to be delivered.")
    group.add_command(outbox)

    @outbox.command("send")
    @click.option("--once", is_flag=True, help="Deliver what is due, then exit (default: keep running).")
    def send(once: bool) -> None:
        """Deliver pending emails (MAIL_BACKEND=smtp or file); Ctrl-C or SIGTERM stops cleanly."""
        from booking.mail.worker import run

        if not once:
            click.echo("Mail worker started; Ctrl-C stops it.")
        total = run(once=once, on_report=None if once else echo_report)
        echo_report(total)

    @group.command("send-reminders")
    def send_reminders() -> None:
        """Queue reminders for confirmed bookings of sessions starting within 24 hours (never twice)."""
        from booking.extensions import db
        from booking.mail.reminders import queue_reminders

        queued = queue_reminders()
        db.session.commit()
        click.echo(f"Queued {queued} reminder(s).")


def echo_report(report) -> None:
    click.echo(f"Sent {report.sent}, to retry {report.retrying}, failed {report.failed}.")
