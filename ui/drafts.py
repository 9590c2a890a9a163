"""Typed input that is never lost without a word: a form's unsaved values kept as a draft.

A form's fields are widgets outside ``st.form``, so the server hears every change. Each change
is copied at once into a draft kept in the session, which outlives the widgets (Streamlit
forgets a widget's value when its page is left, or when the form shows another record):
coming back, the fields show the draft again, and the page says that there are unsaved
changes, with Save and Discard next to each other. Only what differs from the saved values is
a draft; saving or discarding forgets it.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from ui import access

_STORE = "drafts"


def store() -> dict:
    """Every unsaved draft of this browser session, by what it belongs to."""
    return st.session_state.setdefault(_STORE, {})


class Draft:
    """The draft of one form (fields keyed ``prefix + field``) for one record.

    ``record`` names what the form edits (an engagement id, a vendor id, or None for a form
    that creates something); ``saved`` holds each field's saved (or empty) value.
    """

    def __init__(self, prefix: str, record: Any, saved: dict[str, Any]):
        self.prefix, self.record, self.saved = prefix, record, saved

    def key(self, field: str) -> str:
        """The widget key of ``field``."""
        return self.prefix + field

    @property
    def _id(self) -> str:
        return f"{self.prefix}#{self.record}"

    def _typed(self) -> dict[str, Any]:
        return store().get(self._id, {})

    def prepare(self) -> None:
        """Fill the fields (before they are drawn) with the draft, or else the saved values,
        whenever the widgets are new: the page was left, or the form shows another record."""
        state = st.session_state
        holder = f"{self.prefix}#record"
        if state.get(holder) != self.record or any(self.key(f) not in state
                                                    for f in self.saved):
            typed = self._typed()
            for field, value in self.saved.items():
                state[self.key(field)] = typed.get(field, value)
            state[holder] = self.record

    def field(self, widget, label: str, field: str, **options):
        """Draw ``widget`` (``st.text_input``, ``column.selectbox``…) for ``field``: its
        changes go into the draft as they are made."""
        return widget(label, key=self.key(field),
                      on_change=access.guarded(self.remember), args=(field,),
                      **options)

    def remember(self, field: str) -> None:
        """Callback (``on_change``): keep what was just typed in ``field``."""
        kept = store()
        typed = dict(kept.get(self._id, {}))
        value = st.session_state.get(self.key(field))
        if value == self.saved[field]:
            typed.pop(field, None)
        else:
            typed[field] = value
        if typed:
            kept[self._id] = typed
        else:
            kept.pop(self._id, None)

    def has_draft(self) -> bool:
        """Whether anything typed for this record waits to be saved or discarded."""
        return bool(self.unsaved())

    def unsaved(self) -> list[str]:
        """The fields whose typed value differs from the saved one."""
        return [field for field, value in self._typed().items()
                if field in self.saved and value != self.saved[field]]

    def values(self) -> dict[str, Any]:
        """What the fields hold now."""
        return {field: st.session_state.get(self.key(field), value)
                for field, value in self.saved.items()}

    def forget(self) -> None:
        """Drop the draft; the fields show the saved values on the next run (callback-safe)."""
        store().pop(self._id, None)
        st.session_state.pop(f"{self.prefix}#record", None)
        for field in self.saved:
            st.session_state.pop(self.key(field), None)

    def others(self) -> list[Any]:
        """The other records of this form that have a draft."""
        mine = f"{self.prefix}#"
        return [key[len(mine):] for key, typed in st.session_state.get(_STORE, {}).items()
                if key.startswith(mine) and key != self._id and typed]

    def notice(self, what: str) -> bool:
        """Say that ``what`` has unsaved changes, with a Discard button; True if it has.

        The form's own Save button stays next to it.
        """
        from ui.common import escape_markdown

        if not self.unsaved():
            return False
        st.warning(escape_markdown(f"Unsaved changes to {what}: they stay here until you "
                                   "save or discard them."), icon=":material/edit_note:")
        st.button("Discard changes", key=f"{self.prefix}discard",
                  on_click=access.guarded(self.forget),
                  icon=":material/undo:")
        return True
