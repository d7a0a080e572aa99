//! From a file's bytes to the text all offsets count: decoding (UTF-8, or UTF-16 announced by a
//! byte-order mark), then the stored form (NFC, `\n` line breaks, no character XML cannot carry).
//!
//! What is no text (NUL bytes, a PNG, invalid UTF-8) is refused with the reason and the byte
//! offset; the caller names the file.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::text::bytes::ascii_len;

/// Byte-order marks and what they announce. A UTF-8 mark is dropped; UTF-16 is decoded. Offsets
/// always refer to the decoded text, without the mark.
const BYTE_ORDER_MARKS: &[(&[u8], Encoding)] = &[
    (b"\xEF\xBB\xBF", Encoding::Utf8),
    (b"\xFF\xFE", Encoding::Utf16Le),
    (b"\xFE\xFF", Encoding::Utf16Be),
];

/// Starts of file formats that are surely no article, to say what a binary file is.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// The text of a file's bytes, or why they are no text. UTF-8 (with or without a byte-order
/// mark), or UTF-16 when a UTF-16 byte-order mark says so; a file without a mark must be UTF-8,
/// as guessing an encoding would read garbage as text. Offsets in the messages count bytes of
/// the file.
pub(super) fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some((_, format)) = BINARY_SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Err(format!("binary data ({format}), not text"));
    }
    let (bom, encoding) = BYTE_ORDER_MARKS
        .iter()
        .find(|(mark, _)| bytes.starts_with(mark))
        .map_or((0, Encoding::Utf8), |(mark, encoding)| (mark.len(), *encoding));
    let body = &bytes[bom..];
    let text = match encoding {
        Encoding::Utf8 => {
            if let Some(at) = memchr::memchr(0, body) {
                let offset = bom + at;
                let hint = if bom == 0 && looks_like_utf16(body) {
                    "; UTF-16 without a byte-order mark?"
                } else {
                    ""
                };
                return Err(format!("binary data (NUL byte at offset {offset}{hint})"));
            }
            let text = std::str::from_utf8(body).map_err(|e| {
                let offset = bom + e.valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                format!("invalid UTF-8 at byte offset {offset} (line {line})")
            })?;
            text.to_string()
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let name = if encoding == Encoding::Utf16Le { "UTF-16LE" } else { "UTF-16BE" };
            if body.len() % 2 == 1 {
                return Err(format!("invalid {name}: odd number of bytes ({})", bytes.len()));
            }
            let units = body.chunks_exact(2).map(|pair| match encoding {
                Encoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
                _ => u16::from_le_bytes([pair[0], pair[1]]),
            });
            let mut text = String::with_capacity(body.len());
            let mut at = bom;
            for c in char::decode_utf16(units) {
                let c =
                    c.map_err(|_| format!("invalid {name} at byte offset {at} (lone surrogate)"))?;
                if c == '\0' {
                    return Err(format!("binary data (NUL character at byte offset {at})"));
                }
                at += 2 * c.len_utf16();
                text.push(c);
            }
            text
        }
    };
    Ok(text)
}

/// Whether NUL bytes sit at every other position, as in UTF-16 text of Latin letters.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512) & !1];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let pairs = head.len() / 2;
    pairs >= 4 && (zeros(0) * 4 >= pairs * 3 || zeros(1) * 4 >= pairs * 3)
}

/// The text as stored: NFC-normalised, then made [`storable`]. Most text already is both and is
/// kept as it is, without a pass through the normaliser.
pub(super) fn stored(text: String) -> String {
    match check_stored(&text) {
        Some(true) => text,
        Some(false) => storable(text.chars()),
        None => storable(text.nfc()),
    }
}

/// `None` unless the text is surely NFC (the quick check says yes), else whether it is
/// [`storable`] as it is (no `\r`, no other control character but tab and line break, no U+FFFE
/// or U+FFFF).
fn check_stored(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let mut storable = true;
    let mut at = 0;
    while at < bytes.len() {
        let ascii = ascii_len(&bytes[at..]);
        // A fold, not `all`: without an early exit the compiler tests many bytes at once.
        storable &= bytes[at..at + ascii]
            .iter()
            .fold(true, |ok, &b| ok & (b >= b' ' || b == b'\t' || b == b'\n'));
        at += ascii;
        if at == bytes.len() {
            break;
        }
        // The quick check starts afresh after every ASCII char (a starter that is NFC), so a
        // run of other chars can be checked on its own.
        let end = bytes[at..].iter().position(u8::is_ascii).map_or(bytes.len(), |n| at + n);
        let run = &text[at..end];
        if !run.chars().all(is_nfc_starter) && is_nfc_quick(run.chars()) != IsNormalized::Yes {
            return None;
        }
        storable &= !run.contains(['\u{fffe}', '\u{ffff}']);
        at = end;
    }
    Some(storable)
}

/// Whether `c` is one of the common non-ASCII chars of German text (Latin-1, dashes, quotes and
/// the ellipsis) that are NFC starters: a run of them passes the quick check without its tables.
fn is_nfc_starter(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{ff}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}')
}

/// The text as stored: every line break a `\n` (from `\r\n` or a lone `\r`), and what XML 1.0
/// cannot carry (control characters other than tab and line break, U+FFFE, U+FFFF) replaced by
/// U+FFFD, one for one. The text reaches RDF/XML, SVG and SPARQL XML results, whose readers turn
/// every `\r` into `\n` (so they would read another text than the offsets count) and reject a
/// stray BEL from a scraped page outright.
fn storable(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\t' | '\n' => out.push(c),
            c if c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_check_agrees_with_char_by_char() {
        let storable = |text: &str| {
            text.chars().all(|c| c >= ' ' || c == '\t' || c == '\n')
                && !text.contains(['\u{fffe}', '\u{ffff}'])
        };
        let pieces =
            ["Größer wurde er", "\t", "\n", "\r", "\u{7}", "\u{7f}", "„Er“ – …", "\u{ffff}"];
        let decomposed = "Gro\u{308}\u{301}ßer";
        for (i, a) in pieces.iter().enumerate() {
            for b in &pieces[i..] {
                for filler in ["", "abcdefg", "abcdefghijklmno"] {
                    let text = format!("{filler}{a}{filler}{b}{filler}");
                    let expected = storable(&text);
                    assert_eq!(check_stored(&text), Some(expected), "{text:?}");
                    assert_eq!(check_stored(&(text.clone() + decomposed)), None, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn nfc_starters_pass_the_quick_check() {
        for c in ('\u{0}'..='\u{2fff}').filter(|&c| is_nfc_starter(c)) {
            assert_eq!(is_nfc_quick([c].into_iter()), IsNormalized::Yes, "{c:?}");
            assert_eq!(is_nfc_quick(['a', c, 'b', c].into_iter()), IsNormalized::Yes, "{c:?}");
        }
    }
}
