"""A test's app served over real HTTP from background threads (werkzeug, threaded), and a way to cut
every PostgreSQL connection of the test's database, as a restart or a failover does."""

import logging
import threading
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from werkzeug.serving import make_server


@contextmanager
def serving(app):
    """Serve ``app`` on a free port for the block; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="guichet-test-server", daemon=True)
    werkzeug_log = logging.getLogger("werkzeug")
    level = werkzeug_log.level
    werkzeug_log.setLevel(logging.ERROR)  # no line per request
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        werkzeug_log.setLevel(level)


class ConnectionCutter:
    """An admin connection (to another database of the server) that terminates the test database's backends."""

    def __init__(self, admin_url: str, database_url: str):
        self.database = sa.make_url(database_url).database
        self._engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self._connection = self._engine.connect()

    def cut_all(self) -> int:
        """Terminate every connection to the test database; returns how many there were."""
        return self._connection.execute(sa.text(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = :database AND pid <> pg_backend_pid()"), {"database": self.database}).scalar_one()

    def cut(self, pid: int) -> None:
        self._connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    def close(self) -> None:
        self._connection.close()
        self._engine.dispose()
