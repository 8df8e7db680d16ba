"""Reading calendars back with two independent parsers, and checking the raw text."""

import icalendar
import vobject


def parse_both(data: bytes):
    """Parse with icalendar and with vobject (validating); both must accept the calendar."""
    text = data.decode("utf-8")
    calendar = icalendar.Calendar.from_ical(data)
    checked = vobject.readOne(text, validate=True)
    assert calendar.get_missing_tzids() == set()
    return calendar, checked


def events(calendar) -> list:
    return calendar.walk("VEVENT")


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare LF or CR in the file"
    return lines


def assert_well_folded(data: bytes) -> None:
    """CRLF line ends, at most 75 octets a line, never a fold inside a UTF-8 character."""
    for line in physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a multi-byte character


def property_names(data: bytes) -> list[str]:
    """The names of the properties as written (unfolded), to count them."""
    unfolded = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    return [line.split(b":", 1)[0].split(b";", 1)[0].decode() for line in unfolded.split(b"\r\n") if line]
