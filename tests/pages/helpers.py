"""Small helpers for driving pages under AppTest."""
import re

from streamlit.testing.v1 import AppTest


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def plain(markdown: str) -> str:
    """Markdown as a person reads it: backslash escapes removed, and word joiners (U+2060,
    shown as nothing: ``escape_markdown`` puts them in addresses so they stay text) too."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


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


def nodes(at: AppTest):
    """Every element and block on the page, the sidebar included."""
    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)
    for root in (at.main, at.sidebar):
        yield from walk(root)


MARKDOWN_BODIES = {"title", "header", "subheader", "markdown", "caption", "error", "warning",
                   "info", "success", "metric", "toast"}
BLOCKS_WITH_LABELS = {"expandable", "tab"}


def markdown_sources(at: AppTest) -> list[tuple[str, str]]:
    """(where, source) of every string on the page that Streamlit renders as Markdown: bodies
    of text elements and alerts, metric values, every label and help text, the labels of
    expanders and tabs, and the options and captions of radios, select sliders and segmented
    controls (select boxes show their options as plain text)."""
    found = []
    for node in nodes(at):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if kind in BLOCKS_WITH_LABELS and isinstance(getattr(node, "label", None), str):
            found.append((f"{kind} label", node.label))
        if proto is None:
            continue
        if kind in MARKDOWN_BODIES:
            found.append((kind, proto.body))
        for field in ("label", "help"):
            value = getattr(proto, field, None)
            if isinstance(value, str) and value:
                found.append((f"{kind} {field}", value))
        if kind in ("radio", "select_slider"):
            found += [(f"{kind} option", option) for option in proto.options]
        if kind == "radio":
            found += [(f"{kind} caption", caption) for caption in proto.captions]
        if kind == "button_group":
            found += [(f"{kind} option", option.content) for option in proto.options]
    return found


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
