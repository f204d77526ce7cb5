"""The data key of a client store: random, kept in the OS keyring or wrapped under passwords.

A lost laptop must reveal no citizen's data, so the store and its photos are
encrypted under one random 256-bit data key per store. Where the OS has a keyring
(Windows Credential Manager, macOS Keychain, Secret Service) the key lives there.
Where it has none (headless Linux), the key is wrapped, one *slot* per user, under
a key derived from that user's password with Argon2id; the slots sit in a small
header file next to the store (``<store>.keys``), so the offline login unlocks it.
A plain file holding the key itself would sit next to the data and protect nothing.

The key is kept in memory only (a :class:`DataKey` whose repr hides it) and is
never logged. Within one process an unlocked key is remembered per store, so a
second user of a shared laptop can be given a slot once their login succeeded.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridapp.errors import DomainError, StorageError

KEYRING_SERVICE = "gridapp-store"
HEADER_SUFFIX = ".keys"
KEY_BYTES = 32

# Argon2id per RFC 9106's second recommended option (64 MiB, 3 passes), 2 lanes:
# ~0.2-0.4 s on a laptop, once per login.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 2


@dataclass(frozen=True, repr=False)
class DataKey:
    """A store's 256-bit data key; its subkeys for the database and the photos."""

    secret: bytes

    def __repr__(self) -> str:
        return "DataKey(<hidden>)"

    def _derive(self, purpose: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
            self.secret
        )

    @property
    def database_key(self) -> bytes:
        """The raw SQLCipher key (no KDF cost per connection: it is random already)."""
        return self._derive(b"gridapp store sqlcipher v1")

    @property
    def photo_key(self) -> bytes:
        """The AES-256-GCM key that seals the photo files."""
        return self._derive(b"gridapp store photos v1")


def _no_keyring_possible() -> bool:
    """On Linux every keyring backend (Secret Service, KWallet) talks over the desktop
    session's D-Bus: with no session bus and no backend chosen by hand, none can be
    there. Asking keyring to find out loads every backend, the macOS one included
    (which runs ldconfig and gcc looking for its library): 0.1–0.6 s of a laptop's
    start spent to learn "none"."""
    core = sys.modules.get("keyring.core")
    if core is not None and getattr(core, "_keyring_backend", None) is not None:
        return False  # a backend is chosen already (set in code, or found before)
    if not sys.platform.startswith("linux") or os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return False
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return not (config / "python_keyring" / "keyringrc.cfg").exists()


def os_keyring() -> Any | None:
    """The OS keyring module when a real backend is there, else None."""
    if _no_keyring_possible():
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or "fail" in type(backend).__module__:
        return None
    return keyring


_UNLOCKED: dict[str, DataKey] = {}
_UNLOCKED_GUARD = threading.Lock()


class StoreKeys:
    """Where one store's data key is kept, and how a user's login gets it."""

    def __init__(self, store_path: Path, *, use_keyring: bool = True) -> None:
        self.store_path = Path(store_path)
        self.header_path = self.store_path.with_name(self.store_path.name + HEADER_SUFFIX)
        self.keyring = os_keyring() if use_keyring else None
        self._account = str(self.store_path.resolve())
        self.pending: tuple[str, dict[str, Any]] | None = None  # (username, wrapped key)

    # -- asking for the key -----------------------------------------------------------

    def exists(self) -> bool:
        """A data key was made for this store (in the keyring or in the header file)."""
        return self._from_keyring() is not None or bool(self._slots())

    def needs_new_key(self) -> bool:
        """No key exists yet for this store: the next :meth:`unlock` makes one, and the
        slot it writes is only as good as the password given (check it first)."""
        with _UNLOCKED_GUARD:
            cached = self._account in _UNLOCKED
        return not cached and self._from_keyring() is None and not self._slots()

    def unlock(
        self, username: str, password: str, *, meanwhile: Callable[[], object] | None = None
    ) -> DataKey:
        """The store's key for this login, made on first use.

        ``meanwhile`` runs on this thread while a slot's key is derived on another
        (``_kek_beside``): a returning user's start imports the sync client in that time.

        A user with no slot yet gets the key this process already unlocked (another
        user's login on this laptop); their slot is written by :meth:`confirm_login`
        once their login has succeeded (wrapped now, so the password is not kept).
        Raises DomainError ``bad_credentials`` for a slot the password does not open,
        ``store_locked`` when no slot, keyring or unlocked key can give it.
        """
        key = self._from_keyring()
        if key is not None:
            return self._remember(key)
        slots = self._slots()
        slot = slots.get(username)
        if slot is not None:
            return self._remember(_unwrap(slot, username, password, meanwhile))
        with _UNLOCKED_GUARD:
            cached = _UNLOCKED.get(self._account)
        if cached is not None:
            self.pending = (username, _wrap(cached, username, password))
            return cached
        if slots:
            raise DomainError(
                "store_locked",
                "本机数据已加密，而该用户从未在本机登录过：请先由曾在本机登录的用户登录一次，"
                "再切换到该用户",
            )
        if _encrypted_file(self.store_path):
            raise StorageError(
                "store_key_lost",
                "本机数据库已加密，但其密钥已丢失（密钥文件或系统钥匙串条目被删除），无法解锁",
            )
        key = DataKey(secrets.token_bytes(KEY_BYTES))
        self._keep(key, username, password)
        return self._remember(key)

    def confirm_login(self, username: str) -> None:
        """The login of ``username`` succeeded: write the slot :meth:`unlock` prepared."""
        if self.pending is None or self.pending[0] != username:
            return
        slots = self._slots()
        slots[username] = self.pending[1]
        self._write_slots(slots)
        self.pending = None

    def rewrap(self, username: str, old_password: str, new_password: str) -> None:
        """A password change: the user's slot is wrapped again under the new password."""
        slots = self._slots()
        slot = slots.get(username)
        if slot is None:
            return  # keyring-held key: nothing depends on the password
        key = _unwrap(slot, username, old_password)
        slots[username] = _wrap(key, username, new_password)
        self._write_slots(slots)

    def forget_process_cache(self) -> None:
        """Forget the key this process unlocked for the store (as a restart would)."""
        with _UNLOCKED_GUARD:
            _UNLOCKED.pop(self._account, None)

    def forget(self) -> None:
        """Drop the key everywhere (the store is deleted with it; tests and resets)."""
        if self.keyring is not None:
            with contextlib.suppress(Exception):
                self.keyring.delete_password(KEYRING_SERVICE, self._account)
        self.header_path.unlink(missing_ok=True)
        with _UNLOCKED_GUARD:
            _UNLOCKED.pop(self._account, None)

    # -- keeping it -----------------------------------------------------------------

    def _keep(self, key: DataKey, username: str, password: str) -> None:
        if self.keyring is not None:
            with contextlib.suppress(Exception):  # a locked or broken keyring: use a slot
                self.keyring.set_password(KEYRING_SERVICE, self._account, key.secret.hex())
            if self._from_keyring() == key:
                return
        self._write_slots({username: _wrap(key, username, password)})

    def _from_keyring(self) -> DataKey | None:
        if self.keyring is None:
            return None
        try:
            text = self.keyring.get_password(KEYRING_SERVICE, self._account)
        except Exception:
            return None
        if not text:
            return None
        try:
            secret = bytes.fromhex(text)
        except ValueError:
            return None
        return DataKey(secret) if len(secret) == KEY_BYTES else None

    def _remember(self, key: DataKey) -> DataKey:
        with _UNLOCKED_GUARD:
            _UNLOCKED[self._account] = key
        return key

    def _slots(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.header_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise StorageError("store_key_unreadable", "本机数据密钥文件损坏，无法解锁") from exc
        slots = data.get("slots") if isinstance(data, dict) else None
        if not isinstance(slots, dict):
            raise StorageError("store_key_unreadable", "本机数据密钥文件损坏，无法解锁")
        return slots

    def _write_slots(self, slots: dict[str, dict[str, Any]]) -> None:
        """Atomically (temp file, fsync, rename), readable by this user only."""
        folder = self.header_path.parent
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": 1, "slots": slots}, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".keys-")
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.header_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _encrypted_file(path: Path) -> bool:
    from gridapp.store.sqlcipher import is_plain_sqlite

    return path.is_file() and path.stat().st_size > 0 and not is_plain_sqlite(path)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def _kek(password: str, salt: bytes, time_cost: int, memory_kib: int, lanes: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=lanes,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _kek_beside(
    meanwhile: Callable[[], object] | None,
    password: str,
    salt: bytes,
    time_cost: int,
    memory_kib: int,
    lanes: int,
) -> bytes:
    """``_kek``, with ``meanwhile`` run on this thread while Argon2 works on another.

    Argon2 does not hold the interpreter (a few tenths of a second on a laptop), so
    the two overlap. Argon2's module is imported here first: the other thread then
    imports nothing, and two threads importing at once can never wait on each other.
    """
    if meanwhile is None:
        return _kek(password, salt, time_cost, memory_kib, lanes)
    from argon2.low_level import hash_secret_raw  # noqa: F401 (before the thread starts)

    with ThreadPoolExecutor(1, thread_name_prefix="store-key") as pool:
        deriving = pool.submit(_kek, password, salt, time_cost, memory_kib, lanes)
        meanwhile()
        return deriving.result()


def _aad(username: str) -> bytes:
    return b"gridapp store key slot v1|" + username.encode("utf-8")


def _wrap(key: DataKey, username: str, password: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = _kek(password, salt, ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM)
    return {
        "kdf": "argon2id",
        "salt": _b64(salt),
        "t": ARGON2_TIME_COST,
        "m": ARGON2_MEMORY_KIB,
        "p": ARGON2_PARALLELISM,
        "nonce": _b64(nonce),
        "wrapped": _b64(AESGCM(kek).encrypt(nonce, key.secret, _aad(username))),
    }


def _unwrap(
    slot: dict[str, Any],
    username: str,
    password: str,
    meanwhile: Callable[[], object] | None = None,
) -> DataKey:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        salt, nonce, wrapped = (_unb64(slot[k]) for k in ("salt", "nonce", "wrapped"))
        t, m, p = (int(slot[k]) for k in ("t", "m", "p"))
        if slot.get("kdf") != "argon2id" or not (1 <= t <= 20 and 8 * p <= m <= 4 << 20):
            raise ValueError("unsupported key slot parameters")
    except (KeyError, TypeError, ValueError) as exc:
        raise StorageError("store_key_unreadable", "本机数据密钥文件损坏，无法解锁") from exc
    kek = _kek_beside(meanwhile, password, salt, t, m, p)
    try:
        secret = AESGCM(kek).decrypt(nonce, wrapped, _aad(username))
    except InvalidTag:
        raise DomainError("bad_credentials", "用户名或密码错误") from None
    return DataKey(secret)
