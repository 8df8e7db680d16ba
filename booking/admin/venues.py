"""Admin: venues (through booking.services.events, the one home of venue rules)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from booking.admin.blueprint import bp
from booking.admin.forms import VenueForm
from booking.forms import saving
from booking.services import events, programme

VENUE_FIELDS = ("name", "address", "city", "timezone", "accessibility_notes")


@bp.get("/venues")
def venues():
    return render_template("admin/venues.html", venues=programme.venues())


@bp.route("/venues/new", methods=["GET", "POST"])
def new_venue():
    form = VenueForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            venue = events.create_venue(**_fields(form))
        if saved.ok:
            flash(_("Venue “%(name)s” created.", name=venue.name), "success")
            return redirect(url_for("admin.venues"))
    return render_template("admin/venue_form.html", form=form, venue=None)


@bp.route("/venues/<int:venue_id>", methods=["GET", "POST"])
def edit_venue(venue_id: int):
    venue = events.get_venue(venue_id)
    form = VenueForm(obj=venue)
    if form.validate_on_submit():
        with saving(form) as saved:
            events.update_venue(venue, **_fields(form))
        if saved.ok:
            flash(_("Venue “%(name)s” saved.", name=venue.name), "success")
            return redirect(url_for("admin.venues"))
    return render_template("admin/venue_form.html", form=form, venue=venue)


def _fields(form: VenueForm) -> dict:
    return {name: (form[name].data or "") for name in VENUE_FIELDS}
