//! JSON-LD compacted against a context: short keys, typed values where the context coerces them,
//! one `{"@id": graph, "@graph": [...]}` object per named graph.
//!
//! The compaction follows the JSON-LD 1.1 term selection for the subset of context features the
//! context may use (prefixes, `@type` coercion to `@id` or a datatype, `@language`, `@container`
//! `@language` or `@set`, aliases of `@id` and `@type`), so any such context gives JSON-LD that
//! expands back to exactly the store's quads.
//!
//! oxjsonld's serializer writes expanded JSON-LD (full IRIs as keys, every value an array of
//! value objects) and only declares prefixes in its context, so it cannot compact against ours.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::bail;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::Value;

use super::grouping::{graph_key, subject_key};

/// A parsed context: its text to embed and its term definitions.
#[derive(Debug)]
pub struct Context {
    /// The context object as written in the file, to embed verbatim.
    text: String,
    /// Term definitions by the IRI they map to, shortest name first.
    by_iri: BTreeMap<String, Vec<Definition>>,
    /// Prefix terms (name, namespace) usable in compact IRIs.
    prefixes: Vec<(String, String)>,
    id_key: String,
    type_key: String,
}

#[derive(Debug, Clone)]
struct Definition {
    name: String,
    coercion: Coercion,
    language_map: bool,
    set: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Coercion {
    None,
    Id,
    Datatype(String),
    Language(String),
}

impl Context {
    /// Parses a context file: `{"@context": {...}}` or the bare context object.
    pub fn parse(name: &str, text: &str) -> anyhow::Result<Self> {
        let root: Value =
            serde_json::from_str(text).map_err(|e| anyhow::anyhow!("{name}: not JSON: {e}"))?;
        let wrapped = root.get("@context").is_some();
        let Some(object) = root.get("@context").unwrap_or(&root).as_object() else {
            bail!("{name}: the context must be a JSON object");
        };

        let mut simple = BTreeMap::new();
        let mut id_key = "@id".to_string();
        let mut type_key = "@type".to_string();
        for (key, value) in object {
            if key == "@version" {
                continue;
            }
            if key.starts_with('@') {
                bail!("{name}: {key} is not supported in the export context");
            }
            match value {
                Value::String(s) if s == "@id" => id_key = key.clone(),
                Value::String(s) if s == "@type" => type_key = key.clone(),
                Value::String(s) if s.starts_with('@') => {
                    bail!("{name}: term {key:?}: alias of {s} is not supported")
                }
                Value::String(s) => {
                    simple.insert(key.clone(), s.clone());
                }
                Value::Object(_) => {}
                _ => bail!("{name}: term {key:?} must map to an IRI or an object"),
            }
        }
        let expand = |term: &str, value: &str| -> anyhow::Result<String> {
            let iri = match value.split_once(':') {
                Some((prefix, suffix)) if !suffix.starts_with("//") => match simple.get(prefix) {
                    Some(namespace) if prefix != term => format!("{namespace}{suffix}"),
                    _ => value.to_string(),
                },
                _ => value.to_string(),
            };
            if NamedNode::new(&iri).is_err() {
                bail!("{name}: term {term:?}: {value:?} is not an absolute or compact IRI");
            }
            Ok(iri)
        };

        let mut definitions = Vec::new();
        let mut prefixes = Vec::new();
        for (key, value) in object {
            let definition = match value {
                Value::String(s) if !s.starts_with('@') => {
                    let iri = expand(key, s)?;
                    if iri.ends_with(['/', '#', ':', '?', '[', ']', '@']) {
                        prefixes.push((key.clone(), iri.clone()));
                    }
                    let plain = Coercion::None;
                    (
                        iri,
                        Definition {
                            name: key.clone(),
                            coercion: plain,
                            language_map: false,
                            set: false,
                        },
                    )
                }
                Value::Object(fields) => {
                    let mut iri = None;
                    let mut coercion = Coercion::None;
                    let mut language_map = false;
                    let mut set = false;
                    for (field, v) in fields {
                        let text = v.as_str().unwrap_or_default();
                        match (field.as_str(), v.is_string()) {
                            ("@id", true) => iri = Some(expand(key, text)?),
                            ("@type", true) if text == "@id" => coercion = Coercion::Id,
                            ("@type", true) if !text.starts_with('@') => {
                                coercion = Coercion::Datatype(expand(key, text)?)
                            }
                            ("@language", true) => coercion = Coercion::Language(text.into()),
                            ("@container", true) if text == "@language" => language_map = true,
                            ("@container", true) if text == "@set" => set = true,
                            _ => bail!("{name}: term {key:?}: {field} {v} is not supported"),
                        }
                    }
                    let Some(iri) = iri else { bail!("{name}: term {key:?} has no @id") };
                    if language_map && coercion != Coercion::None {
                        bail!("{name}: term {key:?}: a language map cannot also coerce values");
                    }
                    (iri, Definition { name: key.clone(), coercion, language_map, set })
                }
                _ => continue,
            };
            definitions.push(definition);
        }
        let mut by_iri: BTreeMap<String, Vec<Definition>> = BTreeMap::new();
        for (iri, definition) in definitions {
            by_iri.entry(iri).or_default().push(definition);
        }
        for list in by_iri.values_mut() {
            list.sort_by(|a, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
        }
        prefixes.sort();
        let context_value = root.get("@context").unwrap_or(&root);
        let text = embeddable(text, wrapped, context_value);
        Ok(Context { text, by_iri, prefixes, id_key, type_key })
    }

    /// An IRI as a node reference: a compact IRI (`id:entity/oracle`, `ng:Positive`) when a
    /// prefix fits, else in full. Terms are not used: `@id` values are not vocabulary-relative.
    fn compact_iri(&self, iri: &str) -> String {
        self.prefixes
            .iter()
            .filter_map(|(name, namespace)| {
                let suffix = iri.strip_prefix(namespace.as_str())?;
                let usable = !suffix.is_empty() && !suffix.starts_with("//");
                usable.then(|| format!("{name}:{suffix}"))
            })
            .filter(|compact| !self.is_term(compact))
            .min_by(|a, b| (a.len(), a).cmp(&(b.len(), b)))
            .unwrap_or_else(|| iri.to_string())
    }

    /// An IRI in a vocabulary position (`@type` values, keys): a term when one maps to it
    /// plainly, else a compact IRI.
    fn compact_vocab(&self, iri: &str) -> String {
        self.plain_term(iri).map_or_else(|| self.compact_iri(iri), |d| d.name.clone())
    }

    fn plain_term(&self, iri: &str) -> Option<&Definition> {
        self.by_iri
            .get(iri)?
            .iter()
            .find(|d| d.coercion == Coercion::None && !d.language_map && !d.set)
    }

    fn is_term(&self, name: &str) -> bool {
        self.by_iri.values().flatten().any(|d| d.name == name)
    }

    fn node_id(&self, node: &NamedOrBlankNode) -> String {
        match node {
            NamedOrBlankNode::NamedNode(n) => self.compact_iri(n.as_str()),
            NamedOrBlankNode::BlankNode(b) => b.to_string(),
        }
    }

    /// The key and the value of one property value, by term selection: a term that takes the
    /// value in its short form, else a plain term, else any term but a language map (with
    /// the value written out in full), else the compact IRI of the property.
    fn place(&self, predicate: &NamedNode, object: &Term) -> (String, bool, Placed) {
        let candidates = self.by_iri.get(predicate.as_str()).map_or(&[][..], Vec::as_slice);
        for d in candidates {
            let short = match (object, &d.coercion) {
                (Term::Literal(l), _) if d.language_map => match l.language() {
                    Some(language) => {
                        let placed = Placed::Language(language.into(), l.value().into());
                        return (d.name.clone(), d.set, placed);
                    }
                    None => None,
                },
                _ if d.language_map => None,
                (Term::NamedNode(n), Coercion::Id) => Some(Json::Str(self.compact_iri(n.as_str()))),
                (Term::BlankNode(b), Coercion::Id) => Some(Json::Str(b.to_string())),
                (Term::Literal(l), Coercion::Language(language)) => {
                    (l.language() == Some(language.as_str())).then(|| Json::Str(l.value().into()))
                }
                (Term::Literal(l), Coercion::Datatype(datatype)) => {
                    let fits = l.language().is_none() && l.datatype().as_str() == datatype;
                    fits.then(|| Json::Str(l.value().into()))
                }
                (Term::Literal(l), Coercion::None) => {
                    (l.datatype() == xsd::STRING).then(|| Json::Str(l.value().into()))
                }
                _ => None,
            };
            if let Some(value) = short {
                return (d.name.clone(), d.set, Placed::Value(value));
            }
        }
        if let Some(d) = candidates.iter().find(|d| d.coercion == Coercion::None && !d.language_map)
        {
            return (d.name.clone(), d.set, Placed::Value(self.natural(object)));
        }
        if let Some(d) = candidates.iter().find(|d| !d.language_map) {
            return (d.name.clone(), d.set, Placed::Value(self.explicit(object)));
        }
        (self.compact_vocab(predicate.as_str()), false, Placed::Value(self.natural(object)))
    }

    /// A value under a key that coerces nothing: strings, integers and booleans as JSON,
    /// everything else as a value object or node reference.
    fn natural(&self, object: &Term) -> Json {
        if let Term::Literal(l) = object
            && l.language().is_none()
        {
            let value = l.value();
            match l.datatype() {
                xsd::STRING => return Json::Str(value.into()),
                xsd::INTEGER if is_json_integer(value) => return Json::Raw(value.into()),
                xsd::BOOLEAN if matches!(value, "true" | "false") => {
                    return Json::Raw(value.into());
                }
                _ => {}
            }
        }
        self.explicit(object)
    }

    /// A value spelled out so that no coercion of its key applies to it.
    fn explicit(&self, object: &Term) -> Json {
        match object {
            Term::NamedNode(n) => {
                Json::Obj(vec![(self.id_key.clone(), Json::Str(self.compact_iri(n.as_str())))])
            }
            Term::BlankNode(b) => Json::Obj(vec![(self.id_key.clone(), Json::Str(b.to_string()))]),
            Term::Literal(l) => {
                let mut fields = vec![("@value".to_string(), Json::Str(l.value().into()))];
                if let Some(language) = l.language() {
                    fields.push(("@language".into(), Json::Str(language.into())));
                } else if l.datatype() != xsd::STRING {
                    let datatype = self.compact_vocab(l.datatype().as_str());
                    fields.push(("@type".into(), Json::Str(datatype)));
                }
                Json::Obj(fields)
            }
        }
    }

    /// The node object of a subject with its `(predicate, object)` pairs.
    fn node(
        &self,
        subject: &NamedOrBlankNode,
        pairs: &[(&NamedNode, &Term)],
    ) -> Vec<(String, Json)> {
        let mut types = Vec::new();
        let mut properties: BTreeMap<String, Property> = BTreeMap::new();
        for (predicate, object) in pairs {
            if **predicate == rdf::TYPE
                && let Term::NamedNode(class) = object
            {
                types.push(Json::Str(self.compact_vocab(class.as_str())));
                continue;
            }
            let (key, set, placed) = self.place(predicate, object);
            let property = properties.entry(key).or_default();
            property.set |= set;
            match placed {
                Placed::Value(value) => property.values.push(value),
                Placed::Language(language, text) => {
                    property.languages.entry(language).or_default().push(Json::Str(text))
                }
            }
        }
        let mut fields = vec![(self.id_key.clone(), Json::Str(self.node_id(subject)))];
        if !types.is_empty() {
            fields.push((self.type_key.clone(), one_or_many(types, false)));
        }
        for (key, property) in properties {
            let value = if property.languages.is_empty() {
                one_or_many(property.values, property.set)
            } else {
                let map = property.languages.into_iter();
                Json::Obj(map.map(|(l, texts)| (l, one_or_many(texts, property.set))).collect())
            };
            fields.push((key, value));
        }
        fields
    }
}

/// The values of one key of a node object.
#[derive(Debug, Default)]
struct Property {
    set: bool,
    values: Vec<Json>,
    languages: BTreeMap<String, Vec<Json>>,
}

/// Where term selection put a value.
enum Placed {
    Value(Json),
    /// Language, text: an entry of a language map.
    Language(String, String),
}

fn one_or_many(mut values: Vec<Json>, set: bool) -> Json {
    if values.len() == 1 && !set { values.remove(0) } else { Json::Arr(values) }
}

/// A canonical xsd:integer that JSON numbers carry exactly (|n| < 2^53).
fn is_json_integer(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && value != "-0";
    canonical && digits.len() <= 15
}

/// The context object's text as written in the file, re-indented to sit one level deep;
/// re-serialised (keys sorted) when it cannot be cut out of the file faithfully.
fn embeddable(text: &str, wrapped: bool, value: &Value) -> String {
    let cut = if wrapped {
        let start = text.find("\"@context\"").and_then(|i| text[i..].find('{').map(|j| i + j));
        let end = text.rfind('}').and_then(|outer| text[..outer].rfind('}'));
        match (start, end) {
            (Some(start), Some(end)) if start < end => Some(&text[start..=end]),
            _ => None,
        }
    } else {
        Some(text.trim())
    };
    let faithful = cut.filter(|c| serde_json::from_str::<Value>(c).ok().as_ref() == Some(value));
    let owned;
    let cut = match faithful {
        Some(cut) => cut,
        None => {
            owned = serde_json::to_string_pretty(value).unwrap_or_default();
            &owned
        }
    };
    let closing = cut.lines().last().map_or(0, |l| l.len() - l.trim_start().len());
    let mut out = String::new();
    for (i, line) in cut.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.trim().is_empty() {
                let shown = line.len() - line.trim_start().len();
                let depth = (shown + 2).saturating_sub(closing);
                out.push_str(&" ".repeat(depth));
            }
        }
        out.push_str(line.trim_start());
    }
    out
}

/// Writes the quads as one JSON-LD document with the context embedded.
pub fn write(quads: &[Quad], context: &Context) -> String {
    // graph → subject → (predicate, object), all in N-Quads order.
    type Pairs<'q> = Vec<(&'q NamedNode, &'q Term)>;
    let mut graphs: BTreeMap<
        String,
        (&GraphName, BTreeMap<String, (&NamedOrBlankNode, Pairs<'_>)>),
    > = BTreeMap::new();
    for quad in quads {
        let graph = graphs
            .entry(graph_key(&quad.graph_name))
            .or_insert_with(|| (&quad.graph_name, BTreeMap::new()));
        let node = graph
            .1
            .entry(subject_key(&quad.subject))
            .or_insert_with(|| (&quad.subject, Vec::new()));
        node.1.push((&quad.predicate, &quad.object));
    }
    for (_, nodes) in graphs.values_mut() {
        for (_, pairs) in nodes.values_mut() {
            pairs.sort_by_cached_key(|(p, o)| ((**p != rdf::TYPE), p.to_string(), o.to_string()));
        }
    }

    // Top level: the default graph's nodes and one object per named graph, by IRI.
    let mut top: BTreeMap<String, Vec<(String, Json)>> = BTreeMap::new();
    if let Some((_, nodes)) = graphs.remove("") {
        for (key, (subject, pairs)) in nodes {
            top.insert(key, context.node(subject, &pairs));
        }
    }
    for (key, (name, nodes)) in graphs {
        let members: Vec<Json> = nodes
            .values()
            .map(|(subject, pairs)| Json::Obj(context.node(subject, pairs)))
            .collect();
        let entry = top.entry(key).or_insert_with(|| {
            let id = match name {
                GraphName::NamedNode(n) => context.compact_iri(n.as_str()),
                other => other.to_string(),
            };
            vec![(context.id_key.clone(), Json::Str(id))]
        });
        entry.push(("@graph".into(), Json::Arr(members)));
    }
    let graph = Json::Arr(top.into_values().map(Json::Obj).collect());
    let document = Json::Obj(vec![
        ("@context".into(), Json::Raw(context.text.clone())),
        ("@graph".into(), graph),
    ]);
    let mut out = String::new();
    document.render(&mut out, 0);
    out.push('\n');
    out
}

/// JSON with object keys in the order given, printed two spaces deep; short arrays and
/// objects of scalars on one line.
#[derive(Debug, Clone)]
enum Json {
    Str(String),
    /// Written as is: numbers, booleans, the embedded context.
    Raw(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Longest line of an array or object of scalars printed on one line.
const INLINE_WIDTH: usize = 100;

impl Json {
    fn is_scalar(&self) -> bool {
        matches!(self, Json::Str(_)) || matches!(self, Json::Raw(r) if !r.contains('\n'))
    }

    fn inline(&self) -> Option<String> {
        let mut out = String::new();
        match self {
            Json::Str(s) => string(&mut out, s),
            Json::Raw(r) => out.push_str(r),
            Json::Arr(items) => {
                if !items.iter().all(Json::is_scalar) {
                    return None;
                }
                let items: Vec<String> = items.iter().filter_map(Json::inline).collect();
                let _ = write!(out, "[{}]", items.join(", "));
            }
            Json::Obj(fields) => {
                if !fields.iter().all(|(_, v)| v.is_scalar()) {
                    return None;
                }
                let mut parts = Vec::new();
                for (key, value) in fields {
                    let mut part = String::new();
                    string(&mut part, key);
                    part.push_str(": ");
                    part.push_str(&value.inline()?);
                    parts.push(part);
                }
                let _ = write!(out, "{{{}}}", parts.join(", "));
            }
        }
        Some(out)
    }

    fn render(&self, out: &mut String, depth: usize) {
        if let Some(line) = self.inline().filter(|l| l.len() <= INLINE_WIDTH) {
            out.push_str(&line);
            return;
        }
        let inner = "  ".repeat(depth + 1);
        let outer = "  ".repeat(depth);
        match self {
            Json::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&inner);
                    item.render(out, depth + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                let _ = write!(out, "{outer}]");
            }
            Json::Obj(fields) => {
                out.push_str("{\n");
                for (i, (key, value)) in fields.iter().enumerate() {
                    out.push_str(&inner);
                    string(out, key);
                    out.push_str(": ");
                    value.render(out, depth + 1);
                    out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                }
                let _ = write!(out, "{outer}}}");
            }
            Json::Str(s) => string(out, s),
            Json::Raw(r) => out.push_str(r),
        }
    }
}

/// A JSON string literal, escaped by serde_json.
fn string(out: &mut String, s: &str) {
    out.push_str(&Value::from(s).to_string());
}

#[cfg(test)]
mod tests {
    use oxigraph::model::Literal;

    use super::*;

    const CONTEXT: &str = r#"{
  "@context": {
    "ex": "http://example.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "type": "@type",
    "label": { "@id": "ex:label", "@container": "@language" },
    "knows": { "@id": "ex:knows", "@type": "@id" },
    "day": { "@id": "ex:day", "@type": "xsd:date" },
    "count": "ex:count"
  }
}"#;

    fn placed(predicate: &str, object: &Term) -> (String, String) {
        let context = Context::parse("test", CONTEXT).expect("context");
        let predicate = NamedNode::new_unchecked(format!("http://example.org/{predicate}"));
        let (key, _, placed) = context.place(&predicate, object);
        let value = match placed {
            Placed::Value(v) => v.inline().unwrap_or_default(),
            Placed::Language(l, t) => format!("{l}={t}"),
        };
        (key, value)
    }

    #[test]
    fn values_go_under_the_term_that_fits_them() {
        let iri = Term::from(NamedNode::new_unchecked("http://example.org/bob"));
        let date = |v: &str, t| Term::from(Literal::new_typed_literal(v, t));
        let rows: &[(&str, Term, &str, &str)] = &[
            ("knows", iri.clone(), "knows", r#""ex:bob""#),
            (
                "label",
                Literal::new_language_tagged_literal_unchecked("Bob", "en").into(),
                "label",
                "en=Bob",
            ),
            ("label", Literal::new_simple_literal("Bob").into(), "ex:label", r#""Bob""#),
            ("day", date("2020-09-14", xsd::DATE), "day", r#""2020-09-14""#),
            (
                "day",
                date("2020-09", xsd::G_YEAR_MONTH),
                "day",
                r#"{"@value": "2020-09", "@type": "xsd:gYearMonth"}"#,
            ),
            ("count", date("7", xsd::INTEGER), "count", "7"),
            (
                "count",
                date("07", xsd::INTEGER),
                "count",
                r#"{"@value": "07", "@type": "xsd:integer"}"#,
            ),
            ("count", iri.clone(), "count", r#"{"@id": "ex:bob"}"#),
            ("other", Literal::new_simple_literal("x").into(), "ex:other", r#""x""#),
        ];
        for (predicate, object, key, value) in rows {
            assert_eq!(
                placed(predicate, object),
                (key.to_string(), value.to_string()),
                "{predicate} {object}"
            );
        }
    }

    #[test]
    fn the_context_is_embedded_as_written() {
        let context = Context::parse("test", CONTEXT).expect("context");
        assert!(context.text.starts_with("{\n    \"ex\": \"http://example.org/\",\n"));
        assert!(context.text.ends_with("\n  }"));
    }
}
