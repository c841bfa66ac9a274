"""A pytest plugin that prints the CPU time each test's setup, call and teardown took (the
test process's user + system time, plus the child processes it waited for), and the 40
largest: where the suite's time goes, on a machine where other work makes wall-clock
durations (``--durations``) measure the queue for the cores.

    PYTHONPATH=$PWD:$PWD/bench .venv/bin/python -m pytest -n 0 -p pytest_cpu_times tests/board
"""

import os
from collections.abc import Iterator

import pytest

_phases: list[tuple[float, str, str]] = []


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(phase: str, item: pytest.Item) -> Iterator[None]:
    start = _cpu()
    yield
    _phases.append((_cpu() - start, phase, item.nodeid))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    return (yield from _timed("setup", item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from _timed("call", item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    return (yield from _timed("teardown", item))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    write = terminalreporter.write_line
    by_phase = {
        phase: sum(cpu for cpu, named, _ in _phases if named == phase)
        for phase in ("setup", "call", "teardown")
    }
    sums = ", ".join(f"{phase} {cpu:.1f} s" for phase, cpu in by_phase.items())
    write(f"CPU time in tests: {sum(by_phase.values()):.1f} s ({sums})")
    for cpu, phase, nodeid in sorted(_phases, reverse=True)[:40]:
        write(f"{cpu:6.2f} s  {phase:8}  {nodeid}")
