"""Admin: teams and their members."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from booking.admin.blueprint import bp
from booking.admin.forms import ConfirmForm, MemberForm, TeamContactForm, TeamForm, TeamReconfirmForm
from booking.extensions import db
from booking.forms import saving
from booking.models import MemberRole
from booking.services import accounts, events
from booking.services.errors import AccountError


@bp.route("/teams", methods=["GET", "POST"])
def teams():
    form = TeamForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            team = accounts.create_team(form.name.data)
        if saved.ok:
            flash(_("Team “%(name)s” created.", name=team.name), "success")
            return redirect(url_for("admin.team", team_id=team.id))
    return render_template("admin/teams.html", teams=accounts.list_teams(), form=form)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
def team(team_id: int):
    """The team's page; its form renames the team."""
    team = accounts.get_team(team_id)
    form = TeamForm(obj=team)
    if form.validate_on_submit():
        with saving(form, _("Team renamed.")) as saved:
            accounts.rename_team(team, form.name.data)
        if saved.ok:
            return redirect(url_for("admin.team", team_id=team.id))
    return _team_page(team, rename_form=form)


@bp.post("/teams/<int:team_id>/contact")
def team_contact(team_id: int):
    team = accounts.get_team(team_id)
    form = TeamContactForm()
    if form.validate_on_submit():
        with saving(form, _("Contact address saved.")) as saved:
            accounts.set_team_contact(team, form.contact_email.data)
        if saved.ok:
            return redirect(url_for("admin.team", team_id=team.id))
    return _team_page(team, contact_form=form), 422


@bp.post("/teams/<int:team_id>/reconfirm")
def team_reconfirm(team_id: int):
    """The team's default for reconfirm or release, taken by its new sessions."""
    team = accounts.get_team(team_id)
    form = TeamReconfirmForm()
    if form.validate_on_submit():
        with saving(form, _("Reconfirmation default saved.")) as saved:
            events.set_team_reconfirm_days(team, form.reconfirm_days_before.data)
        if saved.ok:
            return redirect(url_for("admin.team", team_id=team.id))
    return _team_page(team, reconfirm_form=form), 422


@bp.post("/teams/<int:team_id>/members")
def add_member(team_id: int):
    team = accounts.get_team(team_id)
    form = MemberForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        with saving(form) as saved:
            if user is None:
                raise AccountError(_("No account has this email address."), field="email")
            accounts.add_member(team, user, MemberRole(form.role.data))
        if saved.ok:
            flash(_("%(name)s joined the team.", name=user.name), "success")
            return redirect(url_for("admin.team", team_id=team.id))
    return _team_page(team, member_form=form), 422


@bp.post("/teams/<int:team_id>/members/<int:user_id>/remove")
def remove_member(team_id: int, user_id: int):
    team, user = accounts.get_team(team_id), accounts.get_user(user_id)
    if ConfirmForm().validate_on_submit():
        accounts.remove_member(team, user)
        db.session.commit()
        flash(_("%(name)s left the team.", name=user.name), "success")
    return redirect(url_for("admin.team", team_id=team.id))


def _team_page(team, *, rename_form=None, member_form=None, contact_form=None, reconfirm_form=None):
    return render_template("admin/team.html", team=team, rename_form=rename_form or TeamForm(formdata=None, obj=team),
                           contact_form=contact_form or TeamContactForm(formdata=None, obj=team),
                           reconfirm_form=reconfirm_form or TeamReconfirmForm(formdata=None, obj=team),
                           member_form=member_form or MemberForm(formdata=None), confirm_form=ConfirmForm())
