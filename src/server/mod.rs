//! The HTTP server behind `newsgraph serve`: the store for SPARQL clients, linked-data tools and
//! browsers, read-only.
//!
//! Routes:
//! - `/sparql`: the SPARQL 1.1 Protocol ([`sparql`]); without a query, the service description.
//! - `/id/…`: the instance IRIs of the served base, dereferenced ([`resource`]).
//! - `/`: a query page with the shipped `queries/` as examples ([`html`], [`examples`]).
//! - `/diagram.svg[?focus=LABEL]`: the graph's diagram, drawn in a worker by its [`Diagrams`].
//! - `/update`: refused, as every SPARQL Update is (403).
//!
//! The work: oxhttp (oxigraph's own HTTP layer) runs one thread per connection, at most
//! [`MAX_CONNECTIONS`]; these threads parse requests and write answers. Everything that reads
//! the store runs in a fixed number of worker processes ([`pool`], [`worker`]) under the
//! per-query timeout and a memory cap: a query that would run forever is killed with its
//! worker, its client gets 503, and the other requests are answered meanwhile. Request bodies
//! are read only up to `--max-body` bytes; results are serialised only up to `--max-results`
//! rows or triples (more is refused with 413). No route reads a file: the pages, their CSS and
//! JavaScript and the example queries are compiled in, and the browser is told
//! (Content-Security-Policy) to fetch nothing from elsewhere.

mod examples;
mod html;
mod negotiate;
mod pool;
mod resource;
mod sparql;
mod worker;

use std::collections::BTreeMap;
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oxhttp::model::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ALLOW, CACHE_CONTROL, CONNECTION, CONTENT_LENGTH,
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxhttp::{ListeningServer, Server};

use crate::knowledge::vocabulary::PREFIXES;
use crate::rdf::Iris;
use crate::rdf::store::GraphStore;
pub use pool::WorkerCommand;
use pool::{Pool, PoolError};
pub use worker::WorkerConfig;
use worker::{Reply, Task};

/// Connections served at the same time (one thread each); more wait in the listen backlog.
pub const MAX_CONNECTIONS: usize = 128;
/// Bytes of an over-long request body read and discarded so the client still sees the 413; a
/// body longer still is cut off by closing the connection.
const DRAIN_LIMIT: u64 = 8 << 20;
/// Diagrams kept after drawing (the store does not change while it is served).
const DIAGRAM_CACHE: usize = 256;

/// What the server needs, checked before it starts.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// The instance IRIs served under `/id/`.
    pub iris: Iris,
    /// How long one request may wait for and keep a worker.
    pub timeout: Duration,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Worker processes.
    pub workers: usize,
    /// Resident memory a worker may use, in bytes.
    pub max_memory: u64,
    /// How to start a worker (this program in its worker mode, see [`run_worker`]).
    pub worker: WorkerCommand,
}

/// Draws the store as an SVG diagram: all of it, or the neighbourhood of the entity with the
/// given label. The `serve` command implements it with the diagram module.
pub trait Diagrams: Send + Sync {
    fn svg(&self, focus: Option<&str>) -> Result<Vec<u8>, String>;
}

/// A started server.
#[allow(missing_debug_implementations)] // oxhttp's handle has no Debug
pub struct Running {
    address: SocketAddr,
    server: ListeningServer,
}

impl Running {
    /// Where the server listens (with the actual port when 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until the process ends.
    pub fn join(self) -> std::io::Result<()> {
        self.server.join()
    }
}

/// Starts the workers and the server.
pub fn start(config: Config) -> std::io::Result<Running> {
    // oxhttp binds its own listener and does not tell the port it got: find a free one first.
    // (Rust's listeners set SO_REUSEADDR, so binding the same port again right away works.)
    let address = TcpListener::bind(config.bind)?.local_addr()?;
    let pool = Pool::new(
        config.worker.clone(),
        config.workers,
        MAX_CONNECTIONS.min(config.workers * 8),
        config.max_memory,
    )?;
    let service = Arc::new(Service {
        front_page: html::front_page(&config.iris),
        config,
        pool,
        diagram_cache: Mutex::new(BTreeMap::new()),
    });
    let server = Server::new(move |request| service.handle(request))
        .bind(address)
        .with_global_timeout(Duration::from_secs(60))
        .with_max_concurrent_connections(MAX_CONNECTIONS)
        .with_server_name(concat!("newsgraph/", env!("CARGO_PKG_VERSION")))
        .map_err(std::io::Error::other)?
        .spawn()?;
    Ok(Running { address, server })
}

/// The worker side: answers the server's tasks on stdin and stdout until stdin closes.
pub fn run_worker(
    config: &WorkerConfig,
    store: &GraphStore,
    diagrams: Option<&dyn Diagrams>,
) -> std::io::Result<()> {
    worker::run(config, store, diagrams)
}

/// A response other than the one asked for: a status, a message for people and maybe headers.
#[derive(Debug)]
struct Problem {
    status: StatusCode,
    message: String,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Problem {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Problem { status, message: message.into(), headers: Vec::new() }
    }

    fn with_header(mut self, name: HeaderName, value: &'static str) -> Self {
        self.headers.push((name, HeaderValue::from_static(value)));
        self
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, message)
    }

    fn not_found() -> Self {
        Problem::new(StatusCode::NOT_FOUND, "nothing here")
    }

    fn not_found_because(message: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, message)
    }

    fn method_not_allowed(allow: &'static str) -> Self {
        Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("method not allowed here; use {allow}"),
        )
        .with_header(ALLOW, allow)
    }

    fn not_acceptable(offers: &[&str]) -> Self {
        Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the accepted media types is available; available: {}",
                offers.join(", ")
            ),
        )
    }

    fn read_only() -> Self {
        Problem::new(
            StatusCode::FORBIDDEN,
            "this endpoint is read-only: SPARQL Update is not accepted (the store changes only \
             with `newsgraph build`)",
        )
    }

    /// The pool's refusals as HTTP answers.
    fn from_pool(error: PoolError, config: &Config) -> Self {
        match error {
            PoolError::TimedOut => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query did not finish within {} s, the server's time limit (--timeout); \
                     it was stopped",
                    config.timeout.as_secs()
                ),
            ),
            PoolError::TooMuchMemory => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query was stopped when it needed more than {} MiB, the server's limit \
                     (--max-memory)",
                    config.max_memory >> 20
                ),
            ),
            PoolError::Busy => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is busy with other queries; try again shortly",
            )
            .with_header(RETRY_AFTER, "1"),
            PoolError::Failed => {
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "the query worker failed")
            }
        }
    }

    fn into_response(self) -> Response<Body> {
        let mut response = ok("text/plain; charset=utf-8", format!("{}\n", self.message));
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        response
    }
}

type Answer = Result<Response<Body>, Problem>;

/// A successful response with a body of `content_type`.
fn ok(content_type: &str, body: impl Into<Body>) -> Response<Body> {
    let mut response = Response::new(body.into());
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

/// Marks a response as chosen by the `Accept` header.
fn negotiated(mut response: Response<Body>) -> Response<Body> {
    response.headers_mut().insert(VARY, HeaderValue::from_static("Accept"));
    response
}

/// Our pages run only their own inline script and style and load nothing from elsewhere.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
    style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";
/// A diagram opened on its own runs nothing.
const SVG_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

fn html_page(body: String) -> Response<Body> {
    with_policy(ok("text/html; charset=utf-8", body))
}

/// Adds the Content-Security-Policy our HTML and SVG need.
fn with_policy(mut response: Response<Body>) -> Response<Body> {
    let content_type = response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let policy = match content_type {
        Some(t) if t.starts_with("text/html") => Some(PAGE_POLICY),
        Some(t) if t.starts_with("image/svg+xml") => Some(SVG_POLICY),
        _ => None,
    };
    if let Some(policy) = policy {
        response.headers_mut().insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    }
    response
}

/// A worker's answer as an HTTP response.
fn from_reply(reply: Reply) -> Response<Body> {
    let mut response = ok(&reply.head.content_type, reply.body);
    *response.status_mut() =
        StatusCode::from_u16(reply.head.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if reply.head.negotiated {
        response = negotiated(response);
    }
    with_policy(response)
}

/// The state every request shares.
struct Service {
    config: Config,
    pool: Pool,
    diagram_cache: Mutex<BTreeMap<String, Reply>>,
    front_page: String,
}

impl Service {
    fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let head = request.method() == Method::HEAD;
        let mut response = self.route(request).unwrap_or_else(Problem::into_response);
        if response.status().is_server_error() {
            eprintln!(
                "newsgraph: {} {}: {}",
                request.method(),
                request.uri().path(),
                response.status()
            );
        }
        let headers = response.headers_mut();
        // Any web page may query us: the data is public and nothing here changes state.
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        if head {
            // oxhttp then sends Content-Length: 0, not the length a GET would get: good enough
            // for the link checkers that send HEAD.
            *response.body_mut() = Body::empty();
        }
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Answer {
        if request.method() == Method::OPTIONS {
            return Ok(preflight(request));
        }
        let path = request.uri().path().to_string();
        match path.as_str() {
            "/" | "/index.html" => {
                only_get(request)?;
                Ok(html_page(self.front_page.clone()))
            }
            "/sparql" => sparql::handle(self, request),
            "/update" => {
                discard_body(request);
                Err(Problem::read_only())
            }
            "/diagram.svg" => {
                only_get(request)?;
                self.diagram(request)
            }
            // Browsers ask for an icon on every page; there is none, and saying so quietly keeps
            // their consoles (and the browser test) free of 404s.
            "/favicon.ico" => {
                only_get(request)?;
                let mut response = Response::new(Body::empty());
                *response.status_mut() = StatusCode::NO_CONTENT;
                Ok(response)
            }
            _ => match path.strip_prefix("/id/") {
                Some(rest) => {
                    only_get(request)?;
                    resource::handle(self, request, rest)
                }
                None => Err(Problem::not_found()),
            },
        }
    }

    /// Has a worker do `task`.
    fn run(&self, task: &Task) -> Answer {
        self.pool
            .run(task, self.config.timeout)
            .map(from_reply)
            .map_err(|e| Problem::from_pool(e, &self.config))
    }

    /// `/diagram.svg`, with `?focus=LABEL` for one entity's neighbourhood. Diagrams are kept:
    /// the store does not change while it is served.
    fn diagram(&self, request: &Request<Body>) -> Answer {
        let params = sparql::parse_form(request.uri().query().unwrap_or_default().as_bytes())?;
        let focus = params.into_iter().find(|(k, _)| k == "focus").map(|(_, v)| v);
        if focus.as_ref().is_some_and(|f| f.chars().count() > 200) {
            return Err(Problem::bad_request("focus label too long"));
        }
        let key = focus.clone().unwrap_or_default();
        if let Some(reply) = self.diagram_cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(from_reply(reply));
        }
        let reply = self
            .pool
            .run(&Task::Diagram { focus }, self.config.timeout)
            .map_err(|e| Problem::from_pool(e, &self.config))?;
        if let Ok(mut cache) = self.diagram_cache.lock()
            && cache.len() < DIAGRAM_CACHE
        {
            cache.insert(key, reply.clone());
        }
        let mut response = from_reply(reply);
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        Ok(response)
    }
}

fn only_get(request: &mut Request<Body>) -> Result<(), Problem> {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        Ok(())
    } else {
        discard_body(request);
        Err(Problem::method_not_allowed("GET, HEAD, OPTIONS"))
    }
}

/// The answer to a CORS preflight: every origin may GET and POST with the headers it asks for.
fn preflight(request: &Request<Body>) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    // No Access-Control-Allow-Methods: oxhttp drops that header from responses, and browsers do
    // not need it for GET, HEAD and POST, the CORS-safelisted methods (the only ones we serve).
    // Echo the asked-for headers when they are a plain list of names; otherwise the usual ones.
    let asked = request
        .headers()
        .get(ACCESS_CONTROL_REQUEST_HEADERS)
        .filter(|v| v.as_bytes().iter().all(|b| b.is_ascii_alphanumeric() || b", -_".contains(b)))
        .cloned();
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        asked.unwrap_or(HeaderValue::from_static("Accept, Content-Type")),
    );
    headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    headers.insert(ALLOW, HeaderValue::from_static("GET, HEAD, POST, OPTIONS"));
    response
}

/// Reads the request body, refusing (413) one longer than `max` bytes without reading it all.
fn read_body(request: &mut Request<Body>, max: usize) -> Result<Vec<u8>, Problem> {
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {max} bytes, the server's limit (--max-body)"),
        )
    };
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max as u64) {
        discard_body(request);
        return Err(too_large());
    }
    let mut body = Vec::new();
    request
        .body_mut()
        .take(max as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Problem::bad_request(format!("cannot read the request body: {e}")))?;
    if body.len() > max {
        discard_body(request);
        return Err(too_large());
    }
    Ok(body)
}

/// Makes sure an unread body costs little: oxhttp reads what is left of a body after the
/// answer, so at most [`DRAIN_LIMIT`] more bytes are read, and the connection is closed after
/// the answer instead of reading a next request from the middle of this body.
fn discard_body(request: &mut Request<Body>) {
    let body = std::mem::replace(request.body_mut(), Body::empty());
    *request.body_mut() = Body::from_read(body.take(DRAIN_LIMIT));
    request.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
}

/// The prefixes for Turtle and readable names, with `id:` standing for the served base.
fn prefixes(iris: &Iris) -> Vec<(&'static str, String)> {
    PREFIXES
        .iter()
        .map(|(name, iri)| {
            let iri = if *name == "id" { iris.base().to_string() } else { (*iri).to_string() };
            (*name, iri)
        })
        .collect()
}
