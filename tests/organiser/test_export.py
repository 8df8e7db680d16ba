"""The attendees' CSV export: opens right in spreadsheet programs, never runs a formula, keeps every alphabet."""

import csv
import io

import sqlalchemy as sa

from booking import settings
from booking.extensions import db
from booking.models import ExportLog
from booking.services import bookings
from booking.services import questions as rules


def _download(client, session):
    response = client.get(f"/organiser/sessions/{session.id}/attendees.csv")
    assert response.status_code == 200
    return response


def _rows(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_export_is_utf8_with_a_bom_and_a_file_name(as_a, make, session_a):
    make.registration(session_a, name="Zoë Lefèvre")

    response = _download(as_a, session_a)

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    assert response.headers["Content-Disposition"].endswith('.csv"')
    assert response.get_data().startswith(b"\xef\xbb\xbf")


def test_non_latin_names_come_out_intact(as_a, make, session_a):
    for name, email in (("Zoë Lefèvre", "zoe@example.org"), ("李雷", "li@example.org"), ("محمد", "m@example.org")):
        make.registration(session_a, name=name, email=email)

    names = [row[2] for row in _rows(_download(as_a, session_a))[1:]]

    assert sorted(names) == sorted(["Zoë Lefèvre", "李雷", "محمد"])


def test_hostile_cells_are_neutralised(as_a, make, session_a):
    hostile = ['=HYPERLINK("http://evil.example","clic")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"]
    for n, name in enumerate(hostile):
        make.registration(session_a, name=name, email=f"h{n}@example.org", accessibility_needs="=1+1")
    question = rules.add_question(session_a.event, rules.QuestionFields(label="=Question", kind="short_text"))
    db.session.commit()
    registration = make.registration(session_a, name="Tab", email="tab@example.org",
                                     answers={str(question.id): "\t=cmd"})

    rows = _rows(_download(as_a, session_a))
    header, body = rows[0], rows[1:]

    assert header[-1] == "'=Question"
    names = {row[2] for row in body}
    assert names == {"'" + value for value in hostile} | {"Tab"}
    assert all(row[7] == "'=1+1" for row in body if row[2] != "Tab")
    [tab_row] = [row for row in body if row[2] == registration.name]
    assert tab_row[-1] == "'=cmd"  # the booking service trimmed the tab; the formula is still neutralised
    # Every cell that could start a formula now starts with the apostrophe.
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for row in rows for cell in row)


def test_the_export_lists_everyone_with_answers_and_accessibility_needs(as_a, make, event_a):
    session = make.session(event=event_a, capacity=1)
    question = rules.add_question(event_a, rules.QuestionFields(label="Première visite", kind="yes_no"))
    db.session.commit()
    make.registration(session, name="Booked", answers={str(question.id): "yes"}, accessibility_needs="Porte B",
                      access_needs=("step_free_access", "large_print"))
    make.registration(session, name="Waiting")
    gone = make.registration(session, name="Gone", email="gone@example.org")
    bookings.cancel(gone.id)
    db.session.commit()

    header, *body = _rows(_download(as_a, session))

    assert header[:9] == ["Status", "Waiting list position", "Name", "Email", "Phone", "Partner structure", "Seats",
                          "Accessibility needs", "People in a wheelchair"]
    assert header[-1] == "Première visite"
    by_name = {row[2]: row for row in body}
    # The needs' labels in the reader's language (in the form's order), then the person's own words.
    assert (by_name["Booked"][0], by_name["Booked"][7], by_name["Booked"][-1]) == (
        "Confirmed", "Step-free access (no stairs); Large print documents; Porte B", "Yes")
    assert (by_name["Waiting"][0], by_name["Waiting"][1]) == ("Waiting list", "1")
    assert by_name["Gone"][0] == "Cancelled" and by_name["Gone"][11] != ""


def test_each_export_is_logged(as_a, make, organiser_a, session_a):
    make.registration(session_a)

    _download(as_a, session_a)

    [entry] = db.session.scalars(sa.select(ExportLog)).all()
    assert (entry.user_id, entry.kind, entry.target, entry.row_count) == (
        organiser_a.id, "attendees_csv", f"session:{session_a.id}", 1)


def test_phone_numbers_with_a_plus_stay_readable(as_a, make, session_a):
    bookings.book_for_group(session_a.id, bookings.BookingRequest(name="Nadia", email="n@example.org", seats=6),
                            bookings.GroupBooking(structure="Asso", phone="+33 6 12 34 56 78"), key=settings.pseudonym_key())
    db.session.commit()

    [row] = _rows(_download(as_a, session_a))[1:]

    assert (row[4], row[5], row[6]) == ("'+33 6 12 34 56 78", "Asso", "6")
