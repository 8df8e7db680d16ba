"""Dashboards for organisers and funders: how a programme fills and whom it reaches.

``queries`` reads every figure with aggregate SQL; ``team``, ``event`` and
``reach`` turn the figures into tables and charts; ``routes`` serves them as
pages and CSV files on ``blueprint.bp``.
"""

from booking.dashboards import routes  # noqa: F401 (the views register themselves on bp)
from booking.dashboards.blueprint import bp

__all__ = ["bp"]
