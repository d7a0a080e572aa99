//! Pushing named graphs to a remote triple store with the SPARQL 1.1 Graph Store HTTP Protocol.
//!
//! Each graph goes up as one `PUT <endpoint>?graph=<iri>` whose body is the graph's triples in
//! N-Triples syntax sent as `text/turtle` (N-Triples is a subset of Turtle, and Turtle is the one
//! format every Graph Store Protocol implementation must accept). PUT replaces the remote graph,
//! so pushing twice never duplicates, and a retried PUT is harmless. A graph larger than one
//! request should carry goes up in parts, read from the store as they are sent: a PUT of the
//! first, then a `POST` (which adds to the graph) of each further one. Adding triples a graph
//! holds already changes nothing, so a retried POST is harmless too (newsgraph writes no blank
//! nodes, the one kind of term a second POST would copy). Memory so holds one part, whatever
//! the size of the graph; a remote reader may see a large graph in part while it is pushed.
//! Afterwards the remote is asked with the SPARQL 1.1 Protocol how many triples each graph
//! holds, so a silent loss shows.
//!
//! [`transport`] makes single exchanges reliable (retries, authentication); [`auth`] computes
//! the Basic and Digest answers; the `push` command ties them to the local store.

pub(crate) mod auth;
#[cfg(test)]
mod tests;
pub(crate) mod transport;

use std::time::Duration;

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Method, Uri};
use oxigraph::model::Triple;
use percent_encoding::utf8_percent_encode;

use crate::rdf::UNRESERVED;

pub use auth::Credentials;
pub use transport::{Reply, RetryObserver, RetryPolicy, Transport};

/// The media type of graph bodies (the bytes are N-Triples, a subset of Turtle).
pub const GRAPH_MEDIA_TYPE: &str = "text/turtle";

/// Why a push request failed, naming the request.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("invalid URL {url:?}: {message}")]
    Url { url: String, message: String },
    #[error("{method} {url}: {message} (after {attempts} attempt{})",
        if *attempts == 1 { "" } else { "s" })]
    Connection { method: String, url: String, attempts: u32, message: String },
    #[error("{method} {url}: HTTP {status} {reason}{}{} (after {attempts} attempt{})",
        if detail.is_empty() { "" } else { ": " }, detail, if *attempts == 1 { "" } else { "s" })]
    Status {
        method: String,
        url: String,
        status: u16,
        reason: String,
        attempts: u32,
        /// The start of the response body, or where a redirection points.
        detail: String,
    },
    #[error("{url}: the server asks for authentication ({offered}); give --user and --password")]
    AuthRequired { url: String, offered: String },
    #[error("{method} {url}: the server rejected the credentials of user {user:?} (HTTP 401)")]
    AuthRejected { method: String, url: String, user: String },
    #[error("{url}: cannot answer the authentication challenge: {offered}")]
    AuthUnsupported { url: String, offered: String },
    #[error("{url}: unexpected answer: {message}")]
    BadAnswer { url: String, message: String },
}

/// Where and how to push.
#[derive(Debug, Clone)]
pub struct RemoteConfig {
    /// The Graph Store Protocol endpoint (`?graph=` is appended).
    pub endpoint: Uri,
    /// The SPARQL query endpoint for the count check.
    pub query_endpoint: Uri,
    pub credentials: Option<Credentials>,
    pub retry: RetryPolicy,
    /// Longest wait for connecting, sending or receiving.
    pub timeout: Duration,
}

/// A remote store reached through the Graph Store Protocol and the SPARQL Protocol.
#[derive(Debug)]
pub struct Remote {
    transport: Transport,
    endpoint: Uri,
    query_endpoint: Uri,
}

impl Remote {
    pub fn new(config: RemoteConfig) -> Self {
        Remote {
            transport: Transport::new(config.credentials, config.retry, config.timeout),
            endpoint: config.endpoint,
            query_endpoint: config.query_endpoint,
        }
    }

    /// Calls `observer` before every wait between attempts.
    pub fn with_retry_observer(mut self, observer: RetryObserver) -> Self {
        self.transport = self.transport.with_retry_observer(observer);
        self
    }

    /// Replaces the remote graph `graph` with the triples in `body` (N-Triples).
    pub fn put_graph(&self, graph: &str, body: &[u8]) -> Result<Reply, PushError> {
        let url = graph_url(&self.endpoint, graph)?;
        self.transport.send(&Method::PUT, &url, &[(CONTENT_TYPE, GRAPH_MEDIA_TYPE)], body)
    }

    /// Adds the triples in `body` (N-Triples) to the remote graph `graph`.
    pub fn post_graph(&self, graph: &str, body: &[u8]) -> Result<Reply, PushError> {
        let url = graph_url(&self.endpoint, graph)?;
        self.transport.send(&Method::POST, &url, &[(CONTENT_TYPE, GRAPH_MEDIA_TYPE)], body)
    }

    /// How many triples the remote graph `graph` holds, asked with a SPARQL COUNT.
    pub fn count_triples(&self, graph: &str) -> Result<u64, PushError> {
        let query = count_query(graph);
        let body = format!("query={}", percent_encode(&query));
        let reply = self.transport.send(
            &Method::POST,
            &self.query_endpoint,
            &[
                (CONTENT_TYPE, "application/x-www-form-urlencoded"),
                (ACCEPT, "application/sparql-results+json"),
            ],
            body.as_bytes(),
        )?;
        parse_count(&reply.body).map_err(|message| PushError::BadAnswer {
            url: self.query_endpoint.to_string(),
            message,
        })
    }
}

/// The SPARQL query counting the triples of one graph.
pub fn count_query(graph: &str) -> String {
    format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
}

/// Reads the count out of SPARQL JSON results with one row binding `?n`.
pub fn parse_count(json: &str) -> Result<u64, String> {
    let results: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        format!("not SPARQL JSON results ({e}): {}", json.chars().take(200).collect::<String>())
    })?;
    let value = &results["results"]["bindings"][0]["n"]["value"];
    let text = value.as_str().ok_or("no ?n in the first result row")?;
    // Some stores write integers as decimals ("42.0") or with a sign.
    let number: f64 = text.trim().parse().map_err(|_| format!("count {text:?} is not a number"))?;
    if number < 0.0 || number.fract() != 0.0 {
        return Err(format!("count {text:?} is not a whole number"));
    }
    Ok(number as u64)
}

/// `endpoint` with `graph=<iri>` added to its query string.
pub fn graph_url(endpoint: &Uri, graph: &str) -> Result<Uri, PushError> {
    let text = endpoint.to_string();
    let separator = if endpoint.query().is_some_and(|q| !q.is_empty()) {
        "&"
    } else if text.ends_with('?') {
        ""
    } else {
        "?"
    };
    let url = format!("{text}{separator}graph={}", percent_encode(graph));
    url.parse()
        .map_err(|e: oxhttp::model::uri::InvalidUri| PushError::Url { url, message: e.to_string() })
}

/// Checks an endpoint URL: http or https, a host, no credentials in it.
pub fn parse_endpoint(url: &str) -> Result<Uri, PushError> {
    let error = |message: &str| PushError::Url { url: url.to_owned(), message: message.to_owned() };
    let uri: Uri =
        url.parse().map_err(|e: oxhttp::model::uri::InvalidUri| error(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(error("the scheme must be http or https")),
    }
    let Some(authority) = uri.authority() else {
        return Err(error("no host"));
    };
    if authority.as_str().contains('@') {
        return Err(error("give credentials with --user and --password, not in the URL"));
    }
    if uri.path().is_empty() || uri.path() == "/" {
        return Err(error("no path: give the store's graph store endpoint, see docs/push.md"));
    }
    Ok(uri)
}

/// The SPARQL query endpoint that goes with a Graph Store Protocol endpoint, for the common
/// stores (docs/push.md); the endpoint itself when the path is not recognised, as a Fuseki
/// dataset URL serves both protocols.
pub fn derive_query_endpoint(endpoint: &Uri) -> Uri {
    let path = endpoint.path();
    let trimmed = path.trim_end_matches('/');
    let replacements: [(&str, &str); 6] = [
        // Virtuoso
        ("/sparql-graph-crud-auth", "/sparql"),
        ("/sparql-graph-crud", "/sparql"),
        // GraphDB and RDF4J: the repository URL is its query endpoint
        ("/rdf-graphs/service", ""),
        // Amazon Neptune
        ("/sparql/gsp", "/sparql"),
        // Fuseki
        ("/data", "/sparql"),
        // Oxigraph server
        ("/store", "/query"),
    ];
    let new_path = replacements
        .iter()
        .find_map(|(suffix, replacement)| {
            trimmed.strip_suffix(suffix).map(|base| format!("{base}{replacement}"))
        })
        .unwrap_or_else(|| path.to_owned());
    let scheme = endpoint.scheme_str().unwrap_or("http");
    let authority = endpoint.authority().map_or("", |a| a.as_str());
    format!("{scheme}://{authority}{new_path}").parse().unwrap_or_else(|_| endpoint.clone())
}

/// A graph's triples as an N-Triples document, one sorted line per triple.
pub fn ntriples<'a>(triples: impl IntoIterator<Item = &'a Triple>) -> Vec<u8> {
    let mut lines: Vec<String> = triples.into_iter().map(|t| format!("{t} .\n")).collect();
    lines.sort();
    lines.dedup();
    lines.concat().into_bytes()
}

/// Percent-encodes everything but RFC 3986 unreserved characters, for query strings and forms
/// (the set IRI segments are encoded with).
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}
