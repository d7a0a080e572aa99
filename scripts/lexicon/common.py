"""Shared helpers of the lexicon converter: folding, slugs, sorted CSV for `fst map`."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

# --- Folding --------------------------------------------------------------------------------


def fold(text: str) -> str:
    """The key form of every name and word: Unicode NFC, then full case folding.

    "Straße" and "STRASSE" both fold to "strasse". The Rust side folds the same way.
    """
    return unicodedata.normalize("NFC", text).casefold()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def lowercase_fold(text: str) -> str:
    """Lower case per char (what `char::to_lowercase` gives), for the clash check only: the
    current Rust loader folds names this way, so a clash under either folding is a clash."""
    return "".join(c.lower() for c in unicodedata.normalize("NFC", text))


def byte_key(key: str) -> bytes:
    return key.encode("utf-8")


# --- Slugs ----------------------------------------------------------------------------------

_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_EXTRA = {
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th",
    "ħ": "h", "ŀ": "l", "ŧ": "t", "ʻ": "", "ʼ": "", "ə": "e",
}


def slug(name: str) -> str:
    """Lower-case ASCII words joined by '-': ä→ae ö→oe ü→ue ß→ss, other accents dropped from
    their letter ("Córdoba" → "cordoba"), letters without an ASCII form dropped, every other
    character a word break. The result is a fixed point of the Rust `slug()`."""
    out: list[str] = []
    pending = False
    for c in name.lower():
        if c in _GERMAN:
            piece = _GERMAN[c]
        elif c in _EXTRA:
            piece = _EXTRA[c]
        elif c.isascii():
            piece = c if c.isalnum() else None
        else:
            base = "".join(
                b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b)
            )
            if base.isascii() and base.isalnum():
                piece = base.lower()
            elif c.isalnum() or unicodedata.combining(c):
                piece = ""  # a letter with no ASCII form: dropped, no word break
            else:
                piece = None
        if piece is None:
            pending = True
            continue
        if piece == "":
            continue
        if pending and out:
            out.append("-")
        pending = False
        out.append(piece)
    return "".join(out)


# --- CSV for `fst map` ----------------------------------------------------------------------


def write_fst_csv(path: str, items: dict[str, int]) -> int:
    """Writes KEY,VALUE rows sorted bytewise (UTF-8), as `fst map --sorted` wants them."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for key in sorted(items, key=byte_key):
        if not key:
            raise ValueError("empty key")
        writer.writerow([key, items[key]])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return len(items)


# --- Text ----------------------------------------------------------------------------------


WS = re.compile(r"\s+")


def clean_space(text: str) -> str:
    return WS.sub(" ", text.replace("\u00a0", " ")).strip()
