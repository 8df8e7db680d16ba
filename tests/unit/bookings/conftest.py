import pytest

from tests.unit.bookings.helpers import Booker


@pytest.fixture
def book(make):
    """``book(session, seats=1, email=None, ...)`` books through the service and commits."""
    return Booker()
