import functools

import pytest


@pytest.fixture
def book(make):
    """``book(session, seats=1, email=None, ...)``: the builders' booking, in French as the service's default."""
    return functools.partial(make.registration, locale="fr")
