"""Registration questions: organisers manage them; the booking form asks them; answers are kept and shown."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from booking.extensions import db
from booking.models import Question, Registration
from booking.services import questions as rules
from booking.services.errors import ValidationFailed


def _add(client, event, **fields):
    data = {"label": "Question", "kind": "short_text", "choices": ""} | fields
    return client.post(f"/organiser/events/{event.id}/questions", data=data)


def _questions(event):
    return db.session.scalars(sa.select(Question).where(Question.event_id == event.id).order_by(Question.position)).all()


def test_adding_questions_of_each_kind(as_a, event_a):
    _add(as_a, event_a, label="Votre structure ?", kind="short_text", required="y")
    _add(as_a, event_a, label="Vos attentes", kind="long_text")
    _add(as_a, event_a, label="Atelier du matin ou de l'après-midi ?", kind="choice", choices="Matin\nAprès-midi\n\nMatin")
    _add(as_a, event_a, label="Première visite ?", kind="yes_no")

    asked = _questions(event_a)
    assert [(q.label, q.kind, q.required, q.position) for q in asked] == [
        ("Votre structure ?", "short_text", True, 1),
        ("Vos attentes", "long_text", False, 2),
        ("Atelier du matin ou de l'après-midi ?", "choice", False, 3),
        ("Première visite ?", "yes_no", False, 4),
    ]
    assert asked[2].choices == ["Matin", "Après-midi"]  # blank lines and repeats dropped


def test_a_choice_question_needs_two_choices(as_a, event_a):
    response = _add(as_a, event_a, label="Lequel ?", kind="choice", choices="Un seul")

    assert "at least two choices" in response.get_data(as_text=True)
    assert _questions(event_a) == []


def test_editing_a_question(as_a, make, event_a):
    question = rules.add_question(event_a, rules.QuestionFields(label="Âge ?", kind="short_text"))
    db.session.commit()

    as_a.post(f"/organiser/questions/{question.id}/edit",
              data={"label": "Tranche d'âge", "kind": "choice", "choices": "Moins de 18 ans\n18 ans et plus",
                    "required": "y"})

    db.session.refresh(question)
    assert (question.label, question.kind, question.required) == ("Tranche d'âge", "choice", True)
    assert question.choices == ["Moins de 18 ans", "18 ans et plus"]


def test_reordering_and_removing_questions(as_a, event_a):
    first, second, third = (rules.add_question(event_a, rules.QuestionFields(label=label, kind="short_text"))
                            for label in ("A", "B", "C"))
    db.session.commit()

    as_a.post(f"/organiser/questions/{third.id}/move", data={"direction": "up"})
    assert [q.label for q in _questions(event_a)] == ["A", "C", "B"]
    as_a.post(f"/organiser/questions/{first.id}/move", data={"direction": "up"})  # already first: no change
    as_a.post(f"/organiser/questions/{first.id}/move", data={"direction": "sideways"})
    assert [q.label for q in _questions(event_a)] == ["A", "C", "B"]

    as_a.post(f"/organiser/questions/{first.id}/delete")
    assert [(q.label, q.position) for q in _questions(event_a)] == [("C", 1), ("B", 2)]


def test_another_team_cannot_touch_my_questions(as_b, event_a):
    question = rules.add_question(event_a, rules.QuestionFields(label="A", kind="short_text"))
    db.session.commit()

    assert as_b.post(f"/organiser/questions/{question.id}/delete").status_code == 404
    assert as_b.get(f"/organiser/questions/{question.id}/edit").status_code == 404
    assert db.session.get(Question, question.id) is not None


# -- On the public booking form ---------------------------------------------------


@pytest.fixture
def asked(event_a):
    questions = [
        rules.add_question(event_a, rules.QuestionFields(label="Votre structure", kind="short_text", required=True)),
        rules.add_question(event_a, rules.QuestionFields(label="Créneau", kind="choice", choices=("Matin", "Soir"))),
        rules.add_question(event_a, rules.QuestionFields(label="Première visite", kind="yes_no", required=True)),
    ]
    db.session.commit()
    return questions


def _book(client, session, **extra):
    data = {"name": "Zoë Lefèvre", "email": "zoe@example.org", "seats": "1", "consent": "y"}
    return client.post(f"/sessions/{session.id}/book", data=data | extra)


def test_the_booking_form_asks_the_event_s_questions(client, session_a, asked):
    page = client.get(f"/sessions/{session_a.id}/book").get_data(as_text=True)

    assert "Votre structure (required)" in page and "Créneau (optional)" in page and "Première visite (required)" in page
    assert f'name="question_{asked[1].id}"' in page and ">Soir</option>" in page
    assert "Do you need any of these? (optional)" in page  # the built-in questions are always there


def test_answers_are_stored_with_the_registration(client, session_a, asked):
    structure, slot, first_visit = asked

    response = _book(client, session_a, **{f"question_{structure.id}": " Centre social ", f"question_{slot.id}": "Soir",
                                           f"question_{first_visit.id}": "yes"})

    assert response.status_code in (302, 303)
    registration = db.session.scalar(sa.select(Registration))
    assert registration.answers == {str(structure.id): "Centre social", str(slot.id): "Soir", str(first_visit.id): "yes"}


def test_a_required_question_must_be_answered(client, session_a, asked):
    structure, _slot, first_visit = asked

    response = _book(client, session_a, **{f"question_{first_visit.id}": "no"})

    assert response.status_code == 422
    assert "Please answer this question." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_an_answer_outside_the_choices_is_refused(client, session_a, asked):
    structure, slot, first_visit = asked

    response = _book(client, session_a, **{f"question_{structure.id}": "X", f"question_{slot.id}": "Minuit",
                                           f"question_{first_visit.id}": "peut-être"})

    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_answers_show_in_the_attendee_list(as_a, make, session_a, asked):
    structure, slot, first_visit = asked
    make.registration(session_a, name="李雷", answers={str(structure.id): "Maison de quartier",
                                                        str(first_visit.id): "yes"})

    page = as_a.get(f"/organiser/sessions/{session_a.id}/attendees").get_data(as_text=True)

    assert "李雷" in page and "Maison de quartier" in page
    assert "Première visite</dt> <dd class=\"d-inline\">Yes" in page


# -- The rules, for the API and any other edge --------------------------------------


def test_clean_answers_keeps_valid_answers_and_names_each_bad_one(event_a, asked):
    structure, slot, first_visit = asked

    assert rules.clean_answers(asked, {structure.id: " Asso ", str(first_visit.id): False, "999": "ignored"}) == {
        str(structure.id): "Asso", str(first_visit.id): "no"}
    with pytest.raises(ValidationFailed) as refused:
        rules.clean_answers(asked, {str(slot.id): "Minuit", str(first_visit.id): ["yes"]})
    assert set(refused.value.fields) == {f"answers.{structure.id}", f"answers.{slot.id}", f"answers.{first_visit.id}"}


def test_display_answer_reads_yes_and_no(event_a, asked):
    with force_locale("en"):  # outside a request the default language, French, would answer "Non"
        assert rules.display_answer(asked[2], {str(asked[2].id): "no"}) == "No"
    assert rules.display_answer(asked[0], {}) == ""


def test_the_choices_box_is_marked_for_the_script_that_shows_it_only_for_single_choice(as_a, event_a):
    page = as_a.get(f"/organiser/events/{event_a.id}/questions").get_data(as_text=True)

    assert 'class="mb-3 question-choices"' in page  # always there without JavaScript
    assert '<script src="/static/js/question-choices.' in page
