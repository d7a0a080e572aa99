//! Instance IRIs: documents, entities, statements, events and the graphs of the lexicon and the
//! vocabulary, all under one base and all derived from ids, offsets and stable hashes, so that
//! the same input always gives the same IRIs. The term writers in [`super::writer`] build them in
//! place through the same functions.

use oxigraph::model::NamedNode;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Error, Result};
use crate::knowledge::vocabulary::DEFAULT_BASE;
pub(super) use crate::text::slug::stable_hash;

/// Instance IRIs under one base.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Default for Iris {
    /// IRIs under the default base, `https://w3id.org/newsgraph/id/` (`DEFAULT_BASE`).
    fn default() -> Self {
        Iris { base: DEFAULT_BASE.to_string() }
    }
}

impl Iris {
    pub fn new(base: &str) -> Result<Self> {
        let valid = NamedNode::new(base).is_ok() && (base.ends_with('/') || base.ends_with('#'));
        if !valid {
            return Err(Error::input(base, "base IRI must be absolute and end with '/' or '#'"));
        }
        Ok(Iris { base: base.to_string() })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn document(&self, id: &str) -> NamedNode {
        let mut iri = String::with_capacity(self.base.len() + 4 + id.len());
        self.push_document(&mut iri, id);
        NamedNode::new_unchecked(iri)
    }

    pub fn entity(&self, id: &str) -> NamedNode {
        let mut iri = String::with_capacity(self.base.len() + 7 + id.len());
        self.push_entity(&mut iri, id);
        NamedNode::new_unchecked(iri)
    }

    pub(super) fn push_document(&self, out: &mut String, id: &str) {
        out.push_str(&self.base);
        out.push_str("doc/");
        push_segment(out, id);
    }

    pub(super) fn push_entity(&self, out: &mut String, id: &str) {
        out.push_str(&self.base);
        out.push_str("entity/");
        push_segment(out, id);
    }

    /// The input a document was read from: `source/<file name>`, with the fragment that names a
    /// line, item or record in it kept (`source/export.jsonl#line=12`).
    pub(super) fn push_source(&self, out: &mut String, source: &str) {
        out.push_str(&self.base);
        out.push_str("source/");
        let (file, fragment) = match source.rsplit_once('#') {
            Some((file, fragment)) if is_place(fragment) => (file, Some(fragment)),
            _ => (source, None),
        };
        push_segment(out, file);
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
    }

    pub fn lexicon_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/lexicon", self.base))
    }

    pub fn vocabulary_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/vocabulary", self.base))
    }

    /// The graph of what the documents tell together: event nodes, direct triples and the
    /// entities of the generated lists, each once however many documents tell it.
    pub fn facts_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/facts", self.base))
    }

    /// Whether `iri` names an event under this base.
    pub(crate) fn is_event(&self, iri: &str) -> bool {
        iri.strip_prefix(self.base.as_str()).is_some_and(|rest| rest.starts_with("event/"))
    }
}

/// Whether a source's fragment names a place in its file, as the inputs write it: `line=12`,
/// `item=3`, `record=2`.
fn is_place(fragment: &str) -> bool {
    fragment.split_once('=').is_some_and(|(kind, number)| {
        matches!(kind, "line" | "item" | "record")
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The bytes an IRI segment keeps as they are: RFC 3986's unreserved characters. Every other
/// byte is percent-encoded, so that any file name makes a valid IRI; `push` encodes query
/// strings and forms with the same set.
pub const UNRESERVED: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `id` as one IRI segment: everything but [`UNRESERVED`] percent-encoded.
pub(super) fn segment(id: &str) -> String {
    utf8_percent_encode(id, UNRESERVED).to_string()
}

/// Appends `id` to `out` as [`segment`] encodes it.
pub(super) fn push_segment(out: &mut String, id: &str) {
    out.extend(utf8_percent_encode(id, UNRESERVED));
}

impl Iris {
    /// An event: one node per real-world event, whichever document tells it, keyed by its class
    /// and its subject and object fillers.
    pub fn event(&self, family: &str, key: &[&str]) -> NamedNode {
        let key: Vec<String> = key.iter().map(|k| segment(k)).collect();
        NamedNode::new_unchecked(format!(
            "{}event/{}/{}",
            self.base,
            segment(family),
            key.join("--")
        ))
    }

    pub fn statement(&self, hash: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}statement/{hash}", self.base))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_encode_every_reserved_byte() {
        let cases = [
            ("", ""),
            ("abc-1.2_3~", "abc-1.2_3~"),
            ("a b", "a%20b"),
            ("Über/ä", "%C3%9Cber%2F%C3%A4"),
            ("€", "%E2%82%AC"),
            ("x€y", "x%E2%82%ACy"),
        ];
        for (id, encoded) in cases {
            assert_eq!(segment(id), encoded, "{id:?}");
        }
    }
}
