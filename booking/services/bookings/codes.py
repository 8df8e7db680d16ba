"""Short booking codes: what is read out on the phone, printed on a ticket and typed at the door.

A code names a registration (its id, in Crockford's base 32: no I, L, O or U to misread) with a
check character that catches a mistyped or swapped character. It is no secret and opens nothing:
it only helps an organiser find the booking; the manage link stays the holder's secret.
"""

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READS_AS = {"O": "0", "I": "1", "L": "1"}
MIN_DIGITS = 4


def _check_character(digits: str) -> str:
    weighted = sum((position + 1) * ALPHABET.index(ch) for position, ch in enumerate(digits))
    return ALPHABET[weighted % len(ALPHABET)]


def booking_code(registration_id: int) -> str:
    """The code of a registration, e.g. ``"00K7-M"``: four digits or more, a dash, the check character."""
    digits, n = "", registration_id
    while n:
        n, rest = divmod(n, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    digits = digits.rjust(MIN_DIGITS, "0")
    return f"{digits}-{_check_character(digits)}"


def registration_id_of_code(text: str | None) -> int | None:
    """The registration id a typed code names (spaces, dashes, case and look-alikes forgiven), or None."""
    cleaned = "".join(_READS_AS.get(ch, ch) for ch in (text or "").upper() if ch not in " -.")
    if not MIN_DIGITS + 1 <= len(cleaned) <= 12 or any(ch not in ALPHABET for ch in cleaned):
        return None
    digits, check = cleaned[:-1], cleaned[-1]
    if _check_character(digits) != check:
        return None
    value = 0
    for ch in digits:
        value = value * len(ALPHABET) + ALPHABET.index(ch)
    return value or None
