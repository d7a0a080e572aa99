//! Slugs: the readable, deterministic last segment of an IRI, derived from a name.

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
