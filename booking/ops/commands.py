"""``booking backup PATH``: a consistent copy of the SQLite database while Guichet serves."""

from pathlib import Path

import click
from flask.cli import AppGroup

POSTGRESQL_ADVICE = (
    "This database is {backend}, which backs itself up: use pg_dump "
    "(pg_dump --format=custom --file guichet.dump \"$DATABASE_URL\", without the +psycopg) "
    "or base backups with WAL archiving (pg_basebackup). See README, \"Deploying\"."
)


def register_commands(group: AppGroup) -> None:
    @group.command("backup")
    @click.argument("path", type=click.Path(path_type=Path))
    def backup(path: Path) -> None:
        """Copy the SQLite database to PATH, consistently, while Guichet keeps serving."""
        from booking.extensions import db
        from booking.ops.backup import BackupRefused, backup_sqlite

        url = db.engine.url
        if url.get_backend_name() != "sqlite":
            raise click.ClickException(POSTGRESQL_ADVICE.format(backend=url.get_backend_name()))
        if not url.database or url.database == ":memory:" or url.database.startswith("file::memory:"):
            raise click.ClickException("This SQLite database lives in memory: there is no file to back up.")
        try:
            size = backup_sqlite(Path(url.database), path)
        except BackupRefused as refused:
            raise click.ClickException(str(refused)) from refused
        click.echo(f"Backed up {url.database} to {path} ({size} bytes).")
