"""``flask booking purge-personal-data``: the retention limit by hand (the worker applies it daily, booking/jobs)."""

import click

from booking.extensions import db


def register_commands(group: click.Group) -> None:
    @group.command("purge-personal-data")
    @click.option("--older-than", "days", type=click.IntRange(min=0), required=True, metavar="DAYS",
                  help="Anonymise attendees of sessions that ended more than DAYS ago.")
    def purge_personal_data(days: int) -> None:
        """Anonymise attendees of sessions that ended more than DAYS ago (counts are kept)."""
        from booking.privacy.personal_data import purge_personal_data as purge

        count = purge(days)
        db.session.commit()
        click.echo(f"Anonymised {count} registration(s) of sessions that ended more than {days} day(s) ago.")
