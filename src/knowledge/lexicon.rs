//! The entity lexicon: known entities with their names, aliases, descriptors and identifiers.
//!
//! Read from `ontology/lexicon.toml` with a strict schema: an unknown field, an unknown type, a
//! malformed Wikidata id or a name claimed by two entities fails with the file and line.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::knowledge::{EntityType, parse_toml};
use crate::text::slug::slug;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    entity: Vec<Spanned<RawEntity>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    label: String,
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    wikidata: Option<String>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    descriptors: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    remit: BTreeMap<String, Vec<String>>,
    seat: Option<String>,
    /// Id of the country an organisation is based in or a city lies in.
    country: Option<String>,
    /// The offices a person holds: role head (rules.toml `[[role]]`) → organisation id.
    #[serde(default)]
    offices: BTreeMap<String, String>,
    isin: Option<String>,
    /// The same entity elsewhere: Wikipedia, DBpedia or GeoNames IRIs.
    #[serde(default)]
    same_as: Vec<String>,
    /// What the organisation does, as its source describes it.
    industry: Option<String>,
    /// Names that are also ordinary words ("Allianz", "Essen"): matched only where the text
    /// shows they name the entity, never as plain gazetteer names.
    #[serde(default)]
    ambiguous: BTreeMap<String, Vec<String>>,
}

/// A name in a language, e.g. ("de", "Bytedance").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    pub lang: String,
    pub text: String,
}

/// One known entity.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable slug, the last segment of the entity IRI.
    pub id: String,
    /// Canonical English name.
    pub label: String,
    pub kind: EntityType,
    /// Wikidata item id (`Q…`), only where known for certain.
    pub wikidata: Option<String>,
    /// Alternative names, matched as names.
    pub aliases: Vec<Name>,
    /// Noun phrases that refer to the entity ("Windows-Riese"), matched as descriptors.
    pub descriptors: Vec<Name>,
    /// What a body is responsible for ("ausländische Investitionen"): resolves "ein für …
    /// zuständiges Gremium".
    pub remit: Vec<Name>,
    /// Id of the place where an organisation is based: "das Angebot aus Redmond".
    pub seat: Option<String>,
    /// Id of the country an organisation is based in or a city lies in.
    pub country: Option<String>,
    /// The offices a person holds, by the head of the role's title ("präsident") → the id of
    /// the organisation or country they hold it in: "Präsident Trump" names no country, the
    /// lexicon knows which.
    pub offices: BTreeMap<String, String>,
    /// International Securities Identification Number of a listed company.
    pub isin: Option<String>,
    /// IRIs of the same entity in other datasets (Wikipedia, DBpedia, GeoNames).
    pub same_as: Vec<String>,
    /// What the organisation does, as its source describes it.
    pub industry: Option<String>,
    /// Names that are also ordinary words: never matched on their own (see [`Lexicon::named`]).
    pub ambiguous: Vec<Name>,
    /// Read from a generated list (`entities/*.jsonl`): thousands of such entities are known,
    /// so each is described in the graphs of the documents that mention it, not in the
    /// lexicon graph.
    pub generated: bool,
}

impl Entity {
    /// Its label and its aliases in every language.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.as_str()).chain(self.aliases.iter().map(|a| a.text.as_str()))
    }

    /// An entity found in a document rather than listed in the lexicon.
    pub fn discovered(id: String, label: String, kind: EntityType, aliases: Vec<Name>) -> Self {
        Entity {
            id,
            label,
            kind,
            wikidata: None,
            aliases,
            descriptors: Vec::new(),
            remit: Vec::new(),
            seat: None,
            country: None,
            offices: BTreeMap::new(),
            isin: None,
            same_as: Vec::new(),
            industry: None,
            ambiguous: Vec::new(),
            generated: false,
        }
    }
}

/// All known entities, in file order.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// The entities; read only, as `by_id` indexes them.
    pub entries: Vec<Entity>,
    /// The index in `entries` of each entity id (of the first entity with it): every mention,
    /// fact and role looks its entity up.
    by_id: FxHashMap<String, usize>,
    /// Entity index of every folded name, ambiguous ones included: a name a rule finds in the
    /// text ("der Versicherer Allianz") is the lexicon's entity, not a new one.
    by_name: FxHashMap<String, usize>,
    /// Entity indices of the governments by the id of their seat ("washington-dc"): a capital
    /// may stand for its government.
    governments_by_seat: FxHashMap<String, usize>,
}

impl Lexicon {
    pub fn new(entries: Vec<Entity>) -> Self {
        let mut by_id = FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
        let mut by_name = FxHashMap::default();
        let mut governments_by_seat = FxHashMap::default();
        for (i, entity) in entries.iter().enumerate() {
            by_id.entry(entity.id.clone()).or_insert(i);
            if let Some(seat) = entity
                .seat
                .as_ref()
                .filter(|_| entity.kind.category == crate::knowledge::Category::Government)
            {
                governments_by_seat.entry(seat.clone()).or_insert(i);
            }
            let names = std::iter::once(entity.label.as_str())
                .chain(entity.aliases.iter().chain(&entity.ambiguous).map(|n| n.text.as_str()));
            for name in names {
                by_name.entry(crate::text::fold::fold(name)).or_insert(i);
            }
        }
        Lexicon { entries, by_id, by_name, governments_by_seat }
    }

    /// The entity a name (label, alias or ambiguous name) belongs to, compared folded.
    pub fn named(&self, name: &str) -> Option<&Entity> {
        self.by_name.get(&crate::text::fold::fold(name)).map(|&i| &self.entries[i])
    }

    /// [`Lexicon::named`] of a name already folded.
    pub fn named_folded(&self, folded: &str) -> Option<&Entity> {
        self.by_name.get(folded).map(|&i| &self.entries[i])
    }

    /// The government whose seat is the place `place` (an entity id), if the lexicon lists one.
    pub fn government_seated_in(&self, place: &str) -> Option<&Entity> {
        self.governments_by_seat.get(place).map(|&i| &self.entries[i])
    }

    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }
}

/// Where an entity was read: its file and line, for errors about it.
type Place<'p> = (&'p Path, usize);

impl Lexicon {
    /// Reads one lexicon file in TOML.
    pub fn parse(path: &Path, text: &str, types: &BTreeMap<String, EntityType>) -> Result<Self> {
        Self::parse_files(&[(path.to_path_buf(), text.into(), Format::Toml)], types)
    }

    /// Reads the entities of several files as one lexicon: `lexicon.toml` and the generated
    /// lists beside it (JSON Lines, `*.jsonl`). Ids and names are unique across all of them, and
    /// a seat or country may name an entity of any of them.
    pub fn parse_files(
        files: &[(std::path::PathBuf, std::borrow::Cow<'_, str>, Format)],
        types: &BTreeMap<String, EntityType>,
    ) -> Result<Self> {
        let mut reader = Reader {
            types,
            entries: Vec::new(),
            places: Vec::new(),
            ids: FxHashMap::default(),
            names: FxHashMap::default(),
        };
        for (path, text, format) in files {
            for (line, raw) in raw_entities(path, text, *format)? {
                reader.add(path, line, raw, *format == Format::JsonLines)?;
            }
        }
        reader.finish()
    }
}

/// How a file of entities is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[[entity]]` tables, as `lexicon.toml` is written by hand.
    Toml,
    /// One entity per line as a JSON object: the generated lists, quick to read.
    JsonLines,
}

/// The entities of one file with their lines.
fn raw_entities(path: &Path, text: &str, format: Format) -> Result<Vec<(usize, RawEntity)>> {
    if format == Format::JsonLines {
        return (text.lines().enumerate())
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| {
                let raw = serde_json::from_str(line)
                    .map_err(|e| Error::data(path, i + 1, e.to_string()))?;
                Ok((i + 1, raw))
            })
            .collect();
    }
    let file: LexiconFile = parse_toml(path, text)?;
    let mut counter = LineCounter { text, offset: 0, line: 1 };
    Ok(file
        .entity
        .into_iter()
        .map(|spanned| (counter.line_of(spanned.span().start), spanned.into_inner()))
        .collect())
}

/// The entities read so far, with what checks the next one.
struct Reader<'p, 't> {
    types: &'t BTreeMap<String, EntityType>,
    entries: Vec<Entity>,
    /// The file and line of each entry.
    places: Vec<Place<'p>>,
    ids: FxHashMap<String, Place<'p>>,
    /// Folded name → the id it names and where.
    names: FxHashMap<String, (String, Place<'p>)>,
}

impl<'p> Reader<'p, '_> {
    /// Checks one entity against those read so far and adds it.
    fn add(&mut self, path: &'p Path, line: usize, raw: RawEntity, generated: bool) -> Result<()> {
        self.places.push((path, line));
        let fail = |message: String| Error::data(path, line, message);
        let kind = self.types.get(&raw.kind).cloned().ok_or_else(|| {
            fail(format!("unknown type {:?} for {:?} (see types.toml)", raw.kind, raw.label))
        })?;
        if let Some(q) = &raw.wikidata {
            let digits = q.strip_prefix('Q').unwrap_or("");
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fail(format!("malformed wikidata id {q:?} for {:?}", raw.label)));
            }
        }
        if raw.label.chars().any(unwritable) {
            return Err(fail(format!("label {:?} {UNWRITABLE}", raw.label)));
        }
        let id = raw.id.clone().unwrap_or_else(|| slug(&raw.label));
        if id.is_empty() || id != slug(&id) {
            return Err(fail(format!("id {id:?} is not a slug (a-z, 0-9, -)")));
        }
        if let Some((file, first)) = self.ids.insert(id.clone(), (path, line)) {
            let at = place_name(path, file, first);
            return Err(fail(format!("duplicate id {id:?}, first at {at}")));
        }
        if let Some(isin) = &raw.isin
            && !is_isin(isin)
        {
            return Err(fail(format!("malformed ISIN {isin:?} for {:?}", raw.label)));
        }
        for iri in &raw.same_as {
            if oxigraph::model::NamedNode::new(iri.as_str()).is_err() {
                return Err(fail(format!("same_as {iri:?} of {:?} is no IRI", raw.label)));
            }
        }
        let aliases = names_of(&raw.aliases).map_err(fail)?;
        let descriptors = names_of(&raw.descriptors).map_err(fail)?;
        let remit = names_of(&raw.remit).map_err(fail)?;
        let ambiguous = names_of(&raw.ambiguous).map_err(fail)?;
        let all_names = std::iter::once(raw.label.as_str())
            .chain(aliases.iter().chain(&descriptors).chain(&ambiguous).map(|n| n.text.as_str()));
        for name in all_names {
            let key = crate::text::fold::fold(name);
            match self.names.get(&key) {
                Some((other, (file, other_line))) if *other != id => {
                    let at = place_name(path, file, *other_line);
                    return Err(fail(format!(
                        "name {name:?} of {id:?} already names {other:?} ({at})"
                    )));
                }
                _ => {
                    self.names.insert(key, (id.clone(), (path, line)));
                }
            }
        }
        self.entries.push(Entity {
            id,
            label: raw.label,
            kind,
            wikidata: raw.wikidata,
            aliases,
            descriptors,
            remit,
            seat: raw.seat,
            country: raw.country,
            offices: raw
                .offices
                .into_iter()
                .map(|(head, org)| (crate::text::fold::fold(&head), org))
                .collect(),
            isin: raw.isin,
            same_as: raw.same_as,
            industry: raw.industry,
            ambiguous,
            generated,
        });
        Ok(())
    }

    /// The lexicon, once every seat and country names an entity.
    fn finish(self) -> Result<Lexicon> {
        for (entry, &(path, line)) in self.entries.iter().zip(&self.places) {
            let offices = entry.offices.values().map(|o| ("office", Some(o)));
            for (what, target) in
                [("seat", entry.seat.as_ref()), ("country", entry.country.as_ref())]
                    .into_iter()
                    .chain(offices)
            {
                if let Some(target) = target
                    && !self.ids.contains_key(target)
                {
                    let message = format!("{what} {target:?} is not an entity id");
                    return Err(Error::data(path, line, message));
                }
            }
        }
        Ok(Lexicon::new(self.entries))
    }
}

/// "line 12" in the same file, else "companies.jsonl:12".
fn place_name(here: &Path, file: &Path, line: usize) -> String {
    if file == here { format!("line {line}") } else { format!("{}:{line}", file.display()) }
}

/// Two letters, nine letters or digits, one check digit: the shape of an ISIN (ISO 6166).
fn is_isin(isin: &str) -> bool {
    let bytes = isin.as_bytes();
    bytes.len() == 12
        && bytes[..2].iter().all(u8::is_ascii_uppercase)
        && bytes[2..11].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && bytes[11].is_ascii_digit()
}

/// The 1-based lines of offsets in a text, as [`line_of`](crate::error::line_of) tells them, counted on from the last
/// offset asked about: entities come in file order, so the file is read once, not once each.
struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let newlines = self.text.as_bytes()[self.offset..offset].iter().filter(|&&b| b == b'\n');
        self.line += newlines.count();
        self.offset = offset;
        self.line
    }
}

const UNWRITABLE: &str = "contains a control character, U+FFFE or U+FFFF";

/// Whether a name may not hold `c`: names become labels in RDF/XML and SVG, and XML cannot carry
/// most control characters or the noncharacters U+FFFE and U+FFFF.
fn unwritable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}')
}

fn names_of(by_lang: &BTreeMap<String, Vec<String>>) -> std::result::Result<Vec<Name>, String> {
    let mut names = Vec::new();
    for (lang, texts) in by_lang {
        if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(format!("language tag {lang:?} is not a two-letter code"));
        }
        for text in texts {
            if text.trim().is_empty() || text.trim() != text {
                return Err(format!("name {text:?} is empty or has surrounding spaces"));
            }
            if text.chars().any(unwritable) {
                return Err(format!("name {text:?} {UNWRITABLE}"));
            }
            names.push(Name { lang: lang.clone(), text: text.clone() });
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{Category, Knowledge, Source};

    fn types() -> BTreeMap<String, EntityType> {
        let kind = EntityType { schema: "Corporation".into(), category: Category::Organization };
        BTreeMap::from([("Corporation".to_string(), kind)])
    }

    fn parse(text: &str) -> Result<Lexicon> {
        Lexicon::parse(Path::new("lex.toml"), text, &types())
    }

    #[test]
    fn lines_are_counted_as_line_of_counts_them() {
        let text = "a\nbc\n\nd\n";
        let mut counter = LineCounter { text, offset: 0, line: 1 };
        for offset in [0, 1, 2, 5, 5, 6, 3, 9, 20, 0] {
            assert_eq!(counter.line_of(offset), crate::error::line_of(text, offset), "{offset}");
        }
    }

    #[test]
    fn reads_entries_with_aliases() -> Result<()> {
        let lexicon = parse(
            "[[entity]]\nlabel = \"Acme Widgets\"\ntype = \"Corporation\"\nwikidata = \"Q1\"\n\
             aliases = { de = [\"Acme\"] }\n",
        )?;
        let entry = &lexicon.entries[0];
        assert_eq!(entry.id, "acme-widgets");
        assert_eq!(entry.aliases, vec![Name { lang: "de".into(), text: "Acme".into() }]);
        Ok(())
    }

    macro_rules! rejects {
        ($($name:ident: $text:expr => $line:expr, $needle:expr;)*) => {$(
            #[test]
            fn $name() {
                let err = parse($text).expect_err("must be rejected").to_string();
                assert!(err.starts_with(&format!("lex.toml:{}:", $line)), "{err}");
                assert!(err.contains($needle), "{err}");
            }
        )*};
    }

    rejects! {
        unknown_field: "[[entity]]\nlabel = \"A\"\ntype = \"Corporation\"\nfoo = 1\n" => 4, "foo";
        unknown_type: "[[entity]]\nlabel = \"A\"\ntype = \"Corp\"\n" => 1, "unknown type";
        bad_wikidata: "\n[[entity]]\nlabel = \"A\"\ntype = \"Corporation\"\nwikidata = \"2283\"\n"
            => 2, "malformed wikidata";
        shared_name: "[[entity]]\nlabel = \"A\"\ntype = \"Corporation\"\n\
                      [[entity]]\nlabel = \"B\"\ntype = \"Corporation\"\naliases = { de = [\"a\"] }\n"
            => 4, "already names";
    }

    #[test]
    fn names_with_control_characters_fail_with_their_line() {
        let knowledge = Knowledge::load(&Source::Embedded).expect("the shipped knowledge loads");
        let rows: &[&str] = &[
            "label = \"Bell\\u0007 Corp\"\ntype = \"Corporation\"",
            "label = \"Two\\nLines Corp\"\ntype = \"Corporation\"",
            "label = \"Fine Corp\"\ntype = \"Corporation\"\naliases = { de = [\"Fine\\rCorp\"] }",
            "label = \"Fine Corp\"\ntype = \"Corporation\"\ndescriptors = { de = [\"X\\uFFFF\"] }",
        ];
        for entry in rows {
            let text = format!("# an entity\n[[entity]]\n{entry}\n");
            let error = Lexicon::parse(Path::new("lex.toml"), &text, &knowledge.types)
                .expect_err("must be rejected")
                .to_string();
            assert!(
                error.starts_with("lex.toml:2: ") && error.contains("control character"),
                "{error}"
            );
        }
    }
}
