//! JSON Lines exports of news APIs and data sets: one article per line, a JSON object whose
//! fields are named as the export names them. [`Fields`] lists the names tried for each item,
//! with defaults that fit common exports and `--field ITEM=NAME` to name others.
//!
//! A value may be a string, a number (a date in seconds since 1970), an object with a `name`
//! (`"source": {"name": "Reuters"}`), or for authors a list of those; a dotted name
//! (`meta.published`) reaches into objects. A line that is not a JSON object, or holds no
//! article text, is an error naming its line; blank lines are passed over.

use serde_json::{Map, Value};

use super::{Entry, Origin, Place, document, published};
use crate::error::{Error, Result};
use crate::text::document::{Document, DocumentRules};

/// The items a record's fields give, in the order `--field` names them.
pub(crate) const ITEMS: &[&str] =
    &["text", "title", "date", "url", "source", "author", "language", "id"];

/// The field names tried for each item, first present first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fields {
    text: Vec<String>,
    title: Vec<String>,
    date: Vec<String>,
    url: Vec<String>,
    source: Vec<String>,
    author: Vec<String>,
    language: Vec<String>,
    id: Vec<String>,
}

impl Default for Fields {
    fn default() -> Self {
        let names = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        Fields {
            text: names(&["text", "body", "content", "articleBody"]),
            title: names(&["title", "headline"]),
            date: names(&["date", "published", "publishedAt", "datePublished", "pubDate"]),
            url: names(&["url", "link"]),
            source: names(&["source", "publisher"]),
            author: names(&["author", "authors", "byline"]),
            language: names(&["language", "lang"]),
            id: names(&["id"]),
        }
    }
}

impl Fields {
    /// Names the fields of `item` (one of [`ITEMS`]), replacing the defaults: `names` is one
    /// name or several separated by commas, tried in order.
    pub(crate) fn set(&mut self, item: &str, names: &str) -> Result<(), String> {
        let names: Vec<String> =
            names.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
        if names.is_empty() {
            return Err(format!("no field name given for {item:?}"));
        }
        let slot = match item {
            "text" => &mut self.text,
            "title" => &mut self.title,
            "date" => &mut self.date,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "author" => &mut self.author,
            "language" => &mut self.language,
            "id" => &mut self.id,
            _ => {
                return Err(format!("unknown item {item:?}; expected one of {}", ITEMS.join(", ")));
            }
        };
        *slot = names;
        Ok(())
    }
}

/// The documents of a JSON Lines file, each or the error naming its line.
pub(super) fn read(
    bytes: &[u8],
    origin: &Origin,
    fields: &Fields,
    rules: &DocumentRules,
) -> Vec<Result<Document>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut documents = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let place = Place::line(i + 1);
        let entry = entry(line, fields)
            .map_err(|message| Error::record(&origin.path, place.name(), message));
        documents.push(entry.and_then(|entry| document(entry, origin, Some(place), rules)));
    }
    documents
}

/// The article of one line.
fn entry(line: &[u8], fields: &Fields) -> Result<Entry, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| {
        // serde_json's message ends with the position, which the line number and this column
        // already tell.
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        format!("not valid JSON at column {}: {message}", e.column())
    })?;
    let Value::Object(record) = value else {
        return Err("not a JSON object".into());
    };
    let text = first(&record, &fields.text, name_of).ok_or_else(|| {
        format!("no article text (none of the fields {} holds one)", fields.text.join(", "))
    })?;
    let mut entry = Entry { text, ..Entry::default() };
    entry.meta.headline = first(&record, &fields.title, name_of);
    entry.meta.url = first(&record, &fields.url, name_of);
    entry.meta.publisher = first(&record, &fields.source, name_of);
    entry.meta.language = first(&record, &fields.language, name_of);
    entry.id = first(&record, &fields.id, name_of);
    entry.date = first(&record, &fields.date, |value| match value {
        Value::String(s) => published::parse(s),
        Value::Number(n) => n.as_i64().and_then(published::from_epoch),
        _ => None,
    });
    entry.authors = first(&record, &fields.author, |value| {
        let names: Vec<String> = match value {
            Value::Array(items) => items.iter().filter_map(name_of).collect(),
            other => name_of(other).into_iter().collect(),
        };
        (!names.is_empty()).then_some(names)
    })
    .unwrap_or_default();
    Ok(entry)
}

/// What `read` makes of the first of the `names` fields that gives something.
fn first<T>(
    record: &Map<String, Value>,
    names: &[String],
    read: impl Fn(&Value) -> Option<T>,
) -> Option<T> {
    names.iter().filter_map(|name| field(record, name)).find_map(read)
}

/// The field `name` of `record`; a dotted name reaches into objects (`source.name`).
fn field<'v>(record: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if let Some(value) = record.get(name) {
        return Some(value);
    }
    let (head, rest) = name.split_once('.')?;
    match record.get(head)? {
        Value::Object(inner) => field(inner, rest),
        _ => None,
    }
}

/// A value as a name or text: a non-blank string, a number, or an object's `name`.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(object) => object.get("name").and_then(name_of),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_of(json: &str, fields: &Fields) -> Result<Entry, String> {
        entry(json.as_bytes(), fields)
    }

    #[test]
    fn default_and_named_fields() {
        let news_api = r#"{"source": {"id": null, "name": "Handelsblatt"}, "author": "Anna Berg",
            "title": "Oracle greift zu", "url": "https://example.de/a", "publishedAt":
            "2020-09-14T08:00:00Z", "content": "Oracle kauft."}"#;
        let e = entry_of(news_api, &Fields::default()).expect("reads");
        assert_eq!(e.text, "Oracle kauft.");
        assert_eq!(e.meta.publisher.as_deref(), Some("Handelsblatt"));
        assert_eq!(e.meta.headline.as_deref(), Some("Oracle greift zu"));
        assert_eq!(e.authors, ["Anna Berg"]);
        assert_eq!(e.date.map(|d| d.to_string()).as_deref(), Some("2020-09-14"));

        let mut fields = Fields::default();
        fields.set("text", "story").expect("known item");
        fields.set("date", "meta.when").expect("known item");
        fields.set("author", "writers").expect("known item");
        let custom = r#"{"story": "Oracle kauft.", "text": "not this", "meta": {"when": 1600077600},
            "writers": [{"name": "Anna Berg"}, "Tom Kurz"], "lang": "de-DE"}"#;
        let e = entry_of(custom, &fields).expect("reads");
        assert_eq!(e.text, "Oracle kauft.");
        assert_eq!(e.date.map(|d| d.to_string()).as_deref(), Some("2020-09-14"));
        assert_eq!(e.authors, ["Anna Berg", "Tom Kurz"]);
        assert_eq!(e.meta.language.as_deref(), Some("de-DE"));
        assert!(fields.set("body", "x").is_err() && fields.set("text", " , ").is_err());
    }

    #[test]
    fn bad_lines_say_why() {
        let rows = [
            (r#"{"text": "a""#, "not valid JSON at column 12: EOF while parsing an object"),
            ("[1, 2]", "not a JSON object"),
            (r#"{"title": "x", "text": "  "}"#, "no article text (none of the fields text, body"),
        ];
        for (line, expected) in rows {
            let err = entry_of(line, &Fields::default()).expect_err("fails");
            assert!(err.starts_with(expected), "{line}: {err}");
        }
    }
}
