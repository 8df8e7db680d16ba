"""Commands of this feature, hung under ``flask booking``."""

import click


def register_commands(group: click.Group) -> None:
    """Filled in by the feature's issue."""
