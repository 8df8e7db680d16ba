"""booking/labels.py: one list of event-kind labels, shared by every blueprint."""

from flask_babel import force_locale

from booking.labels import KIND_LABELS, kind_label
from booking.models import EventKind


def test_every_event_kind_has_a_label():
    assert set(KIND_LABELS) == set(EventKind)


def test_a_kind_shows_its_label_in_the_page_language(app):
    with app.test_request_context(), force_locale("en"):
        assert kind_label(EventKind.GUIDED_TOUR) == "Guided tour"
        assert kind_label("guided_tour") == "Guided tour"


def test_an_unknown_kind_shows_as_it_is_stored(app):
    with app.test_request_context():
        assert kind_label("concert") == "concert"
