"""``booking tick [--now ISO8601]`` and ``booking worker``."""

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from booking.jobs.ticking import JobOutcome, Outcome


class Instant(click.ParamType):
    """An ISO 8601 date and time; without an offset it is read as UTC (how Guichet stores times)."""

    name = "ISO8601"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 date and time (e.g. 2026-03-01T09:00:00+01:00).", param, ctx)
        return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def register_commands(group: AppGroup) -> None:
    @group.command("tick")
    @click.option("--now", type=Instant(), default=None,
                  help="The instant to run at (default: the real clock); without an offset, UTC.")
    def tick_command(now: datetime | None) -> None:
        """Run every timed job that is due now, once, and exit (1 if a job failed)."""
        from sqlalchemy.exc import SQLAlchemyError

        from booking.jobs.ticking import tick

        try:
            outcomes = tick(now)
        except SQLAlchemyError as error:  # the database is out of reach: say so in one line
            raise click.ClickException(f"database error: {error}") from error
        for outcome in outcomes:
            click.echo(describe(outcome))
        if any(outcome.outcome == Outcome.FAILED for outcome in outcomes):
            raise SystemExit(1)

    @group.command("worker")
    def worker_command() -> None:
        """Deliver emails and run the timed jobs until stopped (Ctrl-C or SIGTERM stop cleanly)."""
        from booking.jobs.worker import run
        from booking.mail.commands import echo_report

        click.echo("Worker started (emails and timed jobs); Ctrl-C stops it.")
        total = run(on_report=echo_report, on_outcomes=_echo_work_done)
        echo_report(total)


def describe(outcome: JobOutcome) -> str:
    if outcome.outcome == Outcome.RAN:
        return f"{outcome.name}: ran, {outcome.count} {outcome.done}."
    if outcome.outcome == Outcome.FAILED:
        return f"{outcome.name}: failed: {outcome.error}"
    if outcome.outcome == Outcome.NOT_DUE and outcome.next_due_at is not None:
        return f"{outcome.name}: not due (next at {outcome.next_due_at.isoformat()})."
    if outcome.outcome == Outcome.BUSY:
        return f"{outcome.name}: skipped, another worker is running it."
    return f"{outcome.name}: {outcome.outcome}."


def _echo_work_done(outcomes: list[JobOutcome]) -> None:
    """The long-running worker speaks only of jobs that did something or failed."""
    for outcome in outcomes:
        if outcome.outcome == Outcome.FAILED or (outcome.outcome == Outcome.RAN and outcome.count):
            click.echo(describe(outcome))
