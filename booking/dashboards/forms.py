"""The dashboards' filter: a period of days and, for people in several teams, one team."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from booking.dashboards.periods import MAX_PERIOD_DAYS, Period
from booking.forms import plausible_date


class PeriodForm(FlaskForm):
    """Read from the query string (GET, so no CSRF token); shape only, the figures are the queries' job."""

    class Meta:
        csrf = False

    date_from = DateField(_l("From"), validators=[Optional(), plausible_date])
    date_to = DateField(_l("Until"), validators=[Optional(), plausible_date])
    team = SelectField(_l("Team"), validators=[Optional()], validate_choice=True)
    submit = SubmitField(_l("Show"))

    def __init__(self, formdata, teams=(), **kwargs):
        super().__init__(formdata, **kwargs)
        self.team.choices = [("", _l("All my teams")), *((str(team.id), team.name) for team in teams)]

    def validate_date_to(self, field):
        if not (field.data and self.date_from.data):
            return
        if field.data < self.date_from.data:
            raise ValidationError(_l("The end date must come after the start date."))
        if (field.data - self.date_from.data).days >= MAX_PERIOD_DAYS:
            raise ValidationError(lazy_ngettext("Please choose a period of at most %(num)d day.",
                                                "Please choose a period of at most %(num)d days.", MAX_PERIOD_DAYS))

    def period(self, default: Period) -> Period:
        """The chosen period, completed from ``default`` where a date is left out (call after validate)."""
        first, last = self.date_from.data, self.date_to.data
        span = default.last - default.first
        if first and not last:
            last = max(first, default.last)
            last = last if (last - first).days < MAX_PERIOD_DAYS else first + span
        elif last and not first:
            first = min(last, default.first)
            first = first if (last - first).days < MAX_PERIOD_DAYS else last - span
        return Period(first or default.first, last or default.last, default.tz)

    @property
    def team_id(self) -> int | None:
        return int(self.team.data) if self.team.data else None
