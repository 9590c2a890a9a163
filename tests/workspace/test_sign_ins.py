"""Facilitator sign-ins in the workspace: a one-time hand-over, a token kept only as its hash,
an end that reaches every holder, expiry, and the secret they were made under."""
import workspace
from workspace import sign_ins

TAG = "a" * 16


def test_a_hand_over_code_is_traded_once_for_a_token_that_finds_the_sign_in(fresh_db):
    started = sign_ins.start(fresh_db, TAG, hours=12, now=1000.0)
    token = sign_ins.hand_over(fresh_db, started.code, now=1010.0)
    assert token is not None and token.seconds_left == 12 * 3600 - 10
    assert sign_ins.by_token(fresh_db, token.token, TAG, now=1020.0) == started.sign_in_id
    assert sign_ins.handed_over(fresh_db, started.sign_in_id)
    assert sign_ins.hand_over(fresh_db, started.code, now=1011.0) is None, "used once"


def test_the_workspace_keeps_neither_the_token_nor_the_code(fresh_db, workspace_path):
    started = sign_ins.start(fresh_db, TAG, hours=12)
    token = sign_ins.hand_over(fresh_db, started.code)
    if fresh_db.dialect == "sqlite":
        fresh_db.execute("PRAGMA wal_checkpoint(FULL)")
        stored = workspace_path.read_bytes()
    else:
        stored = repr(fresh_db.rows("SELECT * FROM facilitator_sign_ins")).encode()
    assert token.token.encode() not in stored and started.code.encode() not in stored
    row = fresh_db.execute("SELECT token_hash FROM facilitator_sign_ins").fetchone()
    assert row[0] == workspace.sign_ins.digest(token.token)


def test_a_late_hand_over_code_opens_nothing(fresh_db):
    started = sign_ins.start(fresh_db, TAG, hours=12, now=1000.0)
    assert sign_ins.hand_over(fresh_db, started.code, now=1000.0 + 121) is None


def test_a_sign_in_expires_after_its_hours(fresh_db):
    started = sign_ins.start(fresh_db, TAG, hours=2, now=1000.0)
    token = sign_ins.hand_over(fresh_db, started.code, now=1001.0).token
    assert sign_ins.still_good(fresh_db, started.sign_in_id, TAG, now=1000.0 + 7199)
    assert not sign_ins.still_good(fresh_db, started.sign_in_id, TAG, now=1000.0 + 7201)
    assert sign_ins.by_token(fresh_db, token, TAG, now=1000.0 + 7201) is None


def test_ending_a_sign_in_by_its_token_or_id_ends_it_for_every_holder(fresh_db):
    for by in ("id", "token"):
        started = sign_ins.start(fresh_db, TAG, hours=12)
        token = sign_ins.hand_over(fresh_db, started.code).token
        sign_ins.end(fresh_db, **({"sign_in_id": started.sign_in_id} if by == "id"
                                  else {"token": token}))
        assert sign_ins.by_token(fresh_db, token, TAG) is None, by
        assert not sign_ins.still_good(fresh_db, started.sign_in_id, TAG), by


def test_a_sign_in_made_under_another_secret_is_not_accepted(fresh_db):
    started = sign_ins.start(fresh_db, TAG, hours=12)
    token = sign_ins.hand_over(fresh_db, started.code).token
    assert sign_ins.by_token(fresh_db, token, "b" * 16) is None
    assert not sign_ins.still_good(fresh_db, started.sign_in_id, "b" * 16)


def test_malformed_tokens_and_codes_are_refused_before_any_lookup(fresh_db):
    for bad in ("", "x", "' OR 1=1 --", "a" * 500, None, 42):
        assert sign_ins.by_token(fresh_db, bad, TAG) is None
        assert sign_ins.hand_over(fresh_db, bad) is None


def test_old_rows_are_dropped_when_a_new_sign_in_starts(fresh_db):
    sign_ins.start(fresh_db, TAG, hours=1, now=0.0)
    sign_ins.start(fresh_db, TAG, hours=1, now=3 * 24 * 3600.0)
    kept = [r[0] for r in fresh_db.execute("SELECT created_at FROM facilitator_sign_ins")]
    assert kept == [3 * 24 * 3600.0]
