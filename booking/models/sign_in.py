"""Failed sign-ins per account, for the growing delay between attempts (booking/services/sign_in.py)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from booking.extensions import db
from booking.models.types import UTCDateTime


class SignInFailures(db.Model):
    """One row per email address typed with a wrong password lately, whether or not it has an account.

    The key is a keyed hash of the address (no email is stored here), so unknown addresses are
    counted exactly like real ones and the delay never tells which addresses have an account.
    """

    __tablename__ = "sign_in_failures"

    account_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
