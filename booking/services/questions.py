"""Registration questions: what an event asks on its booking form, and checking the answers.

Answers are stored on the registration as ``{str(question_id): value}``: text
for text questions, one of the choices for a choice question, ``"yes"`` or
``"no"`` for a yes/no question. The built-in accessibility question is not a
``Question``: it lives in ``Registration.accessibility_needs`` on every form.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.extensions import db
from booking.models import Event, Question, QuestionKind, User
from booking.services import access
from booking.services.errors import NotFound, ValidationFailed

LABEL_MAX = 255
CHOICE_MAX = 200
CHOICES_MAX = 30
SHORT_ANSWER_MAX = 200
LONG_ANSWER_MAX = 2000
YES, NO = "yes", "no"

KIND_LABELS = {
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
    QuestionKind.CHOICE: _l("Single choice"),
    QuestionKind.YES_NO: _l("Yes / no"),
}


@dataclass(frozen=True)
class QuestionFields:
    label: str
    kind: str
    required: bool = False
    choices: Sequence[str] = field(default_factory=tuple)


# -- Organisers' side ------------------------------------------------------------


def question_for(user: User, question_id: int) -> Question:
    """A question of an event ``user`` may organise, else NotFound."""
    query = sa.select(Question).join(Event, Question.event_id == Event.id).where(Question.id == question_id)
    question = db.session.scalar(access.scope_events(query, user))
    if question is None:
        raise NotFound()
    return question


def add_question(event: Event, fields: QuestionFields) -> Question:
    """A new question, asked last on the event's booking form."""
    label, choices = _checked(fields)
    last = db.session.scalar(sa.select(sa.func.max(Question.position)).where(Question.event_id == event.id))
    question = Question(event=event, label=label, kind=fields.kind, choices=choices,
                        required=bool(fields.required), position=(last or 0) + 1)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: Question, fields: QuestionFields) -> Question:
    """Change a question; answers already given stay as they were."""
    question.label, question.choices = _checked(fields)
    question.kind = fields.kind
    question.required = bool(fields.required)
    db.session.flush()
    return question


def remove_question(question: Question) -> None:
    """Stop asking a question (answers already stored are kept on the registrations)."""
    event = question.event
    event.questions.remove(question)
    db.session.flush()
    _renumber(event)


def move_question(question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1) the form."""
    ordered = list(question.event.questions)
    index = ordered.index(question)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    db.session.flush()


def _renumber(event: Event) -> None:
    for position, item in enumerate(sorted(event.questions, key=lambda q: (q.position, q.id)), start=1):
        item.position = position
    db.session.flush()


def _checked(fields: QuestionFields) -> tuple[str, list[str]]:
    errors = {}
    label = (fields.label or "").strip()
    if not label:
        errors["label"] = str(_l("Please write the question."))
    elif len(label) > LABEL_MAX:
        errors["label"] = ngettext("At most %(num)d character.", "At most %(num)d characters.", LABEL_MAX)
    if fields.kind not in QuestionKind.__members__.values():
        errors["kind"] = str(_l("Unknown kind of question."))
    choices = []
    for choice in fields.choices if fields.kind == QuestionKind.CHOICE else ():
        choice = choice.strip()
        if choice and choice not in choices:
            choices.append(choice)
    if fields.kind == QuestionKind.CHOICE:
        if len(choices) < 2:
            errors["choices"] = str(_l("Give at least two choices, one per line."))
        elif len(choices) > CHOICES_MAX or any(len(c) > CHOICE_MAX for c in choices):
            errors["choices"] = " ".join((
                ngettext("At most %(num)d choice.", "At most %(num)d choices.", CHOICES_MAX),
                ngettext("Each at most %(num)d character long.", "Each at most %(num)d characters long.", CHOICE_MAX)))
    if errors:
        raise ValidationFailed(errors)
    return label, choices


# -- Answers ---------------------------------------------------------------------


def answer_key(question: Question) -> str:
    return str(question.id)


def clean_answers(questions: Sequence[Question], raw: Mapping | None, *, require: bool = True) -> dict[str, str]:
    """Answers shaped for storage, keyed by question id; ValidationFailed names each bad one.

    Accepts keys as ids (int or str) and, for yes/no questions, JSON booleans.
    Answers to questions the event does not ask are dropped. ``require=False`` lets
    required questions go unanswered (an organiser's group booking).
    """
    raw = {str(key): value for key, value in (raw or {}).items()}
    answers, errors = {}, {}
    for question in questions:
        key = answer_key(question)
        value = _normalise(question, raw.get(key))
        problem = _problem(question, value, require)
        if problem:
            errors[f"answers.{key}"] = problem
        elif value:
            answers[key] = value
    if errors:
        raise ValidationFailed(errors)
    return answers


def _normalise(question: Question, value) -> str:
    if question.kind == QuestionKind.YES_NO and isinstance(value, bool):
        return YES if value else NO
    if value is None or isinstance(value, (dict, list)):
        return "" if value is None else "\0"  # "\0" is never valid: reported as a bad answer
    return str(value).strip()


def _problem(question: Question, value: str, require: bool) -> str | None:
    if not value:
        return str(_l("Please answer this question.")) if question.required and require else None
    if question.kind == QuestionKind.CHOICE and value not in question.choices:
        return str(_l("Please pick one of the choices."))
    if question.kind == QuestionKind.YES_NO and value not in (YES, NO):
        return str(_l("Please answer yes or no."))
    limit = SHORT_ANSWER_MAX if question.kind == QuestionKind.SHORT_TEXT else LONG_ANSWER_MAX
    if len(value) > limit or "\0" in value:
        return ngettext("Please keep this under %(num)d character.", "Please keep this under %(num)d characters.", limit)
    return None


def display_answer(question: Question, answers: Mapping | None) -> str:
    """The answer as people read it (yes/no in the reader's language), "" when none."""
    value = (answers or {}).get(answer_key(question), "")
    if question.kind == QuestionKind.YES_NO and value in (YES, NO):
        return _("Yes") if value == YES else _("No")
    return "" if value is None else str(value)
