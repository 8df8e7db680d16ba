"""Mail commands: ``booking outbox send`` and ``booking send-reminders``."""

import click


def register_commands(group: click.Group) -> None:
    """Added by the email issue."""
