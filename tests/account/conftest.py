"""Fixtures of these tests live in tests/conftest.py (fresh g per request, quick password hashing)."""
