"""ForkedJob (hooks/nianbao/jobs.py): a function's result from a forked child or, with NIANBAO_WORKERS=1, a thread."""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from nianbao.jobs import BACKGROUND_NICENESS, ENV_WORKERS, ForkedJob, JobFailed


def _stages(n: int) -> Iterator[tuple[int, int]]:
    yield n, os.getpid()
    yield n * 2, os.getpid()


def _broken_second_stage() -> Iterator[str]:
    yield "first"
    raise ValueError("第二步出错")


@pytest.fixture(params=["fork", "thread"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "thread":
        monkeypatch.setenv(ENV_WORKERS, "1")
    else:
        monkeypatch.delenv(ENV_WORKERS, raising=False)
    return request.param


def test_a_job_returns_its_function_s_value(mode: str) -> None:
    job = ForkedJob(divmod, 17, 5)
    assert job.result() == (3, 2)


def test_a_staged_job_hands_over_each_stage_in_turn(mode: str) -> None:
    job = ForkedJob(_stages, 21, stages=2)
    first, pid = job.result()
    second, same_pid = job.result()
    assert (first, second) == (21, 42) and pid == same_pid
    assert (pid != os.getpid()) == (mode == "fork")  # one child runs both stages; threads run in this process


def test_a_failure_in_a_later_stage_reaches_the_caller_with_its_traceback(mode: str) -> None:
    job = ForkedJob(_broken_second_stage, stages=2)
    assert job.result() == "first"
    with pytest.raises(JobFailed, match="第二步出错"):
        job.result()


def _niceness() -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def test_a_background_job_runs_at_a_lower_priority_than_the_build(mode: str) -> None:
    pid, niceness = ForkedJob(_niceness, background=True).result()
    if mode == "fork":
        assert pid != os.getpid() and niceness == min(19, os.nice(0) + BACKGROUND_NICENESS)
    else:  # a thread shares the build's priority: nothing to lower
        assert pid == os.getpid() and niceness == os.nice(0)
    assert ForkedJob(_niceness).result()[1] == os.nice(0)
