"""Time to parse and validate each questionnaire, and to evaluate one full set of answers.

    .venv/bin/python bench/questionnaires.py [FOLDER] [--parses 200] [--evaluations 5000]

Prints the median of many runs for each *.md file in FOLDER (default: questionnaires/),
with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctdppeia.questionnaire import (  # noqa: E402 (after the path is set)
    AnswerValue,
    Question,
    Questionnaire,
    evaluate,
    parse_questionnaire,
    questionnaire_files,
)

SAMPLE_VALUES: dict[str, AnswerValue] = {
    "yesno": "no",
    "text": "An answer.",
    "longtext": "A longer answer.\n\nIn two paragraphs.",
    "number": 5,
    "date": "2026-01-31",
}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    return (
        f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.system()} {platform.release()})"
    )


def median_ms(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median wall-clock time, median CPU time of this thread), in milliseconds.

    CPU time is the steadier figure on a busy machine; wall-clock is what a user waits.
    """
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter_ns(), time.thread_time_ns()
        work()
        cpu.append(time.thread_time_ns() - started_cpu)
        wall.append(time.perf_counter_ns() - started)
    return statistics.median(wall) / 1e6, statistics.median(cpu) / 1e6


def full_answers(questionnaire: Questionnaire) -> dict[str, AnswerValue]:
    """An answer to every question: all options of a multi, the last of a choice."""
    return {question.id: answer_for(question) for question in questionnaire.questions}


def answer_for(question: Question) -> AnswerValue:
    if question.type == "multi":
        return list(question.option_values)
    if question.type == "choice":
        return question.option_values[-1]
    return SAMPLE_VALUES[question.type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "questionnaires")
    parser.add_argument("--parses", type=int, default=200)
    parser.add_argument("--evaluations", type=int, default=5000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(
        f"{'file':<20} {'questions':>9} {'flags':>5}  {'parse+validate (wall / cpu)':>27}  "
        f"{'evaluate all flags (wall / cpu)':>31}  raised"
    )
    for path in questionnaire_files(args.folder):
        data = path.read_bytes()
        questionnaire = parse_questionnaire(data, path.name)
        answers = full_answers(questionnaire)
        parse = median_ms(lambda: parse_questionnaire(data, path.name), args.parses)  # noqa: B023
        check = median_ms(lambda: evaluate(questionnaire, answers), args.evaluations)  # noqa: B023
        raised = len(evaluate(questionnaire, answers).flags)
        print(
            f"{path.name:<20} {len(questionnaire.questions):>9} {len(questionnaire.flags):>5}  "
            f"{parse[0]:>13.2f} / {parse[1]:>5.2f} ms  {check[0]:>17.3f} / {check[1]:>5.3f} ms  "
            f"{raised:>6}"
        )
    print(f"medians of {args.parses} parses and {args.evaluations} evaluations")


if __name__ == "__main__":
    main()
