"""Layering rules from DESIGN.md, checked over every module so they cannot drift."""
import re

import pytest

from tests.conftest import ROOT

# The app's own Streamlit code: the entry point, the page scripts and what they share (ui/).
STREAMLIT_CODE = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
DOMAIN = ["assessments", "datafiles", "outcomes", "reports", "vendors", "workshops", "workspace"]


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_packages_never_import_streamlit(package):
    for path in (ROOT / package).rglob("*.py"):
        assert not re.search(r"^\s*(import|from) streamlit", path.read_text(), re.M), path


def test_pages_hold_only_page_scripts():
    """pages/ is for page scripts (each in the menu of app.py); what several pages share
    lives in ui/."""
    app = (ROOT / "app.py").read_text()
    listed = set(re.findall(r'"pages/(\w+)\.py"', app))
    scripts = {p.stem for p in (ROOT / "pages").glob("*.py")} - {"__init__"}
    assert scripts == listed, scripts ^ listed


def test_pages_never_run_sql():
    for path in STREAMLIT_CODE:
        text = path.read_text()
        assert not re.search(r"^\s*(import sqlite3|import sqlite_utils|from sqlite_utils)",
                             text, re.M), path
        assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\s", text), path


DRIVERS = re.compile(r"^\s*(import|from)\s+(sqlite3|sqlite_utils|sqlalchemy|psycopg)\b", re.M)


def test_only_the_storage_layer_knows_a_database_driver():
    """workspace/store.py is the one module that imports SQLite, SQLAlchemy or psycopg;
    the rest of the app reaches the database through it (bench/ reads files to measure)."""
    importing = {path.relative_to(ROOT).as_posix()
                 for folder in ("workspace", "outcomes", "reports", "assessments", "vendors",
                                "workshops", "ui", "pages", "datafiles")
                 for path in (ROOT / folder).rglob("*.py") if DRIVERS.search(path.read_text())}
    importing |= {name for name in ("app.py", "serve.py", "dev.py")
                  if DRIVERS.search((ROOT / name).read_text())}
    assert importing == {"workspace/store.py"}


def test_no_unsafe_html_in_pages():
    for path in STREAMLIT_CODE:
        text = path.read_text()
        assert "unsafe_allow_html=True" not in text and "st.html(" not in text, path


def test_domain_packages_follow_the_one_way_data_flow():
    """bank / catalog -> workspace -> results (assessments, vendors) -> reports -> pages."""
    forbidden = {"assessments": ("reports", "workspace", "pages", "ui"),
                 "vendors": ("reports", "workspace", "pages", "ui"),
                 "reports": ("workspace", "outcomes", "pages", "ui"),
                 "outcomes": ("pages", "ui"),
                 "workspace": ("outcomes", "reports", "pages", "ui"),
                 "workshops": ("workspace", "reports", "pages", "ui"),
                 "datafiles": ("assessments", "vendors", "reports", "workspace", "pages", "ui")}
    for package, banned in forbidden.items():
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text()
            for other in banned:
                assert not re.search(rf"^\s*(import|from) {other}\b", text, re.M), (path, other)


# The modules that put a script or a style sheet of their own in the page: scroll to a new
# section, trade the sign-in hand-over code for the cookie (or clear it), and the presenter
# view's large type (a style sheet, no script).
SCRIPTED = {"scroll.py": ("js", "_SCRIPT"), "sign_in_cookie.py": ("js", "_SCRIPT"),
            "presenter_style.py": ("css", "_CSS"), "focus_style.py": ("css", "_CSS")}


def test_the_only_scripts_a_page_runs_are_fixed_text():
    """Pages run scripts (or style sheets) of their own only from the modules in SCRIPTED,
    and each is a constant: no user or bank text can ever become code or style."""
    import ast

    for path in STREAMLIT_CODE:
        if "components." in path.read_text():
            assert path.name in SCRIPTED, path
    for name, (argument, constant) in SCRIPTED.items():
        tree = ast.parse((ROOT / "ui" / name).read_text())
        [script] = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    and any(getattr(t, "id", "") == constant for t in node.targets)]
        assert isinstance(script, ast.Constant) and isinstance(script.value, str), name
        [call] = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                  and getattr(node.func, "attr", "") == "component"]
        assert [(k.arg, getattr(k.value, "id", None)) for k in call.keywords if k.arg in
                ("html", "css", "js")] == [(argument, constant)], name
