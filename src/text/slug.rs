//! Slugs: the readable, deterministic last segment of an IRI, derived from a name; and the
//! stable hash for segments that are no name (statements, URLs).

/// Lower-case ASCII words joined by '-': "Michael Förtsch" → "michael-foertsch".
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let ascii: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ù' | 'ú' | 'û' => "u",
            'ç' => "c",
            'ñ' => "n",
            _ => "",
        };
        if c.is_ascii_alphanumeric() || !ascii.is_empty() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            if ascii.is_empty() { out.push(c) } else { out.push_str(ascii) }
        } else if c.is_alphanumeric() {
            // Scripts without a transliteration here keep a stable hex form.
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push_str(&format!("u{:x}", c as u32));
        } else {
            pending_dash = true;
        }
    }
    out
}

/// A stable 64-bit FNV-1a hash, as 16 hex digits: the same input gives the same IRI everywhere.
pub(crate) fn stable_hash(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        for (name, expected) in [
            ("Michael Förtsch", "michael-foertsch"),
            ("The Wall Street Journal", "the-wall-street-journal"),
            ("Musical.ly", "musical-ly"),
            ("  Genworth   Financial ", "genworth-financial"),
            ("Straße", "strasse"),
        ] {
            assert_eq!(slug(name), expected, "{name}");
        }
    }
}
