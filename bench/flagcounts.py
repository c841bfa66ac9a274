"""How many flags each realistic case raises, by severity and kind, and how many are raised
before anything is answered.

    .venv/bin/python bench/flagcounts.py [--folder questionnaires]
                                         [--cases tests/questionnaire/cases]

Each case file in `--cases` is evaluated against the questionnaire of the same id in
`--folder` (default: the shipped questionnaires; cases of a questionnaire the folder does not
hold are left out), with the engine of this checkout. Answers to
questions that the questionnaire in `--folder` does not have are left out and counted ("not in
this edition"), so cases written for another edition can still be compared. A case's edition
is the one it names (cases written before editions were named say "-").

It prints one markdown table: per case, the rating, the raised flags by severity, how many are
risks and how many gaps, how many a reviewer must act on (high and medium: a written response
or a recorded handling), and the required questions left unanswered; then, for each
questionnaire, the flags raised by an empty set of answers. The figures are recorded in
docs/questionnaire-cases.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctdppeia.questionnaire import Evaluation, Questionnaire, evaluate, load_questionnaire  # noqa: E402

LEVELS = ("high", "medium", "low", "info")
HEADER = (
    "| case | written for | run on | rating | flags | high | medium | low | info | risks | gaps "
    "| to act on | unanswered required | answers not in this edition |"
)


def counts(result: Evaluation) -> Counter[str]:
    return Counter(raised.flag.severity for raised in result.flags)


def row(name: str, edition: str, questionnaire: Questionnaire, answers: dict[str, object]) -> str:
    known = {qid: value for qid, value in answers.items() if questionnaire.has_question(qid)}
    result = evaluate(questionnaire, known)
    by_level = counts(result)
    cells = [
        name,
        edition,
        questionnaire.version,
        result.rating or "none",
        str(len(result.flags)),
        *(str(by_level[level]) for level in LEVELS),
        str(len(result.risks)),
        str(len(result.gaps)),
        str(by_level["high"] + by_level["medium"]),
        str(len(result.missing_required)),
        str(len(answers) - len(known)),
    ]
    return "| " + " | ".join(cells) + " |"


def empty_row(questionnaire: Questionnaire) -> str:
    result = evaluate(questionnaire, {})
    raised = ", ".join(
        f"`{item.flag.id}` ({item.flag.severity}{', gap' if item.flag.is_gap else ''})"
        for item in result.flags
    )
    return f"| {questionnaire.id} {questionnaire.version} | {len(result.flags)} | {raised or '-'} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "questionnaires")
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "questionnaire" / "cases")
    args = parser.parse_args()
    loaded: dict[str, Questionnaire] = {}
    print(HEADER)
    print("|" + "---|" * HEADER.count(" |"))
    for path in sorted(args.cases.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        qid = case["questionnaire"]
        if not (args.folder / f"{qid}.md").exists():
            continue  # that questionnaire is not in this folder
        if qid not in loaded:
            loaded[qid] = load_questionnaire(args.folder / f"{qid}.md")
        print(row(path.stem, case.get("edition", "-"), loaded[qid], case["answers"]))
    print()
    print("| questionnaire | flags raised before anything is answered | which |")
    print("|---|---|---|")
    for questionnaire in loaded.values():
        print(empty_row(questionnaire))


if __name__ == "__main__":
    main()
