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

# A good Spanish translation of fixtures/sample.md (its user text has markdown and a script tag).
GOOD = """\
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
