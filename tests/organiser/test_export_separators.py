"""CSV exports: every cell quoted, the separator of the page's language, and no piece of a cell that starts a
formula in a spreadsheet that splits lines naively on ";" or "," (ignoring the quotes)."""

import csv
import io

import pytest

from booking.privacy.exports import csv_bytes, neutralise_cell

FORMULA_STARTS = ("=", "+", "-", "@")
HOSTILE = ["Jean;=2+3;", "Dupont,=1+1", "a; +cmd|' /C calc'!A0", "Marie,@SUM(A1:A9)", "a;-2+3,b", "=1;=2,=3",
           "x\n=1+1", "Zoë; =HYPERLINK(\"http://evil.example\",\"clic\")", ";;=1", ",=1"]


def naive_pieces(line: str, separator: str) -> list[str]:
    """What a program that ignores quotes sees as cells: split on the separator, quotes and spaces trimmed."""
    return [piece.strip().lstrip('"').strip() for piece in line.split(separator)]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("separator", [";", ","])
def test_no_piece_of_a_neutralised_cell_starts_a_formula_when_split_on_either_separator(value, separator):
    for piece in naive_pieces(neutralise_cell(value), separator):
        assert not piece.startswith(FORMULA_STARTS), (value, piece)


@pytest.mark.parametrize("separator", [";", ","])
def test_a_written_file_split_naively_never_starts_a_formula(separator):
    body = csv_bytes(["Nom", "=Question"], [[value, value] for value in HOSTILE], separator=separator)

    for line in body.decode("utf-8-sig").splitlines():
        for naive_separator in (";", ","):
            for piece in naive_pieces(line, naive_separator):
                assert not piece.startswith(FORMULA_STARTS), (line, piece)


def test_a_careful_reader_gets_the_cell_back_with_only_apostrophes_added():
    body = csv_bytes(["Nom"], [["Jean;=2+3;"]], separator=";")

    [_header, [cell]] = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))

    assert cell == "Jean;'=2+3;"


def test_every_cell_is_quoted_even_plain_numbers_and_empty_ones():
    body = csv_bytes(["Places", "Téléphone"], [[3, None]], separator=";")

    assert body.decode("utf-8-sig").splitlines() == ['"Places";"Téléphone"', '"3";""']


def _download(client, session, language: str):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.get(f"/organiser/sessions/{session.id}/attendees.csv")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM stays: spreadsheets then read UTF-8
    return text[1:]


def test_the_french_attendee_export_uses_semicolons(as_a, make, session_a):
    make.registration(session_a, name="Jean;=2+3;", email="jean@example.org")

    text = _download(as_a, session_a, "fr")

    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:3] == ["État", "Position en liste d’attente", "Nom"]
    assert row[2] == "Jean;'=2+3;"
    assert text.splitlines()[0].startswith('"État";"Position')


def test_the_english_attendee_export_uses_commas(as_a, make, session_a):
    make.registration(session_a, name="Dupont,=1+1", email="dupont@example.org")

    text = _download(as_a, session_a, "en")

    header, row = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Status", "Waiting list position", "Name"]
    assert row[2] == "Dupont,'=1+1"
    assert text.splitlines()[0].startswith('"Status","Waiting list position"')


def test_the_french_dashboard_export_uses_semicolons(as_a, make, session_a):
    as_a.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"

    response = as_a.get("/organiser/dashboard/tables/upcoming.csv")

    assert response.status_code == 200
    first_line = response.get_data().decode("utf-8-sig").splitlines()[0]
    assert first_line.startswith('"') and '";"' in first_line
