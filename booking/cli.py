"""The ``flask --app wsgi booking …`` commands."""

import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from booking.extensions import db
from booking.models import Role, Team

booking_cli = AppGroup("booking", help="Guichet's commands.")


@booking_cli.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="Full name shown to others.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.CITIZEN.value, show_default=True)
@click.option("--team", "team_names", multiple=True, help="Team name (created if missing); repeatable.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, name: str, role: str, team_names: tuple[str, ...], password_stdin: bool) -> None:
    """Create an account."""
    from booking.services.accounts import create_account
    from booking.services.errors import AccountError

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user = create_account(email=email, name=name, role=role, team_names=team_names, password=password)
    except AccountError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@booking_cli.command("seed-demo")
@click.option("--scale", type=click.Choice(["small", "large"]), default="small", show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing when events already exist.")
def seed_demo(scale: str, if_empty: bool) -> None:
    """Load a realistic demo programme (small by default; large for benchmarks). Never in production."""
    from booking.demo import seed

    if current_app.config.get("ENV_NAME") == "production":
        # Its demo accounts have published passwords: in production they would be a way in for anyone.
        raise click.ClickException("seed-demo is for development only and refuses to run with "
                                   "GUICHET_ENV=production: the demo accounts' passwords are published.")
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(Team)):
        click.echo("The database already holds data: demo not loaded.")
        return
    summary = seed(scale=scale)
    db.session.commit()
    click.echo(summary)


def _register_feature_commands() -> None:
    # Each feature keeps its commands beside its code; they all hang under "booking".
    from booking.api.commands import register_commands as register_api_commands
    from booking.jobs.commands import register_commands as register_job_commands
    from booking.mail.commands import register_commands as register_mail_commands
    from booking.ops.commands import register_commands as register_ops_commands
    from booking.privacy.commands import register_commands as register_privacy_commands

    register_mail_commands(booking_cli)
    register_api_commands(booking_cli)
    register_privacy_commands(booking_cli)
    register_ops_commands(booking_cli)
    register_job_commands(booking_cli)


_register_feature_commands()
