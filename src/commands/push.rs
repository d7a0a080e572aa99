//! `newsgraph push`: the store's named graphs into a remote triple store, one Graph Store
//! Protocol PUT per graph in graph IRI order, then a count check of every graph on the remote.
//!
//! stdout gets one row per graph (local and remote triple counts, the PUT's status) and a total;
//! stderr gets retries, mismatches and the timing. Exit 1 if a PUT fails or a count differs.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Triple};

use super::Outcome;
use crate::commands::cli::PushArgs;
use crate::push::{self, Credentials, Remote, RemoteConfig, RetryPolicy};
use crate::rdf::store::GraphStore;

/// The environment variable read for the password when `--user` comes without `--password`.
const PASSWORD_VARIABLE: &str = "NEWSGRAPH_PASSWORD";

/// The checked form of the arguments.
#[derive(Debug)]
struct Config {
    store: std::path::PathBuf,
    remote: RemoteConfig,
    /// Most triples per request.
    part: usize,
}

impl Config {
    fn from_args(args: &PushArgs) -> anyhow::Result<Self> {
        let endpoint = push::parse_endpoint(&args.endpoint).context("--endpoint")?;
        let query_endpoint = match &args.query_endpoint {
            Some(url) => push::parse_endpoint(url).context("--query-endpoint")?,
            None => push::derive_query_endpoint(&endpoint),
        };
        let credentials = match (&args.user, &args.password) {
            (None, _) => None,
            (Some(user), Some(password)) => {
                Some(Credentials { user: user.clone(), password: password.clone() })
            }
            (Some(user), None) => {
                let password = std::env::var(PASSWORD_VARIABLE).map_err(|_| {
                    anyhow::anyhow!(
                        "--user {user:?} needs a password: give --password or set {PASSWORD_VARIABLE}"
                    )
                })?;
                Some(Credentials { user: user.clone(), password })
            }
        };
        let retry = RetryPolicy { attempts: args.retries.max(1), ..RetryPolicy::default() };
        Ok(Config {
            part: usize::try_from(args.triples_per_request)
                .context("--triples-per-request: too large")?,
            store: args.store.clone(),
            remote: RemoteConfig {
                endpoint,
                query_endpoint,
                credentials,
                retry,
                timeout: Duration::from_secs(args.timeout),
            },
        })
    }
}

/// What happened to one graph.
#[derive(Debug)]
struct Pushed {
    graph: String,
    triples: u64,
    status: String,
    remote: Option<u64>,
}

pub fn run(args: &PushArgs) -> anyhow::Result<Outcome> {
    let config = Config::from_args(args)?;
    let started = Instant::now();
    let store = GraphStore::open_read_only(&config.store)?;
    let graphs = local_graphs(&store)?;
    if graphs.is_empty() {
        anyhow::bail!("store {}: no named graphs to push", config.store.display());
    }
    let endpoint = config.remote.endpoint.to_string();
    let query_endpoint = config.remote.query_endpoint.to_string();
    let remote = Remote::new(config.remote).with_retry_observer(Box::new(|note| {
        eprintln!(
            "newsgraph: {} {}: {}; attempt {} of {} in {:.1} s",
            note.method,
            note.url,
            note.why,
            note.attempt + 1,
            note.of,
            note.delay.as_secs_f64()
        );
    }));

    let progress = std::io::stderr().is_terminal();
    let mut pushed = Vec::with_capacity(graphs.len());
    for (index, (graph, triples)) in graphs.iter().enumerate() {
        if progress {
            eprint!("\rnewsgraph: pushing graph {} of {}", index + 1, graphs.len());
        }
        let reply = push_graph(&remote, &store, graph, config.part).with_context(|| {
            let graph = graph.as_str();
            format!("graph <{graph}> not pushed ({index} of {} graphs were)", graphs.len())
        })?;
        pushed.push(Pushed {
            graph: graph.as_str().to_owned(),
            triples: *triples,
            status: format!("{} {}", reply.status, reply.reason),
            remote: None,
        });
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    let pushed_in = started.elapsed();

    let mut mismatches = 0;
    for graph in &mut pushed {
        let remote_count = remote.count_triples(&graph.graph).with_context(|| {
            format!("graph <{}>: cannot count its triples on the remote", graph.graph)
        })?;
        graph.remote = Some(remote_count);
        if remote_count != graph.triples {
            mismatches += 1;
            eprintln!(
                "newsgraph: error: graph <{}>: {} triples pushed but {query_endpoint} counts {remote_count}",
                graph.graph, graph.triples
            );
        }
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    table(&mut out, &pushed)?;
    out.flush()?;
    let total: u64 = pushed.iter().map(|p| p.triples).sum();
    eprintln!(
        "newsgraph: pushed {} graphs ({total} triples) to {endpoint} in {:.2} s; count check {} in {:.2} s",
        pushed.len(),
        pushed_in.as_secs_f64(),
        if mismatches == 0 { "passed" } else { "FAILED" },
        (started.elapsed() - pushed_in).as_secs_f64()
    );
    if mismatches > 0 {
        anyhow::bail!(
            "the remote triple counts differ for {mismatches} of {} graphs (see above)",
            pushed.len()
        );
    }
    Ok(Outcome::Success)
}

/// Pushes one graph in parts of at most `part` triples, read from the store as they are sent (the
/// store, and one graph of it, may be far larger than memory); returns the answer to the PUT.
fn push_graph(
    remote: &Remote,
    store: &GraphStore,
    graph: &NamedNode,
    part: usize,
) -> anyhow::Result<push::Reply> {
    let mut triples = store.graph_triples(graph.as_ref().into());
    let mut next_part = || triples.by_ref().take(part).collect::<Result<Vec<Triple>, _>>();
    let first = next_part()?;
    let reply = remote.put_graph(graph.as_str(), &push::ntriples(&first))?;
    let mut sent = first.len();
    while sent == part {
        let further = next_part()?;
        if further.is_empty() {
            break;
        }
        remote.post_graph(graph.as_str(), &push::ntriples(&further))?;
        sent = further.len();
    }
    Ok(reply)
}

/// The store's named graphs that hold triples, in IRI order, with their numbers of triples.
/// Triples in the default graph or in a blank node graph have no graph IRI to PUT to and are
/// left out with a warning (newsgraph never writes any).
fn local_graphs(store: &GraphStore) -> anyhow::Result<Vec<(NamedNode, u64)>> {
    let mut graphs = Vec::new();
    let mut in_default = store.graph_len(GraphNameRef::DefaultGraph)?;
    for graph in store.named_graphs()? {
        match graph {
            NamedOrBlankNode::NamedNode(graph) => {
                let triples = store.graph_len(graph.as_ref().into())?;
                if triples > 0 {
                    graphs.push((graph, triples as u64));
                }
            }
            NamedOrBlankNode::BlankNode(graph) => {
                in_default += store.graph_len(graph.as_ref().into())?;
            }
        }
    }
    if in_default > 0 {
        eprintln!(
            "newsgraph: warning: {in_default} triples outside named graphs (default graph or blank \
             node graph names) are not pushed"
        );
    }
    graphs.sort_unstable_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    Ok(graphs)
}

/// The per-graph rows and the total, columns aligned.
fn table(out: &mut impl Write, pushed: &[Pushed]) -> std::io::Result<()> {
    let rows: Vec<[String; 4]> = pushed
        .iter()
        .map(|p| {
            [
                p.graph.clone(),
                p.triples.to_string(),
                p.remote.map_or_else(String::new, |n| n.to_string()),
                p.status.clone(),
            ]
        })
        .collect();
    let header = ["graph", "triples", "remote", "status"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: [&str; 4]| {
        writeln!(
            out,
            "{:<w0$}  {:>w1$}  {:>w2$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        )
    };
    line(out, header)?;
    line(out, [&"-".repeat(widths[0]), &"-".repeat(widths[1]), &"-".repeat(widths[2]), "------"])?;
    for row in &rows {
        line(out, [&row[0], &row[1], &row[2], &row[3]])?;
    }
    let total: u64 = pushed.iter().map(|p| p.triples).sum();
    writeln!(out, "\n{} graphs, {total} triples", pushed.len())
}
