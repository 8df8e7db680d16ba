"""Dashboards for organisers and funders: how a programme fills and whom it reaches.

``queries`` reads every figure with aggregate SQL; ``team``, ``event`` and
``reach`` turn the figures into tables and charts; ``routes`` serves them as
pages and CSV files.
"""
