"""Reading group counts from CSV uploads and web forms: every problem, with row and column."""

import pytest

from ctdppeia.disparity import (
    MAX_BYTES,
    OMB_2024_CATEGORIES,
    GroupCount,
    Problem,
    TableError,
    parse_csv,
    template_csv,
    validate_rows,
)
from ctdppeia.limits import MAX_PROBLEMS


def problems(data: bytes) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(TableError) as caught:
        parse_csv(data)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def one_problem(data: bytes) -> tuple[int | None, str | None, str]:
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def test_good_file():
    data = b"group,total,outcome\nWhite,80,48\nBlack,40,12\n"
    assert parse_csv(data) == (GroupCount("White", 80, 48), GroupCount("Black", 40, 12))


def test_header_case_spaces_order_and_crlf():
    data = b" Outcome , GROUP,Total \r\n 12 , Black ,40\r\n48,White,80\r\n"
    assert parse_csv(data) == (GroupCount("Black", 40, 12), GroupCount("White", 80, 48))


def test_blank_lines_skipped_and_row_numbers_kept():
    data = b"group,total,outcome\n\nA,10,1\n  \n,,\nB,10,x\n"
    assert one_problem(data) == (6, "outcome", "'x' is not a number.")


def test_utf8_bom():
    data = "group,total,outcome\nAméricain,20,0\nB,20,0\n".encode("utf-8-sig")
    assert parse_csv(data)[0].label == "Américain"


def test_windows_1252():
    data = "group,total,outcome\nAméricain,20,0\nB \u2013 other,20,0\n".encode("cp1252")
    rows = parse_csv(data)
    assert rows[0].label == "Américain"
    assert rows[1].label == "B \u2013 other"


def test_thousands_separator_and_whole_decimal_accepted():
    data = b'group,total,outcome\nA,"1,234",12.0\nB,+20,0\n'
    assert parse_csv(data) == (GroupCount("A", 1234, 12), GroupCount("B", 20, 0))


HEADER = "The first row must name the columns group, total and outcome: "


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", (None, None, "The file is empty.")),
        (b"\n \n", (None, None, "The file is empty.")),
        (b"\xef\xbb\xbf", (None, None, "The file is empty.")),
        (b"a" * (MAX_BYTES + 1), (None, None, "The file is larger than 1 MB (1,048,577 bytes).")),
        (b"group,total\nA,1\nB,2\n", (1, None, f"{HEADER}'outcome' is missing.")),
        (
            b"group,total,outcome,note\nA,1,1,x\nB,2,1,y\n",
            (1, None, f"{HEADER}'note' (column 4) is"),
        ),
        (b"group,total,outcome,\nA,1,1\nB,2,1\n", (1, None, f"{HEADER}column 4 has no name.")),
        (b"group,total,total,outcome\n", (1, None, f"{HEADER}'total' appears twice.")),
        (b"group,total,outcome\nA,ten,1\nB,20,1\n", (2, "total", "'ten' is not a number.")),
        (b"group,total,outcome\nA,nan,1\nB,20,1\n", (2, "total", "'nan' is not a number.")),
        (b"group,total,outcome\nA,20,2.5\nB,20,1\n", (2, "outcome", "'2.5' is not a whole")),
        (b"group,total,outcome\nA,-20,0\nB,20,1\n", (2, "total", "'-20' is negative")),
        (b"group,total,outcome\nA,20,21\nB,20,1\n", (2, "outcome", "The outcome count (21) is")),
        (
            b"group,total,outcome\nA,20,1\n a ,20,1\n",
            (3, "group", "'a' repeats the group on row 2"),
        ),
        (b"group,total,outcome\n ,20,1\nB,20,1\n", (2, "group", "The group name is empty.")),
        (b"group,total,outcome\nA,20,1\n", (None, None, "At least two groups are needed")),
        (
            b"group,total,outcome\n",
            (None, None, "At least two groups are needed to compare; found 0"),
        ),
        (b"group,total,outcome\nA,,1\nB,20,1\n", (2, "total", "The total is empty.")),
        (b"group,total,outcome\nA,20\nB,20,1\n", (2, "outcome", "The outcome count is empty.")),
        (b"group,total,outcome\nA,20,1,9\nB,20,1\n", (2, None, "This row has more than 3 values")),
        (b"group,total,outcome\nA,2000000000,1\nB,20,1\n", (2, "total", "'2000000000' is larger")),
        (b"PK\x03\x04rest", (None, None, "This is an Excel workbook.")),
        (b"\xff\xfeg\x00", (None, None, "The file is UTF-16 text.")),
        (b"group\x00,total", (None, None, "This is not a text file.")),
        (b"group,total,outcome\nA\x81,20,1\n", (None, None, "The text is neither UTF-8")),
    ],
)
def test_bad_input(data, expected):
    row, column, message = one_problem(data)
    assert (row, column) == expected[:2]
    assert message.startswith(expected[2])


def test_too_many_rows():
    lines = [b"group,total,outcome"] + [f"G{i},20,0".encode() for i in range(201)]
    assert one_problem(b"\n".join(lines)) == (None, None, "There are 201 groups; the limit is 200.")
    assert len(parse_csv(b"\n".join(lines[:201]))) == 200


def test_exactly_one_megabyte_is_read():
    body = b"group,total,outcome\nA,20,0\nB,20,0\n"
    data = body + b"\n" * (MAX_BYTES - len(body))
    assert len(data) == MAX_BYTES
    assert len(parse_csv(data)) == 2


def test_header_that_is_data_is_one_problem_naming_every_column():
    rows = b"".join(f"G{i},20,1\n".encode() for i in range(1000))
    found = problems(b"Asian,20,1\n" + rows)
    assert found == [
        (
            1,
            None,
            f"{HEADER}'Asian' (column 1) is not one of them; '20' (column 2) is not one of them; "
            "'1' (column 3) is not one of them; 'group' is missing; 'total' is missing; "
            "'outcome' is missing. If the first row is data, add the row group,total,outcome "
            "above it.",
        )
    ]


def test_semicolons_are_named_once():
    rows = b"".join(f"G{i};20;1\n".encode() for i in range(500))
    [(row, _column, message)] = problems(b"group;total;outcome\n" + rows)
    assert row == 1
    assert message.endswith("The file seems to use semicolons: save it as CSV with commas.")


def test_rows_with_extra_values_are_one_problem():
    rows = b"".join(f"G{i},20,1,\n".encode() for i in range(150))
    assert problems(b"group,total,outcome\n" + rows) == [
        (
            None,
            None,
            "150 rows have more than 3 values (group, total, outcome); the first is row 2. "
            "Remove the extra values.",
        )
    ]


def test_problems_stop_at_fifty_and_say_how_many_more():
    data = b"group,total,outcome\n" + b"x,-1,a\n" * 149_000  # about 1 MB
    with pytest.raises(TableError) as caught:
        parse_csv(data)
    error = caught.value
    assert len(error.problems) == MAX_PROBLEMS
    assert str(error.problems[0]) == "There are 149,000 groups; the limit is 200."
    # per row: the total and the outcome; every row after the first repeats the group
    assert error.more == 1 + 149_000 * 2 + 148_999 - MAX_PROBLEMS
    assert str(error).splitlines()[-1] == "and 446,950 more problems"
    assert len(str(error)) < 5_000


def test_several_problems_listed_at_once_with_row_and_column():
    data = b"group,total,outcome\nWhite,80,48\nBlack,forty,12\nAsian,30,31\nwhite,20,-1\n,10,2.5\n"
    with pytest.raises(TableError) as caught:
        parse_csv(data)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "total"),
        (4, "outcome"),
        (5, "group"),
        (5, "outcome"),
        (6, "group"),
        (6, "outcome"),
    ]
    assert str(caught.value).splitlines() == [
        "row 3, column total: 'forty' is not a number.",
        "row 4, column outcome: The outcome count (31) is larger than the total (30).",
        "row 5, column group: 'white' repeats the group on row 2.",
        "row 5, column outcome: '-1' is negative; a count cannot be below 0.",
        "row 6, column group: The group name is empty.",
        "row 6, column outcome: '2.5' is not a whole number.",
    ]


def test_file_level_problem_listed_first():
    with pytest.raises(TableError) as caught:
        parse_csv(b"group,total,outcome\nA,x,1\n")
    assert [str(p) for p in caught.value.problems] == [
        "At least two groups are needed to compare; found 1.",
        "row 2, column total: 'x' is not a number.",
    ]


def test_problem_str():
    assert str(Problem(3, "total", "Bad.")) == "row 3, column total: Bad."
    assert str(Problem(3, None, "Bad.")) == "row 3: Bad."
    assert str(Problem(None, None, "Bad.")) == "Bad."


def test_long_label():
    data = b"group,total,outcome\n" + b"x" * 121 + b",20,1\nB,20,1\n"
    assert one_problem(data)[:2] == (2, "group")


def test_form_rows_same_checks():
    rows = [(1, "White", "80", "48"), (2, "", "", ""), (3, "Black", " 40 ", "12")]
    assert validate_rows(rows) == (GroupCount("White", 80, 48), GroupCount("Black", 40, 12))
    with pytest.raises(TableError) as caught:
        validate_rows([(1, "White", "80", "90"), (2, "white", "x", "1")])
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (1, "outcome"),
        (2, "group"),
        (2, "total"),
    ]


def test_template():
    text = template_csv()
    lines = text.splitlines()
    assert lines[0] == "group,total,outcome"
    assert [line.split(",")[0] for line in lines[1:]] == list(OMB_2024_CATEGORIES)
    assert len(OMB_2024_CATEGORIES) == 7
    assert "Middle Eastern or North African" in OMB_2024_CATEGORIES
    # As downloaded, every count is blank: 7 rows x 2 problems, nothing analyzed by mistake.
    assert len(problems(text.encode())) == 14
    filled = "\r\n".join([lines[0]] + [line.replace(",,", ",20,0") for line in lines[1:]]).encode()
    assert [row.label for row in parse_csv(filled)] == list(OMB_2024_CATEGORIES)
