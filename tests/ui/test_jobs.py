"""A file built beside the page: it says how far it has got, hands over what it built, and
says why when it fails, without taking the page down."""
from __future__ import annotations

import threading

from ui.jobs import Job


def test_a_job_reports_its_progress_and_hands_over_the_file():
    step = threading.Event()
    go_on = threading.Event()

    def build(progress):
        progress(0.25, "Writing the answers: 1 of 4")
        step.set()
        go_on.wait(10)
        progress(0.75, "Compressing")
        return b"the file"

    job = Job(("fingerprint", True), build)
    assert step.wait(10)
    assert not job.finished and job.result is None
    assert (job.share, job.step) == (0.25, "Writing the answers: 1 of 4")
    go_on.set()
    assert job.wait(10)
    assert job.result == b"the file" and job.error == ""
    assert (job.share, job.step) == (1.0, "Ready")
    assert job.key == ("fingerprint", True) and job.seconds >= 0


def test_progress_only_moves_forward_and_stays_within_the_whole():
    shares, made = [], threading.Event()

    def build(progress):
        made.wait(10)
        for share in (0.5, 0.2, 1.7):
            progress(share, "step")
            shares.append(job.share)
        return b""

    job = Job(None, build)
    made.set()
    assert job.wait(10)
    assert shares == [0.5, 0.5, 1.0]


def test_a_failed_build_says_why_and_holds_no_file():
    def build(progress):
        raise ValueError("a score outside 0 to 5 on row 12")

    job = Job(None, build)
    assert job.wait(10)
    assert job.finished and job.result is None
    assert job.error == "a score outside 0 to 5 on row 12"


def test_a_build_stopped_by_something_other_than_an_error_still_says_it_failed():
    def build(progress):
        raise SystemExit(1)          # not an Exception: the thread ends, the page must know

    job = Job(None, build)
    assert job.wait(10)
    assert job.result is None and job.error == "the build stopped before it finished"
