"""A person's own data, reached with the secret link of any of their bookings."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import SubmitField

from booking.extensions import db
from booking.privacy.personal_data import erase_person, export_personal_data
from booking.services import registrations

bp = Blueprint("privacy", __name__)


class EraseForm(FlaskForm):
    submit = SubmitField()


@bp.get("/r/<token>/my-data.json")
def download(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    response = jsonify(export_personal_data(registration.email))
    response.headers["Content-Disposition"] = 'attachment; filename="guichet-my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/r/<token>/erase", methods=["GET", "POST"])
def erase(token: str):
    registration = registrations.by_manage_token(token) or abort(404)
    form = EraseForm()
    if form.validate_on_submit():
        erase_person(registration.email)
        db.session.commit()
        flash(_("Your personal data has been erased. Your upcoming bookings were cancelled."), "success")
        return redirect(url_for("public.index"))
    return render_template("privacy/erase.html", registration=registration, form=form)
