"""Commands of the API, hung under ``flask booking``."""

import click
import sqlalchemy as sa

from booking import links
from booking.extensions import db
from booking.models import User


def register_commands(group: click.Group) -> None:
    group.add_command(api_token)


@click.command("api-token")
@click.argument("email")
@click.option("--name", "name", default="", help="What the token is for (shown on the account page).")
@click.option("--label", "name", hidden=True, help="The former name of --name.")
def api_token(email: str, name: str) -> None:
    """Print a new API token for the organiser account EMAIL (shown once, stored hashed)."""
    from booking.services.accounts import normalise_email
    from booking.services.api_tokens import create_token
    from booking.services.errors import TokenRefused

    user = db.session.scalar(sa.select(User).where(User.email_key == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    try:
        _token, secret = create_token(user, label=name)
    except TokenRefused as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    # The token alone on standard output, so scripts can capture it; the advice goes to standard error.
    click.echo(secret)
    where = links.absolute_url("account.index") + "#api-tokens"
    click.echo(f"API token for {user.email}: shown once, keep it secret. "
               f"See it listed, and revoke it, on the account page: {where}", err=True)
