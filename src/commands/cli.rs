//! Command-line arguments, parsed by clap and then checked into typed configurations.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Builds an RDF knowledge graph of entities, relations and events from news articles.
#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about, max_term_width = 100)]
pub struct Cli {
    /// Directory with the knowledge files [default: ./ontology if present, else the built-in copy]
    #[arg(long, global = true, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles and store what they say; rebuilding a document replaces its graph
    Build(BuildArgs),
    /// Take documents out of the store (by id or file): each one's graph and what only it told
    Remove(RemoveArgs),
    /// Run a SPARQL query file against the store
    Query(QueryArgs),
    /// Write the whole store in an RDF format
    Export(ExportArgs),
    /// Score the stored mentions or facts against a gold annotation file
    Eval(EvalArgs),
    /// Check the store against the SHACL shapes; exit 1 if any shape is violated
    Validate(ValidateArgs),
    /// Serve the store: SPARQL 1.1 Protocol at /sparql, entity pages, a query page
    Serve(ServeArgs),
    /// Upload every named graph to a remote store with the SPARQL 1.1 Graph Store Protocol
    Push(PushArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Store directory; served from a snapshot taken at start, so other commands (`query`,
    /// `export`, even `build`) still work on it
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    /// Address to listen on (port 0: any free port; the address is printed on stderr)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Base of the instance IRIs served under this host's /id/ path
    #[arg(long, value_name = "IRI", default_value = crate::knowledge::vocabulary::DEFAULT_BASE)]
    pub base: String,
    /// Seconds a query may run before it is stopped (answered 503)
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// Most result rows (or triples) a query may return; more is answered 413
    #[arg(long, value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_results: u64,
    /// Largest request body accepted, in bytes; larger is answered 413
    #[arg(long, value_name = "BYTES", default_value_t = 1_048_576,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_body: u64,
    /// Query worker processes (queries evaluated at the same time) [default: number of cores]
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=256))]
    pub workers: Option<u64>,
    /// Memory one query worker may use, in MiB; a query needing more is stopped (answered 503)
    #[arg(long, value_name = "MIB", default_value_t = 2048,
          value_parser = clap::value_parser!(u64).range(16..))]
    pub max_memory: u64,
    /// Run as a query worker of a serve process (internal: tasks on stdin, answers on stdout)
    #[arg(long, hide = true)]
    pub query_worker: bool,
    /// With --query-worker: the store is the server's snapshot; remove it when the server ends
    /// (internal)
    #[arg(long, hide = true, requires = "query_worker")]
    pub snapshot: bool,
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// Graph Store Protocol endpoint, e.g. http://localhost:8890/sparql-graph-crud-auth
    /// (Virtuoso), http://localhost:3030/ds/data (Fuseki); see docs/push.md
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// SPARQL query endpoint used for the final count check [default: derived from --endpoint]
    #[arg(long, value_name = "URL")]
    pub query_endpoint: Option<String>,
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    /// User name, sent only when the server asks (Basic or Digest authentication)
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// Password for --user [default: the NEWSGRAPH_PASSWORD environment variable]
    #[arg(long, value_name = "PASSWORD", requires = "user")]
    pub password: Option<String>,
    /// Attempts per request on transient errors (no connection, HTTP 5xx or 429), with waits of
    /// 0.2 s, 0.4 s, 0.8 s, … in between
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub retries: u32,
    /// Seconds to wait for the server to connect, read or answer one request
    #[arg(long, value_name = "SECONDS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Most triples one request carries: a larger graph goes up as a PUT of its first N
    /// triples and a POST (which adds) of each further N
    #[arg(long, value_name = "N", default_value_t = 50_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub triples_per_request: u64,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    /// SHACL shapes in Turtle [default: shapes.ttl of the ontology directory]
    #[arg(long, value_name = "FILE")]
    pub shapes: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold file, tab-separated: mentions (document, begin, end, surface, entity, category) or,
    /// when the name ends in `.facts.tsv`, facts (document, family, subject, object, polarity)
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Also list every missed and spurious mention or fact
    #[arg(short, long, conflicts_with = "totals")]
    pub verbose: bool,
    /// Print only the overall scores, nothing about single items or slices: for a held-out set
    /// whose content must stay unseen by whoever tunes the rules
    #[arg(long)]
    pub totals: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

/// The store directory used when `--store` is not given.
pub const DEFAULT_STORE: &str = "newsgraph-store";

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Article files, directories (their .txt, .jsonl, .ndjson, .html, .htm, .rss, .atom, .warc
    /// and .warc.gz files), or - for standard input (WARC, JSON Lines or text) [default: seeds/,
    /// else the built-in seeds]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to read every input [default: by each file's extension; standard input by its first
    /// character]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<InputFormat>,
    /// JSON Lines field names of an item, replacing its defaults: ITEM is text, title, date,
    /// url, source, author, language or id; NAMES one or more names, tried in order (a dot
    /// reaches into an object: meta.published)
    #[arg(long = "field", value_name = "ITEM=NAMES", value_parser = parse_field)]
    pub fields: Vec<(String, String)>,
    /// Store directory (created if missing)
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    /// Base for instance IRIs; must end with '/' or '#'
    #[arg(long, value_name = "IRI", default_value = crate::knowledge::vocabulary::DEFAULT_BASE)]
    pub base: String,
    /// Documents analysed in parallel [default: number of cores]
    #[arg(long, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Analyse and make the quads but store nothing (to measure extraction alone)
    #[arg(long)]
    pub dry_run: bool,
    /// Also take out the stored documents that are not among the inputs (files since deleted)
    #[arg(long, conflicts_with = "dry_run")]
    pub prune: bool,
}

/// The forms `build` reads, named as `--format` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By each file's extension (the default)
    Auto,
    /// One article per file
    Text,
    /// One JSON object per line
    Jsonl,
    /// A saved web page: its main text and metadata
    Html,
    /// An RSS 2.0 or Atom feed: one article per item
    Feed,
    /// A WARC archive (also gzipped): one article per HTML response
    Warc,
}

impl InputFormat {
    /// The format it forces, none for `auto`.
    pub(crate) fn format(self) -> Option<crate::text::input::Format> {
        use crate::text::input::Format;
        Some(match self {
            InputFormat::Auto => return None,
            InputFormat::Text => Format::Text,
            InputFormat::Jsonl => Format::JsonLines,
            InputFormat::Html => Format::Html,
            InputFormat::Feed => Format::Feed,
            InputFormat::Warc => Format::Warc,
        })
    }
}

/// `--field ITEM=NAMES`, the item checked against the items a JSON record gives.
fn parse_field(argument: &str) -> Result<(String, String), String> {
    let (item, names) =
        argument.split_once('=').ok_or_else(|| format!("{argument:?} is not ITEM=NAMES"))?;
    let items = crate::text::input::ITEMS;
    if !items.contains(&item) {
        return Err(format!("unknown item {item:?}; expected one of {}", items.join(", ")));
    }
    if names.trim().is_empty() {
        return Err(format!("no field name given for {item:?}"));
    }
    Ok((item.to_string(), names.to_string()))
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// Document ids, or the files they were built from (the id is the file name without `.txt`)
    #[arg(value_name = "DOCUMENT", required = true)]
    pub documents: Vec<String>,
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// SPARQL query file
    #[arg(value_name = "FILE.rq")]
    pub file: PathBuf,
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    #[arg(long, value_enum, default_value_t = ResultFormat::Table)]
    pub format: ResultFormat,
    /// Bind a variable before evaluation: VAR=<iri>, VAR="literal"@lang, VAR=42 or VAR=text
    #[arg(long, value_name = "VAR=VALUE")]
    pub bind: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultFormat {
    /// An aligned table for reading
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub diagram: DiagramArgs,
}

/// How `dot` and `svg` exports draw the graph.
#[derive(Debug, Clone, clap::Args)]
pub struct DiagramArgs {
    /// Language of relation labels in diagrams
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Events as small nodes with role edges, or folded into labelled edges
    #[arg(long, value_enum, default_value_t = EventStyle::Nodes)]
    pub events: EventStyle,
    /// Negated facts drawn dashed, or left out
    #[arg(long, value_enum, default_value_t = NegativeStyle::Dashed)]
    pub negative: NegativeStyle,
    /// Draw only the neighbourhood of the entity with this label
    #[arg(long, value_name = "LABEL")]
    pub focus: Option<String>,
    /// Steps from the focus entity
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Draw the result of a CONSTRUCT query instead of the whole graph
    #[arg(long, value_name = "FILE.rq")]
    pub query: Option<PathBuf>,
    /// SVG layout: built in (pure Rust) or the system's Graphviz `dot`
    #[arg(long, value_enum, default_value_t = Renderer::Builtin)]
    pub renderer: Renderer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    En,
    De,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventStyle {
    Nodes,
    Fold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NegativeStyle {
    Dashed,
    Omit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Renderer {
    Builtin,
    Dot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Turtle (all graphs merged)
    Ttl,
    /// N-Triples (all graphs merged), sorted
    Nt,
    /// N-Quads, sorted
    Nq,
    /// TriG
    Trig,
    /// JSON-LD (named graphs kept)
    Jsonld,
    /// RDF/XML (all graphs merged)
    Rdfxml,
    /// NIF 2.1 in Turtle: contexts and linked mentions only, as GERBIL reads them
    Nif,
    /// Graphviz DOT diagram of entities, relations and events
    Dot,
    /// SVG diagram (laid out in pure Rust, or by Graphviz with --renderer dot)
    Svg,
    /// VoID description of the dataset
    Void,
}
