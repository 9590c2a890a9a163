"""Small helpers for driving pages under AppTest."""
import re

from streamlit.testing.v1 import AppTest


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def plain(markdown: str) -> str:
    """Markdown as a person reads it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at: AppTest) -> list[str]:
    """The error messages on the page, as a person reads them."""
    return [plain(e.value) for e in at.error]


def texts(at: AppTest) -> str:
    """Everything a person would read on the page, as one string."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "text",
                                  "error", "success", "info", "warning")
             for e in getattr(at, kind)]
    return plain("\n".join(str(p) for p in parts))


def open_page(at: AppTest, page: str) -> AppTest:
    """Run the app once (AppTest needs it) and go to ``page``."""
    at.run()
    at.switch_page(page).run()
    no_exceptions(at)
    return at


def edit_grid(at: AppTest, key: str, edited_rows: dict) -> AppTest:
    """Edit the ``st.data_editor`` with this key as a browser does, and run.

    The browser sends every edit since the grid was drawn (``{row position: {column:
    value}}``), and the grid's ``on_change`` callback runs. (Setting the key in
    ``at.session_state`` changes the value but runs no callback.)
    """
    import json

    from streamlit.proto.WidgetStates_pb2 import WidgetState

    [editor] = [e for e in at.data_editor if e.key == key]
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(
        {"edited_rows": {str(row): cells for row, cells in edited_rows.items()},
         "added_rows": [], "deleted_rows": []})))
    at._run(states)
    no_exceptions(at)
    return at
