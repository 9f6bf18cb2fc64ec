"""Run image jobs in worker processes, each job under a time and a memory budget.

Header checks (decodecost.py) refuse the hostile files we know of; this is the bound for the ones
we don't. Each job runs in a forked worker whose address space may grow by `memory_mb` beyond what
it inherited (RLIMIT_AS: a larger allocation fails with MemoryError inside the decoder or encoder)
and which may spend `seconds` of CPU time on each job (RLIMIT_CPU's soft limit, moved on before
every job: the kernel stops it). A worker serves many jobs, so the pool starts one process per core,
not one per image. The parent also keeps a wall-clock deadline, for a worker that stops without
using CPU. A job over budget, or a worker that dies, becomes that image's error; the worker is
replaced and the other jobs go on.
A ProcessPoolExecutor cannot do this: one dead worker breaks the whole pool, and a running task
cannot be stopped at all.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from generator.pipeline.workers import can_fork, fork_context

from .jobs import Job, JobResult, run_job

_MB = 1 << 20
# A worker that ran out of CPU time is stopped by SIGXCPU, or SIGKILL at the hard limit just after.
_CPU_SIGNALS = {signal.SIGXCPU, signal.SIGKILL}
_STOP_WAIT = 2.0  # seconds a finished worker gets to exit before it is killed


@dataclass(frozen=True)
class Budget:
    seconds: float  # CPU seconds one job may use
    memory_mb: int  # address space one worker may add to what it inherited
    wall: float | None = None  # wall-clock seconds; None: a generous multiple of `seconds`

    @property
    def wall_seconds(self) -> float:
        """Wall-clock bound: generous by default, since a few cores may be shared by many processes."""
        return self.wall if self.wall is not None else self.seconds * 2 + 2


def _address_space() -> int:
    """This process's current virtual size in bytes (what RLIMIT_AS counts)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit(kind: int, soft: int, hard: int) -> None:
    with contextlib.suppress(ValueError, OSError):
        current_hard = resource.getrlimit(kind)[1]
        if current_hard != resource.RLIM_INFINITY:
            hard = min(hard, current_hard)
            soft = min(soft, hard)
        resource.setrlimit(kind, (soft, hard))


def _serve(conn: Connection, budget: Budget) -> None:
    """The worker: receive a job, run it under the CPU budget, send the result; until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit(resource.RLIMIT_CORE, 0, 0)  # a worker stopped for its budget leaves no core file
    base = _address_space()
    if base:
        room = base + budget.memory_mb * _MB
        _limit(resource.RLIMIT_AS, room, room)
    # Only the soft CPU limit moves from job to job. The worker serves many jobs and its CPU time
    # adds up over all of them, and a hard limit, once lowered, can never be raised again: a hard
    # limit of the first job's budget killed every job after the worker's first ~10 s of work.
    # SIGXCPU at the soft limit ends the worker (no handler is installed); the parent's wall-clock
    # deadline stops one that blocks it.
    cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = used.ru_utime + used.ru_stime
        soft = max(1, round(spent + budget.seconds))  # whole seconds: the kernel's granularity
        _limit(resource.RLIMIT_CPU, soft, cpu_hard)
        conn.send(run_job(job))


class _Worker:
    def __init__(self, context: Any, budget: Budget) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, budget), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.deadline = 0.0

    def give(self, job: Job, wall_seconds: float) -> None:
        self.job, self.deadline = job, time.monotonic() + wall_seconds
        self.conn.send(job)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(_STOP_WAIT)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        with contextlib.suppress(OSError):
            self.conn.close()


def _death(worker: _Worker, budget: Budget, timed_out: bool) -> str:
    code = worker.process.exitcode
    if timed_out or (code is not None and -code in _CPU_SIGNALS):
        return (f"image took longer than {budget.seconds:g} s to convert and was stopped "
                "(images.time_limit); it is not published")
    return f"image worker crashed while converting it (exit status {code}); it is not published"


def run_jobs(jobs: list[Job], workers: int, budget: Budget,
             done: Callable[[JobResult], None] = lambda result: None) -> list[JobResult]:
    """Every job's result, in completion order. Never raises for a job's sake."""
    if not jobs:
        return []
    if not can_fork():  # no fork (Windows): in-process, bounded only by the header checks
        results = []
        for job in jobs:
            results.append(run_job(job))
            done(results[-1])
        return results
    context = fork_context()
    todo = deque(jobs)
    pool = [_Worker(context, budget) for _ in range(max(1, min(workers, len(jobs))))]
    results: list[JobResult] = []
    try:
        while todo or any(w.job is not None for w in pool):
            for index, worker in enumerate(pool):
                if worker.job is None and todo:
                    try:
                        worker.give(todo[0], budget.wall_seconds)
                    except OSError:  # the idle worker died (killed from outside): replace it
                        worker.kill()
                        pool[index] = _Worker(context, budget)
                        continue
                    todo.popleft()
            busy = [w for w in pool if w.job is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
            for index, worker in enumerate(pool):
                result = _collect(worker, budget)
                if result is None:
                    continue
                results.append(result)
                done(result)
                if worker.job is not None:  # stopped or dead: a fresh worker takes its place
                    worker.kill()
                    pool[index] = _Worker(context, budget)
    finally:  # a worker still holding a job (Ctrl-C, an error here) is not waited for
        for worker in pool:
            if worker.job is None:
                worker.stop()
            else:
                worker.kill()
    return results


def _collect(worker: _Worker, budget: Budget) -> JobResult | None:
    """The busy worker's result once it is there, or the job's failure once the worker is gone or
    late; None while it is still working. A worker left holding its job must be replaced."""
    job = worker.job
    if job is None:
        return None
    try:
        if worker.conn.poll():
            result = worker.conn.recv()
            worker.job = None
            return result
    except (EOFError, OSError):
        pass
    alive = worker.process.is_alive()
    late = time.monotonic() >= worker.deadline
    if alive and not late:
        return None
    if alive:
        worker.process.kill()
        worker.process.join()
    return JobResult(job.sha, 0, _death(worker, budget, timed_out=alive))
