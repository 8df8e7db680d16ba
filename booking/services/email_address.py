"""What Guichet accepts as an email address: one rule for the forms, the API, the CLI and the services.

An address one entry point accepts and another refuses makes a dead end: ``create-user`` once
stored ``orga@guichet.test``, which the sign-in form then refused, so that account could never
sign in. Every entry point asks ``is_valid_email``, so they all agree.
"""

from email_validator import EmailNotValidError, validate_email

EMAIL_MAX_LENGTH = 254  # the longest address a mailbox may have (RFC 5321 path limit)


def is_valid_email(value: object) -> bool:
    """Whether ``value`` is an address Guichet can write to: the shape only, no DNS look-up.

    email_validator's rules, which also refuse the special-use domains no mail reaches
    (``.test``, ``.invalid``, ``.localhost``...) and anything longer than 254 characters.
    """
    if not isinstance(value, str) or not value or len(value) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
