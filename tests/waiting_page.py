"""Reading the "Waiting for you" panel of a home page, for the tests of every feature."""

import re
from dataclasses import dataclass
from html import unescape

from flask.testing import FlaskClient


@dataclass(frozen=True)
class Group:
    label: str
    total: int
    overdue: int
    titles: list[str]
    links: list[str]
    overdue_titles: list[str]


def _text(fragment: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def panel(client: FlaskClient, path: str = "/") -> dict[str, Group]:
    """The panel's groups by label, read from the page at `path` (the home page)."""
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    page = response.get_data(as_text=True)
    found = re.search(r'<section class="waiting".*?</section>', page, re.S)
    assert found is not None, "no Waiting for you panel"
    groups = {}
    for block in re.findall(r'<div class="waiting-group">(.*?)</div>', found.group(0), re.S):
        heading = re.search(r"<h3>(.*?)<span", block, re.S)
        count = re.search(r'class="waiting-count">\((\d+)(?:, (\d+) overdue)?\)', block)
        assert heading is not None and count is not None, block
        items = re.findall(r'<li><a href="([^"]+)">(.*?)</a>(.*?)</li>', block, re.S)
        groups[_text(heading.group(1))] = Group(
            _text(heading.group(1)),
            int(count.group(1)),
            int(count.group(2) or 0),
            [_text(title) for _link, title, _rest in items],
            [unescape(link) for link, _title, _rest in items],
            [_text(title) for _link, title, rest in items if "Overdue" in rest],
        )
    return groups


def says_nothing_waits(client: FlaskClient, path: str = "/") -> bool:
    return "Nothing is waiting for you." in client.get(path).get_data(as_text=True)
