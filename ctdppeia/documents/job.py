"""Building and signing a review PDF as a job with a time limit, away from the database; and
the same child process, with CPU-time and memory limits too, for checking an uploaded PDF
(:func:`run_in_child`).

The job is plain data (the frozen snapshot, its digest, each signer's encrypted key) and runs in
a child process where the platform can fork, so a job that runs over its time limit is stopped
for good rather than left using a core. Nothing here touches the database.

A fork of the worker costs about 20 ms and starts with what the worker has loaded: the fonts
(:func:`prepare_fonts`) and the signers' keys opened to read their serials (they are kept per
process, see :func:`ctdppeia.pdf.authority.identity_from_pkcs12`).
"""

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TypeVar

from ctdppeia.pdf import build_signable_pdf, field_name, sign_pdf
from ctdppeia.pdf.authority import identity_from_pkcs12
from ctdppeia.pdf.fonts import register_fonts, stamp_font_for

In = TypeVar("In")
Out = TypeVar("Out")


class JobFailed(Exception):
    """The job (building and signing, or checking) failed, ran over a limit or died; the
    message says why (for the log)."""


class JobTimedOut(Exception):
    """The job ran over its time limit and was stopped."""


@dataclass(frozen=True)
class ChildLimits:
    """What the child process may use: CPU seconds, and bytes of memory beyond what it had
    when it started (the worker's own, shared with it by the fork)."""

    cpu_seconds: int
    memory_bytes: int


@dataclass(frozen=True)
class SignerKey:
    role: str
    name: str
    when: datetime
    certify: bool
    pkcs12: bytes


@dataclass(frozen=True)
class SigningJob:
    snapshot: dict[str, Any]
    digest: str
    record_url: str | None
    chain_head: tuple[int, str] | None  # the audit log's latest event when signing began
    signers: tuple[SignerKey, ...]
    passphrase: bytes
    font_cache_dir: Path | None


def sign_document(job: SigningJob) -> bytes:
    """Build the PDF with its empty signature fields and sign each field in order."""
    pdf = build_signable_pdf(
        job.snapshot, job.digest, record_url=job.record_url, chain_head=job.chain_head
    )
    for signer in job.signers:
        pdf = sign_pdf(
            pdf,
            field=field_name(signer.role),
            identity=identity_from_pkcs12(signer.pkcs12, job.passphrase),
            role=signer.role,
            signer_name=signer.name,
            digest=job.digest,
            certify=signer.certify,
            when=signer.when,
            font_cache_dir=job.font_cache_dir,
        )
    return pdf


def prepare_fonts(font_cache_dir: Path | None) -> None:
    """Load the fonts in this process once, so every child starts with them (about a tenth of
    a second per job otherwise: a child's work is lost with it)."""
    register_fonts()
    stamp_font_for("", font_cache_dir)


def run_with_time_limit(job: SigningJob, seconds: float) -> bytes:
    """Run :func:`sign_document` and return the signed PDF; raise ``JobTimedOut`` after
    ``seconds`` or ``JobFailed`` if it raised."""
    prepare_fonts(job.font_cache_dir)
    if "fork" in multiprocessing.get_all_start_methods():
        return _in_child_process(sign_document, job, seconds)
    return _in_thread(sign_document, job, seconds)


def run_in_child(work: Callable[[In], Out], job: In, seconds: float, limits: ChildLimits) -> Out:
    """``work(job)`` in a child process held to ``limits`` and stopped after ``seconds``:
    raise ``JobTimedOut``, or ``JobFailed`` if it raised, ran over a limit or died. Where
    processes cannot fork, in a thread with the time limit only."""
    if "fork" in multiprocessing.get_all_start_methods():
        return _in_child_process(work, job, seconds, limits)
    return _in_thread(work, job, seconds)


def _in_child_process(
    work: Callable[[In], Out], job: In, seconds: float, limits: ChildLimits | None = None
) -> Out:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, job, sender, limits), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise JobTimedOut(f"the job took longer than {seconds} seconds")
        ok, value = receiver.recv()
    except EOFError as error:
        child.join(5)
        raise JobFailed(_ended_without_answer(child.exitcode)) from error
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
    if not ok:
        raise JobFailed(value)
    return value


def _ended_without_answer(exitcode: int | None) -> str:
    if exitcode == -signal.SIGXCPU:
        return "the job ran over its CPU-time limit and was stopped"
    if exitcode is not None and exitcode < 0:
        return f"the job was ended by signal {signal.Signals(-exitcode).name}"
    return f"the job ended without an answer (exit code {exitcode})"


def _child(
    work: Callable[[In], Out], job: In, sender: Connection, limits: ChildLimits | None = None
) -> None:
    parent = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None else None
    _close_inherited({sender.fileno(), *([sentinel] if sentinel is not None else [])})
    if sentinel is not None:
        _end_with_parent(sentinel)
    if limits is not None:
        _limit(limits)
    try:
        result: tuple[bool, Any] = (True, work(job))
    except BaseException as error:  # the parent decides what a failure means
        result = (False, f"{type(error).__name__}: {error}"[:2000])
    sender.send(result)
    sender.close()


def _limit(limits: ChildLimits) -> None:
    """Hold this process to ``limits``: past the CPU time the kernel sends SIGXCPU, which ends
    it (SIGKILL a second later); past the memory, allocations fail (``MemoryError``). No core
    file is written. Where the address space cannot be read (no /proc), memory is not limited."""
    import resource  # only where processes fork

    def lower(kind: int, soft: int, hard: int) -> None:
        ceiling = resource.getrlimit(kind)[1]
        if ceiling != resource.RLIM_INFINITY:
            soft, hard = min(soft, ceiling), min(hard, ceiling)
        resource.setrlimit(kind, (soft, hard))

    cpu = max(1, limits.cpu_seconds)
    lower(resource.RLIMIT_CORE, 0, 0)
    lower(resource.RLIMIT_CPU, cpu, cpu + 1)
    used = _address_space(resource.getpagesize())
    if used:
        lower(resource.RLIMIT_AS, used + limits.memory_bytes, used + limits.memory_bytes)


def _address_space(page_size: int) -> int:
    """The size of this process's address space now, in bytes (0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * page_size
    except (OSError, ValueError, IndexError):
        return 0


def _close_inherited(keep: set[int]) -> None:
    """Close what the fork copied from the worker (its clients' sockets, database connections,
    lock files, the other end of the pipe): held open here, a client whose worker died would
    wait for an answer that never comes, and a finished job could not notice the worker gone."""
    low = 3
    for descriptor in sorted(keep):
        os.closerange(low, descriptor)
        low = descriptor + 1
    os.closerange(low, _descriptor_limit())


def _descriptor_limit() -> int:
    try:
        return max(int(os.sysconf("SC_OPEN_MAX")), 256)
    except (OSError, ValueError):
        return 65536


def _end_with_parent(sentinel: int) -> None:
    """Stop this job at once if the worker that waits for it ends (killed, say): nobody would
    read its answer, and nothing else would hold it to its time limit."""

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _in_thread(work: Callable[[In], Out], job: In, seconds: float) -> Out:
    """Where processes cannot fork: a thread (a job over time is abandoned, not stopped)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["data"] = work(job)
        except BaseException as error:
            outcome["error"] = f"{type(error).__name__}: {error}"

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise JobTimedOut(f"the job took longer than {seconds} seconds")
    if "error" in outcome:
        raise JobFailed(outcome["error"])
    return outcome["data"]
