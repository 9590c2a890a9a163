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
                 'toolbarMode = "viewer"', 'showErrorDetails = "none"', "enableCORS = true",
                 "enableXsrfProtection = true"):
        assert line in config, line


def test_the_workshop_settings_are_documented():
    for name in ("SOCIALREADY_FACILITATOR_SECRET", "SOCIALREADY_FACILITATOR_SECRET_HASH",
                 "SOCIALREADY_PUBLIC_URL", "SOCIALREADY_SIGN_IN_HOURS",
                 "python -m workshops.secret"):
        assert name in README, name


def test_the_security_settings_are_documented():
    for name in ("SOCIALREADY_TRUSTED_PROXY_HEADER", "SOCIALREADY_TRUSTED_PROXY_HOPS"):
        assert f"| `{name}=" in README or f"`{name}=" in README, name


def test_the_readme_states_the_limits_the_code_applies():
    """Every figure of "Security and limits" comes from the constants the app uses."""
    from workshops import ALPHABET, CODE_LENGTH, secret, throttle
    from workspace import participation, sessions

    section = README.split("## Security and limits", 1)[1].split("\n## ", 1)[0]
    section = " ".join(section.split())
    codes, everyone = throttle.CODES_PER_ADDRESS, throttle.CODES_EVERYONE
    per_hour = everyone.free * 3600 / everyone.window
    space = len(ALPHABET) ** CODE_LENGTH
    years = space / per_hour / (24 * 365)
    secrets_per_hour = throttle.SECRETS_EVERYONE.free * 3600 / throttle.SECRETS_EVERYONE.window
    for phrase in [
        f"From one address: {codes.free} an hour, then a wait of {codes.first_wait:.0f} seconds",
        f"up to {codes.longest / 60:.0f} minutes",
        f"From everyone together: {everyone.free} in {everyone.window / 60:.0f} minutes, then "
        f"nobody may try a code for {everyone.longest / 60:.0f} minutes",
        f"at most {per_hour:.0f} wrong codes an hour",
        f"trying all {space:,} codes would take about {years:.0f} years",
        f"finding one given code {years / 2:.0f} years on average",
        f"8-hour workshop is {8 * per_hour / space:.4%}",
        f"From one address: {throttle.SECRETS_PER_ADDRESS.free} an hour, then "
        f"{throttle.SECRETS_PER_ADDRESS.first_wait:.0f} seconds doubling up to "
        f"{throttle.SECRETS_PER_ADDRESS.longest / 60:.0f} minutes",
        f"from everyone together: {throttle.SECRETS_EVERYONE.free} in "
        f"{throttle.SECRETS_EVERYONE.window / 60:.0f} minutes",
        f"at most {throttle.JOINS_PER_ADDRESS.free} people joining from one address in "
        f"{throttle.JOINS_PER_ADDRESS.window / 60:.0f} minutes",
        f"Each comment or evidence note at most {participation.NOTE_MAX:,} characters",
        f"A plain secret needs at least {secret.MIN_LENGTH} characters, "
        f"{secret.MIN_DIFFERENT} of them different",
        f"a guesser gets at most {secrets_per_hour:.0f} tries an hour",
        f"at most {participation.PERSON_TEXT_MAX:,} characters per participant",
    ]:
        assert phrase in section, phrase
    assert (f"{sessions.ROOM_SIZE} unless you say otherwise, up to {sessions.ROOM_SIZE_MAX:,}"
            in " ".join(README.split()))


def test_the_readme_states_how_many_items_ahp_weighs():
    from vendors.weighting import MAX_ITEMS

    assert f"AHP weighs at most {MAX_ITEMS} items per level" in " ".join(README.split())


def test_every_proof_the_threat_model_names_exists():
    """docs/security.md names a test for each protection: each file and test is real."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", text)
    assert len(named) >= 20
    for path, test in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        if test:
            assert f"def {test}(" in source, f"{path}::{test}"


def test_the_readme_states_the_pulse_rules_and_limits_the_code_applies():
    from assessments import anonymity, pulse as analysis
    from datafiles import invitees
    from outcomes import pulse as results
    from workshops import throttle
    from workspace import pulse, respondents

    text = " ".join(README.split())
    starts = throttle.PULSE_STARTS_PER_ADDRESS
    low, high = anonymity.MINIMUM_RANGE
    for phrase in [
        f"at most {starts.free} people may start a survey through its open link in "
        f"{starts.window / 60:.0f} minutes, then {starts.longest / 60:.0f} minutes' wait",
        f"A campaign takes at most {pulse.RESPONDENTS:,} respondents unless you raise it (up to "
        f"{pulse.RESPONDENTS_MAX:,}) and at most {respondents.INVITEES_MAX:,} invitees",
        f"each comment at most {respondents.COMMENT_MAX:,} characters, all of one "
        f"respondent's at most {respondents.RESPONDENT_TEXT_MAX:,}",
        f"the minimum group size for scores ({anonymity.DEFAULT_MINIMUM}, from {low} to "
        f"{high}) and for comments ({pulse.DEFAULT_COMMENT_MINIMUM}, from "
        f"{pulse.COMMENT_MINIMUM_RANGE[0]} to {pulse.COMMENT_MINIMUM_RANGE[1]})",
        f"only with {analysis.DRIVER_MINIMUM} or more people who answered both",
        f"under {results.LOW_RATE:.0%} is flagged",
        f"at most {invitees.MAX_BYTES // 1_000_000} MB and {invitees.MAX_ROWS:,} people",
    ]:
        assert phrase in text, phrase
