"""booking/labels.py: kind names and pictograms from the event_kinds table, in the page's language."""

from flask_babel import force_locale

from booking.labels import kind_choices, kind_icon_name, kind_label
from booking.models import STARTING_KINDS, EventKind


def test_the_seven_starting_kinds_are_there_in_order(app):
    with app.test_request_context(), force_locale("en"):
        assert [code for code, _name in kind_choices()] == [kind.value for kind in EventKind]
        assert len(STARTING_KINDS) == 7


def test_a_kind_shows_its_label_in_the_page_language(app):
    with app.test_request_context(), force_locale("en"):
        assert kind_label(EventKind.GUIDED_TOUR) == "Guided tour"
    with app.test_request_context(), force_locale("fr"):
        assert kind_label("guided_tour") == "Visite guidée"
        assert kind_icon_name("guided_tour") == "flag"


def test_an_unknown_kind_shows_as_it_is_stored(app):
    with app.test_request_context():
        assert kind_label("concert") == "concert"
        assert kind_icon_name("concert") == "dots"


def test_every_access_need_has_a_label_in_the_page_language(app):
    from booking.labels import ACCESS_NEED_LABELS, access_need_labels
    from booking.models import AccessNeed

    assert set(ACCESS_NEED_LABELS) == set(AccessNeed)
    with app.test_request_context(), force_locale("en"):
        # In the form's order, whatever the stored order; an unknown code is left out.
        assert access_need_labels(["large_print", "sign_language", "juggling"]) == [
            "French sign language (LSF)", "Large print documents"]
