"""Wheelchair spaces (a pool apart from seats) and accessibility needs as codes

Revision ID: 0021
Revises: 0020

- sessions.wheelchair_spaces, wheelchair_spaces_taken and wheelchair_ceiling, with CHECKs
  like the seats' (the backstop: taken never above the ceiling, which covers the spaces);
- registrations.wheelchair_spaces: how many of the party use a wheelchair (0..seats);
- registrations.access_needs: the needs as codes (JSON list). Rows that told us of a need
  in words get the codes those words name (the booking form's old choices, in English or
  French, and the usual names); the words themselves are kept as they were.
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# (table, column, type, default, check name, check): added in this order, dropped in the reverse one.
COLUMNS = (
    ("sessions", "wheelchair_spaces", sa.Integer(), "0", "wheelchair_spaces_not_negative", "wheelchair_spaces >= 0"),
    ("sessions", "wheelchair_ceiling", sa.Integer(), "0", "wheelchair_ceiling_covers_spaces",
     "wheelchair_ceiling >= wheelchair_spaces"),
    ("sessions", "wheelchair_spaces_taken", sa.Integer(), "0", "wheelchair_spaces_within_ceiling",
     "wheelchair_spaces_taken >= 0 AND wheelchair_spaces_taken <= wheelchair_ceiling"),
    ("registrations", "wheelchair_spaces", sa.Integer(), "0", "wheelchair_spaces_in_party",
     "wheelchair_spaces >= 0 AND wheelchair_spaces <= seats"),
    ("registrations", "access_needs", sa.JSON(), "'[]'", None, None),
)

# Words (lower case) that name a need, as the old form wrote its choices and as people write them.
CODES_BY_WORDS = (
    ("sign_language", ("sign language", "langue des signes", "lsf")),
    ("audio_description", ("audio description", "audiodescription", "audio-description")),
    ("induction_loop", ("induction loop", "hearing loop", "boucle magnétique", "boucle auditive")),
    ("step_free_access", ("wheelchair", "fauteuil", "step-free", "step free", "plain-pied", "rampe")),
    ("large_print", ("large print", "gros caractères")),
    ("other", ("other (tell us below)", "autre (précisez ci-dessous)")),
)


def codes_from_words(text: str) -> list[str]:
    words = (text or "").lower()
    return sorted(code for code, names in CODES_BY_WORDS if any(name in words for name in names))


def upgrade():
    # SQLite adds each column with its CHECK in place: rebuilding the tables (batch mode) would drop
    # them, and their rows' ON DELETE actions (registrations, emails) would run.
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, type_, default, check, condition in COLUMNS:
        if sqlite:
            sql_type = "JSON" if isinstance(type_, sa.JSON) else "INTEGER"
            constraint = f" CONSTRAINT ck_{table}_{check} CHECK ({condition})" if check else ""
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type} NOT NULL DEFAULT {default}{constraint}")
            continue
        op.add_column(table, sa.Column(column, type_, nullable=False, server_default=sa.text(default)))
        if check:
            op.create_check_constraint(check, table, condition)

    connection = op.get_bind()
    registrations = sa.table("registrations", sa.column("id", sa.Integer()), sa.column("accessibility_needs", sa.Text()),
                             sa.column("access_needs", sa.JSON()))
    told = connection.execute(sa.select(registrations.c.id, registrations.c.accessibility_needs)
                              .where(registrations.c.accessibility_needs != "")).all()
    for registration_id, words in told:
        codes = codes_from_words(words)
        if codes:
            connection.execute(registrations.update().where(registrations.c.id == registration_id)
                               .values(access_needs=codes))


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, _type, _default, check, _condition in reversed(COLUMNS):
        if check and not sqlite:
            op.drop_constraint(op.f(f"ck_{table}_{check}"), table, type_="check")
        op.drop_column(table, column)
