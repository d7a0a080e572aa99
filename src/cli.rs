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
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    /// Address to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// Base of the instance IRIs served under this host's /id/ path
    #[arg(long, value_name = "IRI", default_value = crate::rdf::DEFAULT_BASE)]
    pub base: String,
    /// Seconds a query may run before it is stopped
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
    /// Most result rows (or triples) a query may return
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_results: usize,
    /// Largest request body accepted, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = 1_048_576)]
    pub max_body: usize,
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// Graph Store Protocol endpoint, e.g. http://localhost:8890/sparql-graph-crud-auth
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// SPARQL query endpoint used for the final count check [default: derived from --endpoint]
    #[arg(long, value_name = "URL")]
    pub query_endpoint: Option<String>,
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    #[arg(long, value_name = "USER", requires = "password")]
    pub user: Option<String>,
    #[arg(long, value_name = "PASSWORD", requires = "user")]
    pub password: Option<String>,
    /// Attempts per request on transient errors
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub retries: u32,
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
    #[arg(short, long)]
    pub verbose: bool,
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
    /// Article files or directories of `.txt` files [default: seeds/, else the built-in seeds]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Store directory (created if missing)
    #[arg(long, value_name = "DIR", default_value = DEFAULT_STORE)]
    pub store: PathBuf,
    /// Base for instance IRIs; must end with '/' or '#'
    #[arg(long, value_name = "IRI", default_value = crate::rdf::DEFAULT_BASE)]
    pub base: String,
    /// Documents analysed in parallel [default: number of cores]
    #[arg(long, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
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
