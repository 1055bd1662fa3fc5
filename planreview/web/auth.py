"""Who may use the web app: a users file with passwords (for the pages) and API tokens (for case
systems and scripts), both stored only as hashes.

The file is YAML, validated like the settings file (unknown keys, wrong types and a damaged
file are refused with ``file:line``, exit 11)::

    users:
      - user: kari
        name: Kari Nordmann
        password: "scrypt:16384:8:1:<salt>:<hash>"   # written by «planreview users add»
    tokens:
      - user: kari                                   # the API acts as this user
        label: Elements
        sha256: "<hash of the token>"                # written by «planreview users token»

Passwords are hashed with scrypt (standard library), tokens with SHA-256 (they are long random
strings); both are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..errors import SettingsError
from ..messages import shown
from ..yamlio import t

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
UserId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9._@-]{1,64}$")]

_SCRYPT = (16384, 8, 1)


class _User(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    user: UserId
    name: Name | None = None
    password: Annotated[str, StringConstraints(pattern=r"^scrypt:\d+:\d+:\d+:[0-9a-f]+:[0-9a-f]+$")]


class _Token(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    user: UserId
    label: Name | None = None
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _UsersFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    users: list[_User] = Field(default_factory=list, max_length=10000)
    tokens: list[_Token] = Field(default_factory=list, max_length=10000)


@dataclass(frozen=True)
class User:
    id: str
    name: str
    """The name shown as who did what (the user id when the file gives none)."""


@dataclass(frozen=True)
class Users:
    """The users and tokens of a users file."""

    path: Path
    passwords: dict[str, str]
    names: dict[str, str]
    tokens: dict[str, str]
    """sha256 of a token → the user it acts as."""

    def user(self, user_id: str) -> User | None:
        if user_id not in self.passwords:
            return None
        return User(user_id, self.names.get(user_id) or user_id)

    def check_password(self, user_id: str, password: str) -> User | None:
        stored = self.passwords.get(user_id)
        if stored is None:
            hash_password(password, salt=b"\0" * 16)  # the same work, so timing does not tell who exists
            return None
        return self.user(user_id) if verify_password(password, stored) else None

    def check_token(self, token: str) -> User | None:
        digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        for known, user_id in self.tokens.items():
            if hmac.compare_digest(known, digest):
                return self.user(user_id) or User(user_id, user_id)
        return None


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    n, r, p = _SCRYPT
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt:{n}:{r}:{p}:{salt.hex()}:{digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split(":")
        got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def load_users(path: Path) -> Users:
    """Read and check a users file. Raises SettingsError (exit 11) naming file:line."""
    from ..render.settings import _validation_message
    from ..yamlio import load_yaml, plain

    tree = load_yaml(path, SettingsError, ("brukarfila", "brukerfilen"))
    data = plain(tree) if tree is not None else {}
    try:
        spec = _UsersFile.model_validate(data)
    except ValidationError as exc:
        allowed = ["users", "tokens", "user", "name", "password", "label", "sha256"]
        raise SettingsError(_validation_message(path, tree, exc, allowed), path=str(path)) from None
    passwords: dict[str, str] = {}
    for u in spec.users:
        if u.user in passwords:
            raise SettingsError(
                t(
                    f"{path}: brukaren «{shown(u.user)}» står to gonger. Ta bort den eine.",
                    f"{path}: brukeren «{shown(u.user)}» står to ganger. Fjern den ene.",
                ),
                path=str(path),
            )
        passwords[u.user] = u.password
    return Users(
        path=path,
        passwords=passwords,
        names={u.user: u.name for u in spec.users if u.name},
        tokens={tok.sha256: tok.user for tok in spec.tokens},
    )


def _dump(data: dict[str, Any]) -> str:
    lines = ["# planreview: brukarar og API-nøklar (berre hashar). Endra med «planreview users add/token»."]
    for section in ("users", "tokens"):
        items = data.get(section) or []
        if not items:
            lines.append(f"{section}: []")
            continue
        lines.append(f"{section}:")
        for item in items:
            first = True
            for key, value in item.items():
                if value is None:
                    continue
                lines.append(f"  {'- ' if first else '  '}{key}: {json.dumps(value, ensure_ascii=False)}")
                first = False
    return "\n".join(lines) + "\n"


def _read_raw(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"users": [], "tokens": []}
    load_users(path)  # refuse to change a file that is not valid
    from ..yamlio import load_yaml, plain

    data = plain(load_yaml(path, SettingsError, ("brukarfila", "brukerfilen"))) or {}
    return {"users": list(data.get("users") or []), "tokens": list(data.get("tokens") or [])}


def _write(path: Path, data: dict[str, Any]) -> None:
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_dump(data))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def add_user(path: Path, user_id: str, password: str, name: str | None = None) -> None:
    """Add a user to the users file (or set a new password for one that is there)."""
    data = _read_raw(path)
    entry = {"user": user_id, "name": name, "password": hash_password(password)}
    users = [u for u in data["users"] if u.get("user") != user_id]
    old = next((u for u in data["users"] if u.get("user") == user_id), None)
    if old is not None and name is None:
        entry["name"] = old.get("name")
    data["users"] = [*users, entry]
    _UsersFile.model_validate(data)
    _write(path, data)


def add_token(path: Path, user_id: str, label: str | None = None) -> str:
    """Make an API token for ``user_id``; returns it (only its hash is stored)."""
    data = _read_raw(path)
    token = "pr_" + secrets.token_urlsafe(32)
    data["tokens"] = [
        *data["tokens"],
        {"user": user_id, "label": label, "sha256": hashlib.sha256(token.encode()).hexdigest()},
    ]
    _UsersFile.model_validate(data)
    _write(path, data)
    return token
