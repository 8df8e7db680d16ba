"""Admin: accounts, their role, their teams; deactivating one."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from booking import links, settings
from booking.admin.blueprint import bp
from booking.admin.forms import AccountForm, AccountSearchForm, ConfirmForm, RoleForm, TeamsForm
from booking.forms import saving
from booking.models import MemberRole
from booking.privacy import personal_data
from booking.routing import page_number
from booking.services import account_links, accounts
from booking.services.errors import AccountError


@bp.get("/accounts")
def accounts_list():
    form = AccountSearchForm(request.args)
    filters = {"q": form.q.data, "role": form.role.data} if form.validate() else {}
    page = accounts.list_accounts(**filters, page=page_number(lenient=True))
    return render_template("admin/accounts.html", form=form, page=page, filters=filters)


@bp.route("/accounts/new", methods=["GET", "POST"])
def new_account():
    form = _with_team_choices(AccountForm())
    if form.validate_on_submit():
        with saving(form) as saved:
            user = accounts.create_account(email=form.email.data, name=form.name.data, role=form.role.data,
                                           teams=[accounts.get_team(team_id) for team_id in form.teams.data])
            # No password is chosen for anyone: the person gets a link to choose their own.
            account_links.send_password_link(user, str(get_locale() or "fr"), link=links.password_link,
                                            secret_key=settings.signing_key(), welcome=True)
        if saved.ok:
            flash(_("Account created. %(email)s has been sent a link to choose a password.", email=user.email),
                  "success")
            return redirect(url_for("admin.account", user_id=user.id))
    return render_template("admin/account_form.html", form=form)


@bp.get("/accounts/<int:user_id>")
def account(user_id: int):
    user = accounts.get_user(user_id)
    return _account_page(user)


@bp.post("/accounts/<int:user_id>/role")
def change_role(user_id: int):
    user = accounts.get_user(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        with saving(form, _("Role changed.")) as saved:
            accounts.change_role(user, form.role.data, by=current_user)
        if saved.ok:
            return redirect(url_for("admin.account", user_id=user.id))
    return _account_page(user, role_form=form), 422


@bp.post("/accounts/<int:user_id>/teams")
def change_teams(user_id: int):
    user = accounts.get_user(user_id)
    form = _with_team_choices(TeamsForm())
    if form.validate_on_submit():
        with saving(form, _("Teams saved.")) as saved:
            accounts.set_teams(user, form.teams.data)
        if saved.ok:
            return redirect(url_for("admin.account", user_id=user.id))
    return _account_page(user, teams_form=form), 422


@bp.post("/accounts/<int:user_id>/deactivate")
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/accounts/<int:user_id>/reactivate")
def reactivate(user_id: int):
    return _set_active(user_id, True)


@bp.post("/accounts/<int:user_id>/erase")
def erase_account(user_id: int):
    """An admin erases someone's account and data (their own goes through /account/delete, with the password)."""
    user = accounts.get_user(user_id)
    if ConfirmForm().validate_on_submit():
        with saving(success=_("The account and its personal data have been erased."), category="danger"):
            if user.id == current_user.id:
                raise AccountError(_("To delete your own account, use “Delete my account”."))
            personal_data.erase_account(user)
    return redirect(url_for("admin.account", user_id=user.id))


def _set_active(user_id: int, active: bool):
    user = accounts.get_user(user_id)
    if ConfirmForm().validate_on_submit():
        done = _("Account reactivated.") if active else _("Account deactivated: it can no longer sign in.")
        with saving(success=done, category="danger"):
            accounts.set_active(user, active, by=current_user)
    return redirect(url_for("admin.account", user_id=user.id))


def _account_page(user, *, role_form=None, teams_form=None):
    role_form = role_form or RoleForm(formdata=None, role=user.role)
    memberships = accounts.teams_of(user)
    organised = [team.id for team, role in memberships if role == MemberRole.ORGANISER]
    teams_form = teams_form or _with_team_choices(TeamsForm(formdata=None, teams=organised))
    return render_template("admin/account.html", user=user, role_form=role_form, teams_form=teams_form,
                           memberships=memberships, confirm_form=ConfirmForm())


def _with_team_choices(form):
    form.teams.choices = [(team.id, team.name) for team in accounts.list_teams()]
    return form
