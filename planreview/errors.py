"""Exit codes and the exceptions that carry them.

Every failure a user can cause has its own exception class, a message that names the
file and says what to do, and its own exit code. The CLI turns them into one line on
stderr; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes (documented in the README)."""

    OK = 0
    """Everything went well."""
    USAGE = 2
    """Wrong options or arguments (click's own code)."""
    NOT_FOUND = 3
    """An input file or folder does not exist."""
    UNSUPPORTED = 4
    """The file type is not one planreview reads."""
    CORRUPT = 5
    """The file is damaged or not what its extension says."""
    ENCRYPTED = 6
    """The PDF is password protected."""
    EMPTY = 7
    """The document has no text at all."""
    ENCODING = 8
    """A text file is not UTF-8 and its encoding could not be detected."""
    CHECKLIST = 9
    """A checklist YAML file is invalid."""
    TEMPLATE = 10
    """A custom letter or report template is invalid."""
    SETTINGS = 11
    """A settings (letter config) file is invalid."""
    OVERRIDES = 12
    """An overrides file is invalid."""
    OUTPUT = 13
    """The output could not be written."""
    BATCH_FAILURES = 14
    """A batch finished, but one or more plans could not be reviewed."""
    LABELS = 15
    """A labels file for ``evaluate`` is invalid."""
    LIMIT = 16
    """The plan exceeds a limit (size, pages, page size, unpacked size, time, memory)."""
    INTERNAL = 70
    """A bug in planreview: please report it with ``--debug`` output."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C."""


class PlanreviewError(Exception):
    """Base class: a message for the user and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class UsageProblem(PlanreviewError):
    """Options that do not go together (exit 2, one line, unlike click's usage text)."""

    exit_code = ExitCode.USAGE


class InputNotFound(PlanreviewError):
    exit_code = ExitCode.NOT_FOUND


class UnsupportedFormat(PlanreviewError):
    exit_code = ExitCode.UNSUPPORTED


class CorruptDocument(PlanreviewError):
    exit_code = ExitCode.CORRUPT


class EncryptedDocument(PlanreviewError):
    exit_code = ExitCode.ENCRYPTED


class EmptyDocument(PlanreviewError):
    exit_code = ExitCode.EMPTY


class GarbledDocument(EmptyDocument):
    """The text layer is mostly not language (a font without a usable map to Unicode)."""


class EncodingProblem(PlanreviewError):
    exit_code = ExitCode.ENCODING


class ChecklistError(PlanreviewError):
    exit_code = ExitCode.CHECKLIST


class TemplateProblem(PlanreviewError):
    exit_code = ExitCode.TEMPLATE


class SettingsError(PlanreviewError):
    exit_code = ExitCode.SETTINGS


class OverridesError(PlanreviewError):
    exit_code = ExitCode.OVERRIDES


class OutputError(PlanreviewError):
    exit_code = ExitCode.OUTPUT


class LabelsError(PlanreviewError):
    exit_code = ExitCode.LABELS


class LimitExceeded(PlanreviewError):
    """A plan exceeds one of the limits in ``planreview.limits``; the message names it and its variable."""

    exit_code = ExitCode.LIMIT
