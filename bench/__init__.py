"""Guichet's benchmarks, run by ``make bench`` (``python -m bench``).

Each benchmark is a module here with ``run(postgres_url: str | None)``: the admin URL of a
reachable PostgreSQL server, or None when there is none. Each creates its own database
and drops it afterwards, listens on loopback only, and is bounded in time.
``bench/__main__.py`` lists them.
"""
