"""`flask disparity FILE.csv` through click's CliRunner."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from ctdppeia.cli.disparity import disparity_command

GOOD = "group,total,outcome\nWhite,80,48\nBlack,40,12\nAsian,50,45\n"


@pytest.fixture
def csv_file(tmp_path: Path):
    def write(text: str, name: str = "groups.csv") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def run(*args: str):
    return CliRunner().invoke(disparity_command, list(args))


def test_prints_json(csv_file):
    result = run(csv_file(GOOD))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reference_label"] == "White"
    assert data["reference_method"] == "best"
    assert data["direction"] == "favourable"
    assert data["min_cell"] == 11
    _, black, asian = data["groups"]
    assert (black["total"], black["outcome"], black["rate"], black["ratio"]) == (40, 12, 0.3, 0.5)
    assert (black["rate_text"], black["ratio_text"]) == ("0.300", "0.50")
    assert black["z_p"] == pytest.approx(0.00194577, abs=1e-8)
    assert isinstance(black["z_p"], float) and black["z_p_text"] == "0.00195"
    assert black["fisher_p"] is not None
    assert asian["suppressed"] is True and asian["total"] is None
    assert [f["severity"] for f in data["flags"]] == ["high", "info"]


def test_options(csv_file):
    result = run(csv_file(GOOD), "--outcome", "adverse", "--reference", "Black", "--min-cell", "5")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["direction"] == "adverse"
    assert data["reference_method"] == "named"
    assert data["reference_label"] == "Black"
    assert data["min_cell"] == 5
    assert data["groups"][2]["suppressed"] is False


def test_largest_reference(csv_file):
    data = json.loads(run(csv_file(GOOD), "--reference", "largest").stdout)
    assert data["reference_label"] == "White"
    assert data["reference_method"] == "largest"


def test_min_cell_from_app_config(csv_file):
    app = Flask(__name__)
    app.config["MIN_CELL_SIZE"] = 5
    with app.app_context():
        data = json.loads(run(csv_file(GOOD)).stdout)
    assert data["min_cell"] == 5


def test_bad_input_exits_1_with_every_problem(csv_file):
    path = csv_file("group,total,outcome\nWhite,80,x\nBlack,40,41\n")
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: row 2, column outcome: 'x' is not a number.",
        f"{path}: row 3, column outcome: The outcome count (41) is larger than the total (40).",
    ]


def test_missing_file_exits_1(tmp_path):
    result = run(str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert "cannot read the file: No such file or directory." in result.stderr


def test_directory_exits_1(tmp_path):
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert "cannot read the file" in result.stderr


def test_suppressed_named_reference_exits_1(csv_file):
    result = run(csv_file(GOOD), "--reference", "Asian")
    assert result.exit_code == 1
    assert "too few people to report" in result.stderr


def test_file_too_large_exits_1(csv_file):
    result = run(csv_file("x" * 1_048_577))
    assert result.exit_code == 1
    assert "larger than 1 MB" in result.stderr


def test_bad_option_is_a_usage_error(csv_file):
    result = run(csv_file(GOOD), "--outcome", "good")
    assert result.exit_code == 2


def test_problems_stop_at_fifty_and_say_how_many_more(csv_file):
    path = csv_file("group,total,outcome\n" + "x,-1,a\n" * 100_000)
    result = run(path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 51
    assert lines[0] == f"{path}: There are 100,000 groups; the limit is 200."
    assert lines[-1] == f"{path}: and 299,950 more problems"


def test_wrong_header_is_reported_once(csv_file):
    path = csv_file("name,total,outcome\n" + "".join(f"G{i},20,1\n" for i in range(300)))
    result = run(path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: row 1: The first row must name the columns group, total and outcome: "
        "'name' (column 1) is not one of them; 'group' is missing."
    ]


def test_adverse_case_with_both_ratios_and_intervals(csv_file):
    # Emergency visits: 80 of 350 Black mothers (22.9 %) against 100 of 1,000 (10.0 %).
    path = csv_file("group,total,outcome\nWhite,1000,100\nBlack,350,80\n")
    result = run(path, "--outcome", "adverse")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    black = data["groups"][1]
    assert black["ratio"] == pytest.approx((270 / 350) / 0.9)
    assert (black["ratio_text"], black["four_fifths_test"]) == ("0.86", "pass")
    assert black["adverse_ratio"] == pytest.approx(80 / 350 / 0.1)
    assert (black["adverse_ratio_text"], black["band_test"]) == ("2.29", "fail")
    assert black["adverse_ratio_ci"]["low"] == pytest.approx(1.749040, abs=1e-6)
    assert black["adverse_ratio_ci"]["high"] == pytest.approx(2.987061, abs=1e-6)
    assert black["adverse_ratio_ci_text"] == "1.75 to 2.99"
    assert black["verdict_text"] == "Higher rate of the adverse outcome"
    assert black["z_p"] < 1e-6 and black["z_p_text"] == "<0.001"
    flag = data["flags"][0]
    assert flag["severity"] == black["severity"] == "medium"
    assert flag["title"] == "Higher rate of the adverse outcome: Black"
