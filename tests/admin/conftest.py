"""Fixtures of the admin tests."""

from tests.account.helpers import fast_password_hashing, fresh_g_per_request  # noqa: F401 (autouse fixtures)
