//! The query worker: a child process of the server that reads the store for it.
//!
//! A SPARQL query can run unboundedly long and, between Oxigraph's cancellation checks, grow
//! unboundedly in memory (a cross product sorted with ORDER BY materialises in memory before
//! the next check). A thread cannot be stopped from outside; a process can. So the server never
//! evaluates anything itself: it sends each [`Task`] to one of its workers and kills a worker
//! that overruns the time or memory limit (see [`super::pool`]).
//!
//! The protocol on the worker's stdin and stdout, one task at a time: the server writes a task
//! as one line of JSON; the worker answers with one line of JSON (the [`ReplyHead`]) followed by
//! exactly `length` bytes of body. Nothing else may be written to stdout.

use std::io::{BufRead, Write};

use oxigraph::model::NamedNode;
use serde::{Deserialize, Serialize};

use super::{Diagrams, Problem, resource, sparql};
use crate::rdf::Iris;
use crate::rdf::store::GraphStore;

/// What a worker does for one request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Task {
    /// A SPARQL query, answered in the format `accept` prefers.
    Query {
        query: String,
        default_graphs: Vec<String>,
        named_graphs: Vec<String>,
        accept: Option<String>,
    },
    /// The description (RDF) or page (HTML) of a served IRI.
    Resource { iri: String, accept: Option<String> },
    /// The service description in an RDF format.
    Description { endpoint: String, media_type: String },
    /// The diagram, or one entity's neighbourhood.
    Diagram { focus: Option<String> },
}

/// The first line of a worker's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplyHead {
    pub status: u16,
    pub content_type: String,
    /// The representation was chosen by the `Accept` header.
    pub negotiated: bool,
    pub length: usize,
}

/// A worker's answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub head: ReplyHead,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn ok(content_type: &str, negotiated: bool, body: Vec<u8>) -> Self {
        let head = ReplyHead {
            status: 200,
            content_type: content_type.to_string(),
            negotiated,
            length: body.len(),
        };
        Reply { head, body }
    }

    fn problem(problem: &Problem) -> Self {
        let body = format!("{}\n", problem.message).into_bytes();
        let head = ReplyHead {
            status: problem.status.as_u16(),
            content_type: "text/plain; charset=utf-8".into(),
            negotiated: false,
            length: body.len(),
        };
        Reply { head, body }
    }

    /// Reads an answer as [`write`](Self::write) wrote it.
    pub fn read(input: &mut impl BufRead) -> std::io::Result<Self> {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let head: ReplyHead = serde_json::from_str(&line).map_err(std::io::Error::other)?;
        let mut body = vec![0; head.length];
        input.read_exact(&mut body)?;
        Ok(Reply { head, body })
    }

    fn write(&self, output: &mut impl Write) -> std::io::Result<()> {
        serde_json::to_writer(&mut *output, &self.head).map_err(std::io::Error::other)?;
        output.write_all(b"\n")?;
        output.write_all(&self.body)?;
        output.flush()
    }
}

/// What a worker knows.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub iris: Iris,
    pub max_results: usize,
    /// The server's snapshot of the store, removed when the server goes away.
    pub snapshot: Option<std::path::PathBuf>,
}

/// Answers tasks from stdin on stdout until stdin closes. The worker then exits at once, even
/// in the middle of a task: stdin closes when the server ends, however it ends (killed too),
/// and the server's snapshot of the store goes with it.
pub fn run(
    config: &WorkerConfig,
    store: &GraphStore,
    diagrams: Option<&dyn Diagrams>,
) -> std::io::Result<()> {
    let (sender, tasks) = std::sync::mpsc::channel::<String>();
    let snapshot = config.snapshot.clone();
    std::thread::Builder::new().name("newsgraph worker stdin".into()).spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
        if let Some(snapshot) = snapshot {
            // Every worker tries; the others find it gone.
            let _ = std::fs::remove_dir_all(snapshot);
        }
        std::process::exit(0);
    })?;
    let stdout = std::io::stdout();
    let mut output = stdout.lock();
    for line in tasks {
        let reply = match serde_json::from_str::<Task>(&line) {
            Ok(task) => perform(config, store, diagrams, task),
            Err(e) => Err(Problem::new(
                oxhttp::model::StatusCode::INTERNAL_SERVER_ERROR,
                format!("worker cannot read its task: {e}"),
            )),
        };
        reply.unwrap_or_else(|problem| Reply::problem(&problem)).write(&mut output)?;
    }
    Ok(())
}

fn perform(
    config: &WorkerConfig,
    store: &GraphStore,
    diagrams: Option<&dyn Diagrams>,
    task: Task,
) -> Result<Reply, Problem> {
    let iri = |value: &str| {
        NamedNode::new(value).map_err(|e| Problem::bad_request(format!("IRI {value:?}: {e}")))
    };
    match task {
        Task::Query { query, default_graphs, named_graphs, accept } => {
            let default_graphs =
                default_graphs.iter().map(|g| iri(g)).collect::<Result<Vec<_>, _>>()?;
            let named_graphs =
                named_graphs.iter().map(|g| iri(g)).collect::<Result<Vec<_>, _>>()?;
            sparql::evaluate(
                store,
                config,
                &query,
                &default_graphs,
                &named_graphs,
                accept.as_deref(),
            )
        }
        Task::Resource { iri: resource, accept } => {
            resource::answer(store, config, &iri(&resource)?, accept.as_deref())
        }
        Task::Description { endpoint, media_type } => {
            sparql::description(store, config, &iri(&endpoint)?, &media_type)
        }
        Task::Diagram { focus } => {
            let Some(diagrams) = diagrams else {
                return Err(Problem::not_found_because("no diagrams in this server"));
            };
            diagrams
                .svg(focus.as_deref())
                .map(|svg| Reply::ok("image/svg+xml", false, svg))
                .map_err(Problem::not_found_because)
        }
    }
}
