"""The app's page scripts (thin: read state, call domain functions, draw); what several of
them share lives in ``ui``.

Kept light on purpose: ``app.py`` imports this before anything heavy so that the menu is on
screen at once on a cold start.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_legacy_navigation(restart: bool = True) -> None:
    """Run this app with ``st.navigation`` even on the very first run of a cold server.

    A ``pages/`` folder beside ``app.py`` makes Streamlit start in its legacy mode, where the
    first run lists every file in the folder as a page and runs a deep-linked page without
    ``app.py``. ``st.navigation`` switches that mode off, but only after that first run; so the
    entry point and every page call this first. A page run in legacy mode restarts at once in
    the normal one (the same page, now through ``app.py``); the entry point itself needs no
    restart (``restart=False``): its own ``st.navigation`` replaces the legacy menu.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if restart:
            st.rerun()
