"""``python -m bench [NAME ...]``: run Guichet's benchmarks (all of them by default).

PostgreSQL is taken from ``GUICHET_BENCH_POSTGRES`` (else ``GUICHET_TEST_POSTGRES``, else the
local server); a benchmark that needs it is skipped, saying so, when it is not reachable.
"""

import argparse
import importlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from bench.report import Report

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Benchmark:
    module: str
    about: str
    needs_postgres: bool = False


# Add a benchmark here: a module of this package with run(postgres_url: str | None, report: Report).
BENCHMARKS = {
    "booking": Benchmark("bench.booking_throughput",
                         "booking endpoint vs a bare one-INSERT endpoint, requests/s; a rush on 30 places"),
    "dashboards": Benchmark("bench.dashboards", "dashboards, programme and feeds on the large demo data",
                            needs_postgres=True),
}


def postgres_url() -> str | None:
    """The server's admin URL when one answers, else None."""
    url = os.environ.get("GUICHET_BENCH_POSTGRES") or os.environ.get("GUICHET_TEST_POSTGRES") or DEFAULT_POSTGRES
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure to connect means "not here"
        print(f"PostgreSQL not reachable ({type(error).__name__}): benchmarks fall back to SQLite or are skipped.")
        return None
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)")
    names = parser.parse_args(argv).names or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    server = postgres_url()
    report = Report(database=_server_version(server) if server else "SQLite (PostgreSQL not reachable)")
    for name in names:
        benchmark = BENCHMARKS[name]
        print(f"\n== {name}: {benchmark.about}")
        if benchmark.needs_postgres and server is None:
            print("skipped: needs PostgreSQL")
            continue
        started = time.perf_counter()
        importlib.import_module(benchmark.module).run(server, report)
        print(f"({name} took {time.perf_counter() - started:.0f} s)")
    path = report.write()
    print("\n" + report.table())
    print(f"\nwritten to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


def _server_version(url: str) -> str:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        version = connection.execute(sa.text("SHOW server_version")).scalar()
    engine.dispose()
    return f"PostgreSQL {version}"


if __name__ == "__main__":
    sys.exit(main())
