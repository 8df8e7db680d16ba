"""Admin: emails that failed for good or are overdue, with their error; retry one or all."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.admin.blueprint import bp
from booking.admin.forms import ConfirmForm
from booking.extensions import db
from booking.mail import monitoring
from booking.mail.outbox import MessageKind

KIND_LABELS = {
    MessageKind.BOOKING_CONFIRMED: _l("Booking confirmed"),
    MessageKind.WAITLISTED: _l("On the waiting list"),
    MessageKind.PROMOTED: _l("Seat freed up"),
    MessageKind.CANCELLED: _l("Booking cancelled"),
    MessageKind.SESSION_CANCELLED: _l("Session cancelled"),
    MessageKind.RESCHEDULED: _l("Session changed"),
    MessageKind.SEATS_CHANGED: _l("Seats changed"),
    MessageKind.REMINDER: _l("Reminder"),
    MessageKind.ORGANISER_MESSAGE: _l("Message from the organisers"),
    MessageKind.PASSWORD_RESET: _l("Password reset"),
    MessageKind.VERIFY_EMAIL: _l("Email address check"),
}


@bp.app_template_global("mail_kind_label")
def mail_kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@bp.get("/mail")
def mail():
    return render_template("admin/mail.html", attention=monitoring.needing_attention(),
                           timezone=current_app.config["BOOKING_TIMEZONE"])


@bp.post("/mail/<int:message_id>/retry")
def retry_mail(message_id: int):
    if ConfirmForm().validate_on_submit():
        if monitoring.retry(message_id):
            db.session.commit()
            flash(_("The email will be sent again in a moment."), "success")
        else:
            flash(_("This email is not waiting to be sent again (it may have been sent meanwhile)."), "info")
    return redirect(url_for("admin.mail"))


@bp.post("/mail/retry")
def retry_all_mail():
    if ConfirmForm().validate_on_submit():
        count = monitoring.retry_all()
        db.session.commit()
        flash(ngettext("%(num)d email will be sent again in a moment.",
                       "%(num)d emails will be sent again in a moment.", count), "success")
    return redirect(url_for("admin.mail"))
