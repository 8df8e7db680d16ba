"""Timed jobs: work that falls due with the clock (reminders, the retention purge, ...).

``registry.py`` lists the jobs (name, how often, what to run); ``ticking.py``
runs those that are due at a given ``now``, each once per cluster; ``worker.py``
is ``booking worker``: the outbox delivery loop, ticking as it goes.
"""
