"""The README stays true: every page, bank and setting it should mention is there."""
import re

from assessments import available_banks
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
APP = (ROOT / "app.py").read_text(encoding="utf-8")


def test_every_page_in_the_navigation_is_in_the_readme():
    titles = set(re.findall(r'_page\("pages/\w+\.py", "([^"]+)"', APP))
    assert len(titles) >= 15
    for title in titles:
        assert f"| {title} |" in README, title


def test_every_bank_is_in_the_readme():
    for name in available_banks():
        assert f"`{name}`" in README, name


def test_the_two_commands_and_the_workspace_variable_are_documented():
    assert "python3 dev.py run" in README and "python3 dev.py test" in README
    assert "SOCIALREADY_WORKSPACE" in README
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text()


def test_streamlit_config_keeps_the_safe_defaults():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    for line in ('address = "127.0.0.1"', "gatherUsageStats = false",
                 'toolbarMode = "viewer"', 'showErrorDetails = "none"'):
        assert line in config, line


def test_the_workshop_settings_are_documented():
    for name in ("SOCIALREADY_FACILITATOR_SECRET", "SOCIALREADY_FACILITATOR_SECRET_HASH",
                 "SOCIALREADY_PUBLIC_URL", "python -m workshops.secret"):
        assert name in README, name
