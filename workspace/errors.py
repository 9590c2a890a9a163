"""Errors raised by the workspace; each message names what is wrong and where."""


class WorkspaceError(ValueError):
    """Base class for every expected workspace failure."""


class NotFound(WorkspaceError):
    """An engagement, participant or snapshot does not exist."""


class DuplicateName(WorkspaceError):
    """A name that must be unique is already taken."""


class InvalidInput(WorkspaceError):
    """A value given to the workspace is out of range or malformed."""


class WorkspaceBusy(WorkspaceError):
    """The workspace stayed locked by other writers for longer than the retry bound."""


class SessionUnavailable(NotFound):
    """A code that opens no session right now (the message is the same whatever the cause)."""


class SessionPaused(NotFound):
    """The session behind a code is paused: no one can join or answer until it resumes."""


class SessionClosed(WorkspaceError):
    """A workshop participant's session is closed: their answers can no longer change."""


class RoomFull(WorkspaceError):
    """As many people as the workshop's room size allows have joined."""


class TimeUp(WorkspaceError):
    """The countdown the facilitator set for a workshop session has ended: answers are
    locked until the facilitator stops it or starts another."""


class Conflict(WorkspaceError):
    """A change that a constraint or a trigger of the workspace refused (a duplicate key, a
    missing parent row, an append-only record); workspace functions turn it into one of the
    errors above, with words a person can act on."""
