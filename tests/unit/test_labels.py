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


def test_every_access_need_has_a_label_in_the_page_language(app):
    from booking.labels import ACCESS_NEED_LABELS, access_need_labels
    from booking.models import AccessNeed

    assert set(ACCESS_NEED_LABELS) == set(AccessNeed)
    with app.test_request_context(), force_locale("en"):
        # In the form's order, whatever the stored order; an unknown code is left out.
        assert access_need_labels(["large_print", "sign_language", "juggling"]) == [
            "French sign language (LSF)", "Large print documents"]
