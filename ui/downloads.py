"""The one way pages offer a file: a download button whose click never reruns the page.

A file built only when asked (``data`` a callable) is fetched by the browser with an id that
the page's current run registered. Streamlit's default click also reruns the script, and the
rerun registers new ids and forgets the old ones: a second button clicked while that rerun is
under way asks for an id that is gone, and its file silently never comes. Without the rerun
the ids stay valid, so clicks back to back each get their file; a build that fails shows
Streamlit's message under its button.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from reports.progress import Progress
from ui.common import escape_markdown as escape
from ui.jobs import Job

#: How often a file being prepared shows how far it has got.
FOLLOW_SECONDS = 1.0


def download_button(label: str, data, *, where=None, **options) -> None:
    """``st.download_button`` (in ``where``, a column or container; the page by default)
    with ``on_click="ignore"``: the click downloads and nothing reruns."""
    (where or st).download_button(label, data, on_click="ignore", **options)


def prepared_download(label: str, *, key: str, owner: object, source: object,
                      build: Callable[[Progress], bytes], file_name: str, mime: str,
                      icon: str | None = None, what: str = "file") -> None:
    """A file too large to build while the browser waits: "Prepare" builds it beside the
    page (:class:`ui.jobs.Job`, kept in the person's session) with a progress bar that
    follows it; once built, the download button hands the file over at once.

    ``owner`` is what the file belongs to (the engagement): each owner has its own, so
    switching engagements never offers another's file. ``source`` says what it is built
    from (the data's fingerprint, the options): a file built from another source is not
    offered as current. ``what`` names the file in the messages ("workbook").
    """
    slot = f"{key}.job.{owner}"
    job: Job | None = st.session_state.get(slot)
    if job is not None and job.finished and job.key != source:
        st.caption(f"The {what} prepared earlier is out of date: the engagement or the "
                   "options changed since. Prepare it again.")
        del st.session_state[slot]                  # its bytes are not kept for nothing
        job = None
    if job is None or (job.finished and job.error):
        if job is not None:
            st.error(escape(f"The {what} could not be built: {job.error}"),
                     icon=":material/error:")
        if st.button(f"Prepare the {what}", key=f"{key}.prepare", icon=icon, type="primary"):
            st.session_state[slot] = Job(source, build)
            st.rerun()
        return
    if not job.finished:
        _follow(job, what)
        return
    download_button(label, data=job.result, key=key, file_name=file_name, mime=mime,
                    icon=icon, type="primary")
    size = len(job.result or b"") / 1e6
    st.caption(f"Prepared in {job.seconds:.0f} s ({size:.1f} MB), from the engagement as it "
               "was then.")


def _follow(job: Job, what: str) -> None:
    @st.fragment(run_every=FOLLOW_SECONDS)
    def progress() -> None:
        if job.finished:
            st.rerun()          # the whole page: the button and what follows it
        st.progress(job.share, text=escape(f"{job.step} ({job.share:.0%}, "
                                           f"{job.seconds:.0f} s)"))
        st.caption(f"The {what} is being built beside this page: read or work on meanwhile, "
                   "on this page or another; it waits here once it is ready.")

    progress()
