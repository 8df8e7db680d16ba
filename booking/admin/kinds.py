"""Admin: kinds of event (through booking.services.kinds, the one home of their rules)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from booking.admin.blueprint import bp
from booking.admin.forms import ICON_LABELS, KindForm, MoveForm, NewKindForm
from booking.forms import saving
from booking.labels import forget_kinds
from booking.services import kinds


@bp.get("/kinds")
def kinds_list():
    return render_template("admin/kinds.html", kinds=kinds.all_kinds(), move_form=MoveForm())


@bp.route("/kinds/new", methods=["GET", "POST"])
def new_kind():
    form = NewKindForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            kind = kinds.create_kind(code=form.code.data, name_fr=form.name_fr.data, name_en=form.name_en.data or "",
                                     icon=form.icon.data)
        if saved.ok:
            forget_kinds()
            flash(_("Kind “%(name)s” created.", name=kind.name_fr), "success")
            return redirect(url_for("admin.kinds_list"))
    return render_template("admin/kind_form.html", form=form, kind=None, icon_labels=ICON_LABELS)


@bp.route("/kinds/<int:kind_id>", methods=["GET", "POST"])
def edit_kind(kind_id: int):
    kind = kinds.get_kind(kind_id)
    form = KindForm(obj=kind)
    if form.validate_on_submit():
        with saving(form) as saved:
            kinds.update_kind(kind, name_fr=form.name_fr.data, name_en=form.name_en.data or "", icon=form.icon.data,
                              active=form.active.data)
        if saved.ok:
            forget_kinds()
            flash(_("Kind “%(name)s” saved.", name=kind.name_fr), "success")
            return redirect(url_for("admin.kinds_list"))
    return render_template("admin/kind_form.html", form=form, kind=kind, icon_labels=ICON_LABELS)


@bp.post("/kinds/<int:kind_id>/move")
def move_kind(kind_id: int):
    kind = kinds.get_kind(kind_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    with saving():
        kinds.move_kind(kind, -1 if form.direction.data == "up" else 1)
    forget_kinds()
    return redirect(url_for("admin.kinds_list") + f"#kind-{kind.id}")
