"""Read and draw Vietnam's personal health QR code (Decision 1405/QĐ-BTTTT).

    import qr1405
    reader = qr1405.Reader(open("trust-list.json", "rb").read(), open("root.pub").read())
    reading = reader.read(scanned_text)          # or reader.read_image(png_bytes)
    if isinstance(reading, qr1405.Accept):
        print(reading.fields["full_name"], reading.signature.verdict)
    else:
        print([reason.code for reason in reading.reasons])

The rules are those of ``docs/reader.md``; the reading is exactly what the Rust crate
``qr1405-reader`` returns (``reading.json`` is its JSON, byte for byte, written when first
asked for).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

from . import _native

__all__ = [
    "Accept",
    "Green",
    "Reader",
    "Reason",
    "Refuse",
    "Signature",
    "display_codes",
    "read",
    "render_png",
    "render_svg",
]
__version__ = _native.__version__

Clock = Union[None, int, _dt.datetime]


@dataclass(frozen=True)
class Reason:
    """One problem with a scanned code, under a stable code (``docs/reader.md``)."""

    code: str
    message: str
    field: Optional[str] = None
    position: Optional[int] = None


@dataclass(frozen=True)
class Signature:
    """The signature's verdict: ``valid`` (with the issuer), ``unsigned``, ``not-checked``
    (no trust list) or ``not-applicable`` (an ID card)."""

    verdict: str
    issuer_id: Optional[str] = None
    issuer_name: Optional[str] = None
    key_id: Optional[str] = None
    signed_at: Optional[str] = None


@dataclass(frozen=True)
class Green:
    """The green-card claim the code carries, judged at the reader's clock."""

    status: str
    rules: str
    valid_until: Optional[str]
    passes: bool
    scope: Optional[str] = None


class _LazyJson:
    """The ``json`` of a reading made by a :class:`Reader`: the native module builds the object
    directly from the Rust reading, which it keeps as ``_reading``, and the JSON is written the
    first time it is asked for. A reading made with ``json=`` holds it from the start."""

    __slots__ = ()

    def __getattr__(self, name: str):
        if name == "json":
            reading = self.__dict__.get("_reading")
            if reading is not None:
                text = reading.json()
                object.__setattr__(self, "json", text)
                return text
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self):
        # A copy or a pickle holds the JSON, not the native reading.
        state = dict(self.__dict__)
        reading = state.pop("_reading", None)
        if reading is not None and "json" not in state:
            state["json"] = reading.json()
        return state


@dataclass(frozen=True)
class Accept(_LazyJson):
    """A code the reader accepts: whose it is, and what it carries."""

    kind: str
    display_form: Optional[str]
    fields: Dict[str, str]
    signature: Signature
    green: Optional[Green]
    warnings: List[Reason]
    text: str
    json: str = field(repr=False, compare=False)

    accepted = True


@dataclass(frozen=True)
class Refuse(_LazyJson):
    """A code the reader refuses, with every reason."""

    kind: str
    reasons: List[Reason]
    json: str = field(repr=False, compare=False)

    accepted = False

    @property
    def codes(self) -> List[str]:
        """The reasons' stable codes."""
        return [reason.code for reason in self.reasons]


def _bytes(value: Union[bytes, bytearray, memoryview, str], name: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{name} is bytes or str, not {type(value).__name__}")


class Reader:
    """A reader: a signed trust list checked against its root key (or none), and a policy.

    Without ``trust_list`` and ``root_public_key`` signatures are not checked
    (``not-checked``). The policy's defaults are those of ``docs/reader.md``.
    """

    def __init__(
        self,
        trust_list: Union[None, bytes, str] = None,
        root_public_key: Optional[str] = None,
        *,
        accept_unsigned: bool = True,
        accept_citizen_card: bool = True,
        require_green: bool = False,
    ) -> None:
        trust = None if trust_list is None else _bytes(trust_list, "trust_list")
        self._native = _native.NativeReader(
            trust, root_public_key, accept_unsigned, accept_citizen_card, require_green
        )

    def read(self, text: Union[bytes, str], at: Clock = None) -> Union[Accept, Refuse]:
        """Reads a scanned text (any bytes) at ``at`` (default: now)."""
        return self._native.read(text, at)

    def read_image(self, image: bytes, at: Clock = None) -> Union[Accept, Refuse]:
        """Reads the first code in a picture (PNG, JPEG, WebP, BMP or GIF) at ``at``."""
        return self._native.read_image(image, at)


def read(
    text: Union[bytes, str],
    trust_list: Union[None, bytes, str] = None,
    root_public_key: Optional[str] = None,
    at: Clock = None,
) -> Union[Accept, Refuse]:
    """Reads one scanned text with a reader made for it (see :class:`Reader`)."""
    return Reader(trust_list, root_public_key).read(text, at)


def display_codes(record: Union[dict, str]) -> Tuple[str, str]:
    """The full and masked codes of a person's record (a dict, or its JSON)."""
    text = record if isinstance(record, str) else _json.dumps(record, ensure_ascii=False)
    return _native.display_codes(text)


def render_png(
    text: str, module_px: Optional[int] = None, size_mm: Optional[float] = None, dpi: int = 300
) -> bytes:
    """A code drawn as PNG: ``module_px`` pixels a module, or ``size_mm`` a side at ``dpi``."""
    return _native.render_png(text, module_px, size_mm, dpi)


def render_svg(
    text: str, module_px: Optional[int] = None, size_mm: Optional[float] = None, dpi: int = 300
) -> str:
    """A code drawn as SVG; see :func:`render_png`."""
    return _native.render_svg(text, module_px, size_mm, dpi)
