"""A file built in a thread of its own, saying how far it has got.

The workbook of an engagement with hundreds of thousands of answers takes minutes to write.
Built while the browser waits for the download, it shows nothing but a spinner and is lost
if the person leaves the page. A :class:`Job` builds it beside the page instead: the page
shows its progress while the person reads on, and offers the file once it is ready. The job
lives in the person's session (``st.session_state``), so it is theirs alone and goes when
their session does.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from reports.progress import Progress

_log = logging.getLogger(__name__)


class Job:
    """One build running in a daemon thread: ``build(progress)`` returns the file's bytes
    and calls ``progress(share, step)`` (share 0-1) as it goes.

    Attributes:
        key: what the file was built from (a change in it makes the file outdated).
        share, step: how far the build has got, and what it is doing.
        result: the file, once built. error: why it failed (a message), else "".
    """

    def __init__(self, key: object, build: Callable[[Progress], bytes]) -> None:
        self.key = key
        self.share, self.step = 0.0, "Starting"
        self.result: bytes | None = None
        self.error = ""
        self.started = time.monotonic()
        self.finished_at: float | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(build,), daemon=True,
                                        name="socialready-export")
        self._thread.start()

    def _progress(self, share: float, step: str) -> None:
        self.share, self.step = min(1.0, max(self.share, float(share))), step

    def _run(self, build: Callable[[Progress], bytes]) -> None:
        try:
            self.result = build(self._progress)
            self.share, self.step = 1.0, "Ready"
        except Exception as error:          # said on the page; the person can try again
            _log.exception("Building a file beside the page failed")
            self.error = str(error) or type(error).__name__
        except BaseException:               # SystemExit and the like end only this thread
            self.error = "the build stopped before it finished"
        finally:
            self.finished_at = time.monotonic()
            self._done.set()

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self, seconds: float | None = None) -> bool:
        """Wait until the build ends (at most ``seconds``); whether it has."""
        return self._done.wait(seconds)

    @property
    def seconds(self) -> float:
        """How long the build has run (or ran)."""
        return (self.finished_at or time.monotonic()) - self.started
