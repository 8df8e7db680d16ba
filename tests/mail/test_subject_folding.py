"""Long subjects in French are folded over several header lines and read back word for word."""

import email
import email.policy
from email.headerregistry import Address

import pytest

from booking.mail.mime import assemble

SUBJECTS = [
    "Réservation confirmée\u00a0: Les métiers d’art à la rencontre des publics, visite guidée du JAD de Sèvres",
    "des Les guidée « métiers : : Réservation guidée »",  # Python 3.11's folder read this back as "Réservationguidée"
    "Réservation à des « confirmée rencontre confirmée des été élégante Les été Les été à",
    "Plain ASCII subject that is long enough to be folded over two lines of the header, surely",
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_long_subject_reads_back_as_written(subject):
    message = assemble(subject=subject, sender=Address("Guichet", addr_spec="billetterie@guichet.example"),
                       to=Address("Zoé", addr_spec="zoe@example.org"), text="Bonjour", html="<p>Bonjour</p>",
                       message_id="<1@guichet.example>", language="fr")
    raw = message.as_bytes()

    headers = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert max(len(line) for line in headers) <= 78  # folded, as RFC 5322 wants
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == subject
