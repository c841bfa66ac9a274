"""Building small questionnaire files for tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctdppeia.questionnaire import Questionnaire, QuestionnaireError, parse_questionnaire

FIXTURES = Path(__file__).parent / "fixtures"
FRONT = """---
id: t
title: Test
version: "1"
subject: data-request
summary: A test questionnaire.
---
"""
FRONT_LINES = FRONT.count("\n")  # the body starts on line FRONT_LINES + 1

# Spanish for sample.md: 21 texts. Each entry: msgctxt (which text), msgid (its English),
# msgstr (the Spanish). The msgctxt lines are 8, 12, ... 88 (every fourth line).
GOOD = r"""# The sample questionnaire in Spanish.
msgid ""
msgstr ""
"Project-Id-Version: sample 2026.10\n"
"Language: es\n"
"Content-Type: text/plain; charset=UTF-8\n"

msgctxt "title"
msgid "Sample review"
msgstr "Revisión de muestra"

msgctxt "summary"
msgid "A small questionnaire that uses every part of the format."
msgstr "Un cuestionario pequeño."

msgctxt "rating high"
msgid "Needs changes before approval."
msgstr "Necesita cambios."

msgctxt "section planning title"
msgid "Planning"
msgstr "Planificación"

msgctxt "section planning intro"
msgid "Why the data are needed. *Read this first.*"
msgstr "Por qué se necesitan los datos. *Lea esto primero.*"

msgctxt "question P4 label"
msgid "Did residents help shape the question?"
msgstr "¿Los residentes ayudaron a formar la pregunta?"

msgctxt "question P1 label"
msgid "Who is asking?"
msgstr "¿Quién pregunta?"

msgctxt "question P1 help"
msgid "Requests from outside need an agreement."
msgstr "Las <script>alert(1)</script> solicitudes de fuera necesitan un acuerdo."

msgctxt "question P1 option own-agency"
msgid "Our own agency"
msgstr "Nuestra agencia"

msgctxt "question P1 option university"
msgid "A university"
msgstr "Una universidad"

msgctxt "flag no-voice title"
msgid "No resident voice"
msgstr "Sin la voz de los residentes"

msgctxt "flag no-voice advice"
msgid "Ask the Resident Advisory Board."
msgstr "Consulte al Consejo Asesor de Residentes."

msgctxt "flag no-voice resident"
msgid "The study may miss what matters to the people in the data."
msgstr "El estudio puede no ver lo que importa a las personas."

msgctxt "flag external title"
msgid "Outside requester"
msgstr "Pedido de fuera"

msgctxt "flag external advice"
msgid "Check the agreement."
msgstr "Revise el acuerdo."

msgctxt "flag small-cells title"
msgid "Small cells"
msgstr "Celdas pequeñas"

msgctxt "flag small-cells advice"
msgid "Suppress cells under 11."
msgstr "Oculte las celdas de menos de 11."

msgctxt "flag small-cells resident"
msgid "A small number in a table could point to you."
msgstr "Un número pequeño en una tabla podría señalarlo a usted."

msgctxt "flag justice-data title"
msgid "Criminal justice data"
msgstr "Datos de justicia penal"

msgctxt "flag justice-data advice"
msgid "Check the law that allows it."
msgstr "Revise la ley que lo permite."

msgctxt "flag justice-data resident"
msgid "Records of arrests or court cases could follow people."
msgstr "Los registros de arrestos o de juicios podrían seguir a las personas."
"""


# GOOD after the English of P4 changed: its Spanish no longer applies.
STALE = GOOD.replace(
    'msgid "Did residents help shape the question?"', 'msgid "Did residents shape the question?"'
)

# A translation file of the old format, as `translations convert` reads it: the same Spanish
# as GOOD.
OLD_YAML = """\
questionnaire: sample
language: es
version: "2026.10"
front:
  title: Revisión de muestra
  summary: Un cuestionario pequeño.
  ratings:
    high: Necesita cambios.
sections:
  planning:
    title: Planificación
    intro: Por qué se necesitan los datos. *Lea esto primero.*
questions:
  P4:
    label: ¿Los residentes ayudaron a formar la pregunta?
  P1:
    label: ¿Quién pregunta?
    help: Las <script>alert(1)</script> solicitudes de fuera necesitan un acuerdo.
    options:
      own-agency: Nuestra agencia
      university: Una universidad
flags:
  no-voice:
    title: Sin la voz de los residentes
    advice: Consulte al Consejo Asesor de Residentes.
    resident: El estudio puede no ver lo que importa a las personas.
  external:
    title: Pedido de fuera
    advice: Revise el acuerdo.
  small-cells:
    title: Celdas pequeñas
    advice: Oculte las celdas de menos de 11.
    resident: Un número pequeño en una tabla podría señalarlo a usted.
  justice-data:
    title: Datos de justicia penal
    advice: Revise la ley que lo permite.
    resident: Los registros de arrestos o de juicios podrían seguir a las personas.
"""


def make(body: str, front: str = FRONT) -> str:
    return front + body


def parse(body: str, front: str = FRONT) -> Questionnaire:
    return parse_questionnaire(make(body, front), "t.md")


def problems(body: str, front: str = FRONT) -> list[str]:
    """Every error message, as file:line:col: message."""
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(make(body, front), "t.md")
    return [str(error) for error in caught.value.errors]


def problem(body: str, front: str = FRONT) -> str:
    """The only error message."""
    found = problems(body, front)
    assert len(found) == 1, found
    return found[0]


def at(line_in_body: int) -> int:
    """The file line of a body line (1 = the first line after the front matter)."""
    return FRONT_LINES + line_in_body


def sample() -> Questionnaire:
    return parse_questionnaire((FIXTURES / "sample.md").read_bytes(), "sample.md")
