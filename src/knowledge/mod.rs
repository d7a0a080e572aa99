//! Knowledge as data: everything language- or world-specific is read from `ontology/`.
//!
//! The files are loaded and validated before any document is touched, so a bad entry fails the
//! run at once with its file and line. A copy of the shipped `ontology/` is compiled in and used
//! when no directory is given, so the binary works from anywhere.

pub(crate) mod dictionary;
pub(crate) mod lexicon;
pub(crate) mod relations;
pub(crate) mod rules;
pub(crate) mod suffix;
pub(crate) mod time;
pub(crate) mod vocabulary;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use oxigraph::model::Triple;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result, line_of};
use crate::knowledge::dictionary::Dictionary;
use crate::knowledge::lexicon::Lexicon;
use crate::knowledge::relations::RelationRules;
use crate::knowledge::rules::Rules;
use crate::knowledge::time::TimeRules;
use crate::text::document::DocumentRules;
use crate::text::segment::SegmentationRules;

/// The files of the shipped ontology directory, compiled in: the language-independent ones at
/// the top, a language's own in its folder.
const EMBEDDED: &[(&str, &str)] = &[
    ("types.toml", include_str!("../../ontology/types.toml")),
    ("lexicon.toml", include_str!("../../ontology/lexicon.toml")),
    ("entities/companies.jsonl", include_str!("../../ontology/entities/companies.jsonl")),
    ("entities/places.jsonl", include_str!("../../ontology/entities/places.jsonl")),
    ("newsgraph.ttl", include_str!("../../ontology/newsgraph.ttl")),
    ("shapes.ttl", include_str!("../../ontology/shapes.ttl")),
    ("de/segmentation.toml", include_str!("../../ontology/de/segmentation.toml")),
    ("de/documents.toml", include_str!("../../ontology/de/documents.toml")),
    ("de/inflection.toml", include_str!("../../ontology/de/inflection.toml")),
    ("de/rules.toml", include_str!("../../ontology/de/rules.toml")),
    ("de/first_names.txt", include_str!("../../ontology/de/first_names.txt")),
    ("de/given_names.txt", include_str!("../../ontology/de/given_names.txt")),
    ("de/relations.toml", include_str!("../../ontology/de/relations.toml")),
    ("de/time.toml", include_str!("../../ontology/de/time.toml")),
];

/// The binary files of the shipped ontology directory, compiled in: the dictionary's maps.
const EMBEDDED_BINARY: &[(&str, &[u8])] = &[
    ("de/lexical/words.fst", include_bytes!("../../ontology/de/lexical/words.fst")),
    ("de/lexical/forms.fst", include_bytes!("../../ontology/de/lexical/forms.fst")),
    ("de/lexical/nouns.fst", include_bytes!("../../ontology/de/lexical/nouns.fst")),
    ("de/lexical/verbs.fst", include_bytes!("../../ontology/de/lexical/verbs.fst")),
    ("de/lexical/lemmas.fst", include_bytes!("../../ontology/de/lexical/lemmas.fst")),
];

/// Coarse entity classes: what coreference and evaluation compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Category {
    Organization,
    Person,
    Place,
    Government,
    Media,
    Product,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 6] = [
        Category::Organization,
        Category::Person,
        Category::Place,
        Category::Government,
        Category::Media,
        Category::Product,
    ];

    /// The category of its name ("Organization"), if any.
    pub fn named(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Category::Organization => "Organization",
            Category::Person => "Person",
            Category::Place => "Place",
            Category::Government => "Government",
            Category::Media => "Media",
            Category::Product => "Product",
        }
    }
}

/// An entity type: a schema.org class and its coarse category.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityType {
    /// Local name in schema.org, e.g. `Corporation`.
    pub schema: String,
    pub category: Category,
}

/// Where a data file comes from: a directory on disk or the compiled-in copy.
#[derive(Debug, Clone)]
pub enum Source {
    Dir(PathBuf),
    Embedded,
}

/// The folder of generated entity lists, read with `lexicon.toml` as one lexicon.
const ENTITY_FOLDER: &str = "entities";
/// Generated entity lists are JSON Lines: one entity per line, quick to read.
const ENTITY_LIST_EXTENSION: &str = ".jsonl";

/// The file of a language folder that marks it as one: `de/rules.toml`.
const LANGUAGE_MARKER: &str = "rules.toml";

impl Source {
    /// `./ontology` when it exists (so edits need no recompile), else the compiled-in copy.
    pub fn default_for(cwd: &Path) -> Self {
        let dir = cwd.join("ontology");
        if dir.join("lexicon.toml").is_file() { Source::Dir(dir) } else { Source::Embedded }
    }

    /// The language of the rules: the one folder holding a `rules.toml` (`de/`). Its name is
    /// the language tag of the names and texts the rules read.
    fn language(&self) -> Result<String> {
        let mut languages: Vec<String> = match self {
            Source::Dir(dir) => std::fs::read_dir(dir)
                .map_err(|e| Error::input(dir, format!("cannot read: {e}")))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.join(LANGUAGE_MARKER).is_file())
                .filter_map(|path| path.file_name()?.to_str().map(str::to_string))
                .collect(),
            Source::Embedded => EMBEDDED
                .iter()
                .filter_map(|(name, _)| name.strip_suffix(LANGUAGE_MARKER)?.strip_suffix('/'))
                .map(str::to_string)
                .collect(),
        };
        languages.sort();
        match languages.as_slice() {
            [language] => Ok(language.clone()),
            [] => Err(self.error(format!("no language folder with a {LANGUAGE_MARKER}"))),
            several => {
                Err(self
                    .error(format!("one language folder expected, found {}", several.join(", "))))
            }
        }
    }

    fn error(&self, message: String) -> Error {
        match self {
            Source::Dir(dir) => Error::input(dir, message),
            Source::Embedded => Error::input("ontology (embedded)", message),
        }
    }

    /// The generated entity lists beside the lexicon (`entities/*.toml`), in name order.
    fn entity_files(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = match self {
            Source::Dir(dir) => {
                let folder = dir.join(ENTITY_FOLDER);
                if !folder.is_dir() {
                    return Ok(Vec::new());
                }
                std::fs::read_dir(&folder)
                    .map_err(|e| Error::input(&folder, format!("cannot read: {e}")))?
                    .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                    .filter(|name| name.ends_with(ENTITY_LIST_EXTENSION))
                    .map(|name| format!("{ENTITY_FOLDER}/{name}"))
                    .collect()
            }
            Source::Embedded => EMBEDDED
                .iter()
                .map(|(name, _)| *name)
                .filter(|name| name.starts_with(&format!("{ENTITY_FOLDER}/")))
                .map(str::to_string)
                .collect(),
        };
        names.sort();
        Ok(names)
    }

    /// A binary file: borrowed from the compiled-in copy, else read.
    fn read_binary(&self, name: &str) -> Result<(PathBuf, Cow<'static, [u8]>)> {
        match self {
            Source::Dir(dir) => {
                let path = dir.join(name);
                let bytes = std::fs::read(&path)
                    .map_err(|e| Error::input(&path, format!("cannot read: {e}")))?;
                Ok((path, Cow::Owned(bytes)))
            }
            Source::Embedded => {
                let bytes = EMBEDDED_BINARY.iter().find(|(n, _)| *n == name).map(|(_, b)| *b);
                let bytes = bytes.ok_or_else(|| Error::input(name, "not embedded"))?;
                Ok((PathBuf::from(format!("ontology/{name} (embedded)")), Cow::Borrowed(bytes)))
            }
        }
    }

    /// A text file: borrowed from the compiled-in copy, else read.
    fn read(&self, name: &str) -> Result<(PathBuf, Cow<'static, str>)> {
        match self {
            Source::Dir(dir) => {
                let path = dir.join(name);
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::input(&path, format!("cannot read: {e}")))?;
                Ok((path, Cow::Owned(text)))
            }
            Source::Embedded => {
                let text = EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
                let text = text.ok_or_else(|| Error::input(name, "not embedded"))?;
                Ok((PathBuf::from(format!("ontology/{name} (embedded)")), Cow::Borrowed(text)))
            }
        }
    }
}

/// Endings the gazetteer accepts after a listed form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InflectionRules {
    /// After a name: "Microsofts".
    pub name_endings: Vec<String>,
    /// After a descriptor: "des Windows-Riesen".
    pub descriptor_endings: Vec<String>,
    /// Of a lower-case adjective inside a multi-word name: "chinesische" / "chinesischen".
    #[serde(default)]
    pub adjective_endings: Vec<String>,
    /// Of an adjective before a noun of each gender, in the nominative without an article:
    /// "britische Regierung", "chinesisches Ministerium".
    #[serde(default)]
    pub nominative_endings: NominativeEndings,
}

/// Adjective endings by the gender of the noun after them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NominativeEndings {
    pub masculine: String,
    pub feminine: String,
    pub neuter: String,
}

impl InflectionRules {
    /// What a name in the genitive may be without its ending: "Microsofts" → "Microsoft",
    /// "Walmart's" → "Walmart".
    pub fn genitive_stems<'s, 'w: 's>(
        &'s self,
        word: &'w str,
    ) -> impl Iterator<Item = &'w str> + 's {
        self.name_endings.iter().filter_map(move |e| word.strip_suffix(e.as_str()))
    }

    /// The nominative ending of an adjective before a noun of these genders (feminine, else
    /// neuter, else masculine); `None` when the file gives none.
    pub fn nominative_ending(&self, genders: dictionary::Genders) -> Option<&str> {
        let e = &self.nominative_endings;
        let ending = if genders.has(dictionary::Genders::FEMININE) {
            &e.feminine
        } else if genders.has(dictionary::Genders::NEUTER) {
            &e.neuter
        } else {
            &e.masculine
        };
        (!ending.is_empty()).then_some(ending.as_str())
    }

    /// The forms of a multi-word name with its lower-case adjectives in every listed ending.
    pub fn adjective_forms(&self, name: &str) -> Vec<String> {
        let words: Vec<&str> = name.split(' ').collect();
        let mut forms = vec![String::new()];
        for (i, word) in words.iter().enumerate() {
            let stem = (words.len() > 1 && word.starts_with(char::is_lowercase))
                .then(|| {
                    let mut endings: Vec<&String> = self.adjective_endings.iter().collect();
                    endings.sort_by_key(|e| std::cmp::Reverse(e.len()));
                    endings.into_iter().find_map(|e| word.strip_suffix(e.as_str()))
                })
                .flatten()
                .filter(|stem| stem.chars().count() >= 3);
            let variants: Vec<String> = match stem {
                Some(stem) => self.adjective_endings.iter().map(|e| format!("{stem}{e}")).collect(),
                None => vec![word.to_string()],
            };
            let sep = if i == 0 { "" } else { " " };
            forms = forms
                .iter()
                .flat_map(|f| variants.iter().map(move |v| format!("{f}{sep}{v}")))
                .collect();
        }
        forms
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypesFile {
    types: BTreeMap<String, Category>,
}

/// Everything loaded from the ontology directory.
#[derive(Debug)]
pub struct Knowledge {
    /// The language tag of the rules, from the name of their folder (`de`).
    pub language: String,
    pub types: BTreeMap<String, EntityType>,
    pub lexicon: Lexicon,
    pub segmentation: SegmentationRules,
    pub documents: DocumentRules,
    pub inflection: InflectionRules,
    pub rules: Rules,
    pub relations: RelationRules,
    pub time: TimeRules,
    /// The language's words: nouns, verbs and every known form.
    pub dictionary: Dictionary,
    /// The vocabulary in Turtle, stored in the store's vocabulary graph.
    pub vocabulary: String,
    /// Where the vocabulary was read from, for its errors.
    pub vocabulary_file: PathBuf,
    /// The vocabulary's triples, parsed and checked once by [`Knowledge::load`].
    pub vocabulary_triples: Vec<Triple>,
    /// The SHACL shapes in Turtle, which `newsgraph validate` checks the store against.
    pub shapes: String,
}

impl Knowledge {
    pub fn load(source: &Source) -> Result<Self> {
        std::thread::scope(|scope| {
            // The vocabulary is the costliest file to check and needs none of the others: it is
            // read and parsed beside them. Its errors still come after theirs.
            let vocabulary = scope.spawn(|| {
                let read = source.read("newsgraph.ttl");
                let parsed = (read.as_ref().ok())
                    .map(|(path, text)| vocabulary::parse_vocabulary(text, path));
                (read, parsed)
            });
            let types = load_types(source)?;
            let (path, text) = source.read("lexicon.toml")?;
            let mut lexicon_files = vec![(path, text, lexicon::Format::Toml)];
            for name in source.entity_files()? {
                let (path, text) = source.read(&name)?;
                lexicon_files.push((path, text, lexicon::Format::JsonLines));
            }
            let lexicon = Lexicon::parse_files(&lexicon_files, &types)?;
            let language = source.language()?;
            let in_language = |name: &str| format!("{language}/{name}");
            let (path, text) = source.read(&in_language("segmentation.toml"))?;
            let segmentation = parse_toml(&path, &text)?;
            let (path, text) = source.read(&in_language("documents.toml"))?;
            let documents = parse_toml(&path, &text)?;
            let (path, text) = source.read(&in_language("inflection.toml"))?;
            let inflection = parse_toml(&path, &text)?;
            let mut rules = load_rules(source, &language, &types)?;
            let (path, text) = source.read(&in_language("relations.toml"))?;
            let mut relations = RelationRules::parse(&path, &text, &rules.head_endings)?;
            let (path, text) = source.read(&in_language("time.toml"))?;
            let dictionary = {
                let read =
                    |file: &str| source.read_binary(&in_language(&format!("lexical/{file}")));
                let [words, forms, nouns, verbs, lemmas] = dictionary::FILES.map(read);
                let [(wp, w), (fp, f), (np, n), (vp, v), (lp, l)] =
                    [words?, forms?, nouns?, verbs?, lemmas?];
                Dictionary::from_bytes([w, f, n, v, l], [&wp, &fp, &np, &vp, &lp])?
            };
            // Frames name verbs by their infinitives: the dictionary gives every form.
            relations.expand_lemmas(&dictionary);
            let (given_path, given_text) = source.read(&in_language("given_names.txt"))?;
            rules.add_given_names(&given_path, &given_text, &dictionary)?;
            let time = TimeRules::parse(&path, &text)?;
            let (read, parsed) =
                vocabulary.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let (vocabulary_file, vocabulary) = read?;
            let (_, shapes) = source.read("shapes.ttl")?;
            // A broken vocabulary fails here, with its line, before any store is touched.
            let vocabulary_triples = parsed.expect("the vocabulary is parsed once read")?;
            Ok(Knowledge {
                language,
                types,
                lexicon,
                segmentation,
                documents,
                inflection,
                rules,
                relations,
                time,
                dictionary,
                vocabulary: vocabulary.into_owned(),
                vocabulary_file,
                vocabulary_triples,
                shapes: shapes.into_owned(),
            })
        })
    }
}

impl RelationRules {
    /// The relation families and frames alone, for what draws or reads a finished graph
    /// (diagrams): neither the lexicon, the entity lists nor the dictionary are read.
    pub fn load(source: &Source) -> Result<Self> {
        let language = source.language()?;
        let rules = load_rules(source, &language, &load_types(source)?)?;
        let (path, text) = source.read(&format!("{language}/relations.toml"))?;
        RelationRules::parse(&path, &text, &rules.head_endings)
    }
}

/// The entity types of `types.toml`, by schema.org name.
fn load_types(source: &Source) -> Result<BTreeMap<String, EntityType>> {
    let (path, text) = source.read("types.toml")?;
    let types_file: TypesFile = parse_toml(&path, &text)?;
    let types = types_file.types.into_iter();
    Ok(types.map(|(schema, category)| (schema.clone(), EntityType { schema, category })).collect())
}

/// The language's recognition rules, with its given names.
fn load_rules(
    source: &Source,
    language: &str,
    types: &BTreeMap<String, EntityType>,
) -> Result<Rules> {
    let (path, text) = source.read(&format!("{language}/rules.toml"))?;
    let (names_path, names_text) = source.read(&format!("{language}/first_names.txt"))?;
    Rules::parse(&path, &text, &names_path, &names_text, types)
}

/// Parses a TOML data file strictly, turning errors into `file:line: message`.
pub fn parse_toml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_of(text, span.start));
        Error::data(path, line, e.message().to_string())
    })
}
