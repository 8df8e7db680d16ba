"""Seat arithmetic and registration windows, on plain values (no app, no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from booking.services.seats import Availability, Placement, availability, fits, pick_promotions, place

NOW = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)


def _availability(**overrides):
    values = {
        "cancelled": False,
        "opens_at": None,
        "closes_at": NOW + timedelta(days=1),
        "seats_left": 5,
        "waitlist_enabled": True,
        "now": NOW,
    } | overrides
    return availability(**values)


# -- availability ---------------------------------------------------------------


def test_session_with_seats_left_is_open():
    assert _availability() is Availability.OPEN


def test_full_session_offers_the_waiting_list_when_enabled():
    assert _availability(seats_left=0) is Availability.WAITLIST


def test_full_session_without_waiting_list_is_full():
    assert _availability(seats_left=0, waitlist_enabled=False) is Availability.FULL


def test_window_not_yet_open_before_opening_time():
    assert _availability(opens_at=NOW + timedelta(seconds=1)) is Availability.NOT_YET_OPEN


def test_window_opens_exactly_at_opening_time():
    assert _availability(opens_at=NOW) is Availability.OPEN


def test_window_is_closed_from_the_closing_time_on():
    assert _availability(closes_at=NOW) is Availability.CLOSED
    assert _availability(closes_at=NOW - timedelta(minutes=1)) is Availability.CLOSED


def test_cancelled_wins_over_every_other_state():
    assert _availability(cancelled=True, opens_at=NOW + timedelta(days=1)) is Availability.CANCELLED
    assert _availability(cancelled=True, closes_at=NOW - timedelta(days=1)) is Availability.CANCELLED


def test_not_yet_open_is_reported_before_full():
    assert _availability(opens_at=NOW + timedelta(hours=1), seats_left=0) is Availability.NOT_YET_OPEN


def test_closed_is_reported_before_full():
    assert _availability(closes_at=NOW, seats_left=0, waitlist_enabled=False) is Availability.CLOSED


# -- place ------------------------------------------------------------------------


@pytest.mark.parametrize("seats, seats_left", [(1, 1), (3, 3), (2, 10)])
def test_party_that_fits_is_confirmed(seats, seats_left):
    assert place(seats, seats_left, waitlist_enabled=False) is Placement.CONFIRM


def test_party_too_big_for_the_seats_left_waits_when_the_list_is_on():
    assert place(3, 2, waitlist_enabled=True) is Placement.WAITLIST


def test_party_too_big_for_the_seats_left_is_refused_when_the_list_is_off():
    assert place(3, 2, waitlist_enabled=False) is Placement.REFUSE


def test_no_seat_left_means_waiting_or_refusal():
    assert place(1, 0, waitlist_enabled=True) is Placement.WAITLIST
    assert place(1, 0, waitlist_enabled=False) is Placement.REFUSE


# -- pick_promotions ----------------------------------------------------------------


def test_promotions_follow_arrival_order():
    assert pick_promotions(3, [("a", 1), ("b", 1), ("c", 1), ("d", 1)]) == ["a", "b", "c"]


def test_party_that_does_not_fit_is_skipped_and_a_smaller_one_behind_goes_first():
    assert pick_promotions(2, [("big", 3), ("small", 2)]) == ["small"]


def test_skipped_party_is_not_dropped_for_later_ones_that_fit():
    # 4 free: a (3) fits, b (2) no longer does, c (1) does.
    assert pick_promotions(4, [("a", 3), ("b", 2), ("c", 1)]) == ["a", "c"]


def test_nothing_promoted_without_free_seats():
    assert pick_promotions(0, [("a", 1)]) == []
    assert pick_promotions(-2, [("a", 1)]) == []


def test_nothing_promoted_from_an_empty_waiting_list():
    assert pick_promotions(5, []) == []


def test_promotions_never_exceed_the_free_seats():
    waiting = [(i, size) for i, size in enumerate([3, 1, 2, 3, 1, 2, 2, 1])]
    for free in range(12):
        chosen = pick_promotions(free, waiting)
        assert sum(dict(waiting)[key] for key in chosen) <= free
        assert chosen == sorted(chosen)  # arrival order kept
        left = free - sum(dict(waiting)[key] for key in chosen)
        # Nobody left waiting would still fit.
        assert all(size > left for key, size in waiting if key not in chosen)


def test_pick_promotions_accepts_any_iterable():
    assert pick_promotions(2, iter([(10, 1), (11, 1)])) == [10, 11]


def test_a_party_fits_only_when_its_seats_and_its_wheelchair_spaces_both_do():
    assert fits(2, 1, 2, 1)
    assert not fits(2, 1, 5, 0)
    assert not fits(3, 0, 2, 4)
    assert fits(0, 1, 0, 1)  # a wheelchair user alone takes no seat


def test_promotions_skip_a_party_whose_wheelchair_spaces_do_not_fit_and_go_on_with_spaces_only():
    waiting = [("needs-two-spaces", 0, 2), ("walks", 1, 0), ("one-space", 1, 1), ("space-only", 0, 1)]
    assert pick_promotions(2, waiting, free_spaces=1) == ["walks", "one-space"]
    # No seat free, one space: only a party taking no seat can go.
    assert pick_promotions(0, waiting, free_spaces=1) == ["space-only"]
