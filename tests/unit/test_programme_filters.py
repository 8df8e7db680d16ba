"""``programme.filters_from``: the one conversion behind the programme page, the API's list and the public feed."""

from datetime import date

from booking.services.programme import ProgrammeFilters, filters_from


def test_checked_values_become_filters():
    values = {"kind": "talk", "venue": "3", "city": " Lyon ", "date_from": date(2027, 1, 1),
              "date_to": date(2027, 1, 31), "q": " numérique ", "available": True, "page": 2}
    assert filters_from(values) == ProgrammeFilters(kind="talk", venue_id=3, city="Lyon", date_from=date(2027, 1, 1),
                                                    date_to=date(2027, 1, 31), q="numérique", available_only=True)


def test_empty_values_filter_nothing():
    assert filters_from({"kind": "", "venue": None, "city": "  ", "q": "", "available": False}) == ProgrammeFilters()
