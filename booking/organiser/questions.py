"""Registration questions of an event: add, edit, remove, reorder."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from booking.extensions import db
from booking.forms import saving
from booking.organiser.blueprint import ID, bp
from booking.organiser.common import organiser
from booking.organiser.forms import QuestionForm
from booking.services import access
from booking.services import questions as questions_service

MOVES = {"up": -1, "down": 1}


@bp.route(f"/events/<{ID}:event_id>/questions", methods=["GET", "POST"])
def questions(event_id: int):
    event = access.event_for(organiser(), event_id)
    form = QuestionForm()
    if form.validate_on_submit():
        with saving(form, _("The question is added to the booking form.")) as saved:
            questions_service.add_question(event, form.to_fields())
        if saved.ok:
            return redirect(url_for(".questions", event_id=event.id))
    return render_template("organiser/questions.html", event=event, form=form,
                           kind_labels=questions_service.KIND_LABELS)


@bp.route(f"/questions/<{ID}:question_id>/edit", methods=["GET", "POST"])
def edit_question(question_id: int):
    question = questions_service.question_for(organiser(), question_id)
    form = QuestionForm(data={"label": question.label, "kind": question.kind, "required": question.required,
                              "choices": "\n".join(question.choices or [])})
    if form.validate_on_submit():
        with saving(form, _("The question is saved.")) as saved:
            questions_service.update_question(question, form.to_fields())
        if saved.ok:
            return redirect(url_for(".questions", event_id=question.event_id))
    return render_template("organiser/question_form.html", form=form, question=question, event=question.event)


@bp.post(f"/questions/<{ID}:question_id>/delete")
def delete_question(question_id: int):
    question = questions_service.question_for(organiser(), question_id)
    event_id = question.event_id
    questions_service.remove_question(question)
    db.session.commit()
    flash(_("The question is removed from the booking form."), "success")
    return redirect(url_for(".questions", event_id=event_id))


@bp.post(f"/questions/<{ID}:question_id>/move")
def move_question(question_id: int):
    question = questions_service.question_for(organiser(), question_id)
    offset = MOVES.get(request.form.get("direction", ""))
    if offset is not None:
        questions_service.move_question(question, offset)
        db.session.commit()
    return redirect(url_for(".questions", event_id=question.event_id) + f"#question-{question.id}")
