"""Timed jobs' memory: when each last ran and how it went, shared by every worker."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from booking.extensions import db
from booking.models.types import UTCDateTime


class JobStatus:
    OK = "ok"
    FAILED = "failed"


class JobRun(db.Model):
    """One row per job name: what decides whether the job is due, whichever worker asks."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    # The `now` the last run was decided at (the clock of `booking tick --now`, or the real one).
    last_run_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_status: Mapped[str] = mapped_column(sa.String(16))
    last_error: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"<JobRun {self.name} {self.last_status} at {self.last_run_at}>"
