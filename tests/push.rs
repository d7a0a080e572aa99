//! `newsgraph push`: retries and Basic authentication against a small in-process Graph Store
//! Protocol server, and the whole push end to end against a real Virtuoso started on loopback
//! ports. (The digest and challenge arithmetic is checked against the RFC examples by the unit
//! tests of `src/push/`.)

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Workspace;
use oxhttp::model::{Body, Request, Response, StatusCode, Uri};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

// ---------------------------------------------------------------------------------------------
// Against a small in-process Graph Store Protocol server

/// One request the fake server saw.
#[derive(Debug, Clone)]
struct Seen {
    at: Instant,
    method: String,
    graph: Option<String>,
    status: u16,
}

/// A fake remote store: keeps the number of N-Triples lines per graph (a PUT sets it, a POST adds
/// to it), answers COUNT queries from it, and lets a test decide how to answer each request first.
#[derive(Default)]
struct FakeStore {
    graphs: Mutex<BTreeMap<String, usize>>,
    seen: Mutex<Vec<Seen>>,
}

/// A test's say on a request before the fake store handles it: `Some(response)` answers it. The
/// index counts the requests before this one, leaving out the `HEAD` push sends first to learn
/// whether the server wants credentials.
type Gate = dyn Fn(&Request<Body>, usize) -> Option<Response<Body>> + Send + Sync;

/// Starts the fake store on a free loopback port; returns its state and its base URL.
fn fake_store(gate: Box<Gate>) -> (Arc<FakeStore>, String) {
    let state = Arc::new(FakeStore::default());
    let port = free_port();
    let shared = Arc::clone(&state);
    oxhttp::Server::new(move |request| {
        let index = shared.seen.lock().expect("lock").iter().filter(|s| s.method != "HEAD").count();
        let graph = query_param(request.uri(), "graph");
        let response = gate(request, index).unwrap_or_else(|| shared.handle(request));
        shared.seen.lock().expect("lock").push(Seen {
            at: Instant::now(),
            method: request.method().to_string(),
            graph,
            status: response.status().as_u16(),
        });
        response
    })
    .bind(([127, 0, 0, 1], port))
    .spawn()
    .expect("fake store starts");
    (state, format!("http://127.0.0.1:{port}"))
}

impl FakeStore {
    fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let mut body = String::new();
        request.body_mut().read_to_string(&mut body).expect("request body");
        match (request.method().as_str(), request.uri().path()) {
            ("PUT", "/store") => {
                let Some(graph) = query_param(request.uri(), "graph") else {
                    return respond(400, "no graph");
                };
                let content_type =
                    request.headers().get("content-type").and_then(|v| v.to_str().ok());
                assert_eq!(content_type, Some("text/turtle"));
                let triples = body.lines().filter(|l| !l.trim().is_empty()).count();
                let created = self.graphs.lock().expect("lock").insert(graph, triples).is_none();
                respond(if created { 201 } else { 204 }, "")
            }
            ("POST", "/store") => {
                let Some(graph) = query_param(request.uri(), "graph") else {
                    return respond(400, "no graph");
                };
                let triples = body.lines().filter(|l| !l.trim().is_empty()).count();
                *self.graphs.lock().expect("lock").entry(graph).or_default() += triples;
                respond(204, "")
            }
            ("POST", "/query") => {
                let query = form_param(&body, "query").expect("query parameter");
                let graph = query
                    .split_once("GRAPH <")
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(graph, _)| graph.to_owned())
                    .expect("GRAPH <iri> in the count query");
                let n = self.graphs.lock().expect("lock").get(&graph).copied().unwrap_or(0);
                respond(
                    200,
                    &format!(
                        r#"{{"head":{{"vars":["n"]}},"results":{{"bindings":[{{"n":{{"type":"literal","value":"{n}"}}}}]}}}}"#
                    ),
                )
            }
            _ => respond(404, "not found"),
        }
    }

    /// The requests seen, but for `HEAD`s.
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").iter().filter(|s| s.method != "HEAD").cloned().collect()
    }
}

fn respond(status: u16, body: &str) -> Response<Body> {
    Response::builder()
        .status(StatusCode::from_u16(status).expect("status"))
        .body(Body::from(body.to_owned()))
        .expect("response")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn query_param(uri: &Uri, name: &str) -> Option<String> {
    form_param(uri.query()?, name)
}

fn form_param(form: &str, name: &str) -> Option<String> {
    form.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| percent_decode(value))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 3 <= bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex digit"));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// A workspace with a small store: one deal article plus the lexicon and vocabulary graphs.
fn small_store() -> Workspace {
    let ws = Workspace::new();
    let article = common::repo().join("tests/fixtures/deals/01_logistik.txt");
    ws.ok(&["build", article.to_str().expect("utf-8"), "--store", "store"]);
    ws
}

/// The rows of push's table: graph → (local triples, remote triples, status).
fn pushed_rows(stdout: &str) -> BTreeMap<String, (u64, u64, String)> {
    stdout
        .lines()
        .skip(2)
        .take_while(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            assert!(cells.len() >= 4, "short row {line:?} in\n{stdout}");
            let number = |s: &str| s.parse::<u64>().unwrap_or_else(|_| panic!("{s:?} in {line:?}"));
            (cells[0].to_owned(), (number(cells[1]), number(cells[2]), cells[3..].join(" ")))
        })
        .collect()
}

/// A graph larger than one request should carry goes up as a PUT of its first part and a POST of
/// each further part, in order, and arrives whole.
#[test]
fn push_sends_a_large_graph_in_parts_and_it_arrives_whole() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let (store, base) = fake_store(Box::new(|_, _| None));
    let endpoint = format!("{base}/store");
    let args =
        ["push", "--endpoint", &endpoint, "--store", "store", "--triples-per-request", "500"];
    let rows = pushed_rows(&ws.ok(&args));
    assert_eq!(rows.len(), 8, "5 documents, facts, lexicon, vocabulary");
    let mut split = 0;
    for (graph, (local, remote, _)) in &rows {
        assert_eq!(local, remote, "{graph}");
        let requests: Vec<String> = (store.seen().into_iter())
            .filter(|seen| seen.graph.as_deref() == Some(graph.as_str()))
            .map(|seen| seen.method)
            .collect();
        let parts = usize::try_from(local.div_ceil(500)).expect("a small number");
        let mut expected = vec!["PUT".to_string()];
        expected.extend(std::iter::repeat_n("POST".to_string(), parts - 1));
        assert_eq!(requests, expected, "{graph}: {local} triples");
        split += usize::from(parts > 1);
    }
    assert!(split >= 5, "only {split} graphs were large enough to split");
}

#[test]
fn push_retries_503_with_backoff_then_succeeds() {
    let ws = small_store();
    // The first two requests get 503, then the store answers normally.
    let (store, base) = fake_store(Box::new(|request, index| {
        (request.method().as_str() != "HEAD" && index < 2)
            .then(|| respond(503, "busy, come back later"))
    }));
    let endpoint = format!("{base}/store");
    let started = Instant::now();
    let output = ws.run(&["push", "--endpoint", &endpoint, "--store", "store"]);
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "push failed:\n{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);

    let seen = store.seen();
    let statuses: Vec<u16> = seen.iter().take(3).map(|s| s.status).collect();
    assert_eq!(statuses, [503, 503, 201], "{seen:?}");
    assert!(seen[..3].iter().all(|s| s.method == "PUT" && s.graph == seen[0].graph), "{seen:?}");
    let gaps = [seen[1].at - seen[0].at, seen[2].at - seen[1].at];
    assert!(
        gaps[0] >= Duration::from_millis(190) && gaps[1] >= Duration::from_millis(390),
        "waits between attempts should be about 200 ms then 400 ms, were {gaps:?}"
    );
    assert!(gaps[1] < Duration::from_secs(5), "backoff too long: {gaps:?} (total {elapsed:?})");
    assert_eq!(stderr.matches("HTTP 503").count(), 2, "one note per retry on stderr:\n{stderr}");

    // Graphs went up in IRI order, one PUT each, and every count matched.
    let rows = pushed_rows(&stdout);
    assert_eq!(rows.len(), 4, "document, facts, lexicon and vocabulary graphs:\n{stdout}");
    let put_order: Vec<String> = seen
        .iter()
        .filter(|s| s.method == "PUT" && s.status < 300)
        .filter_map(|s| s.graph.clone())
        .collect();
    assert_eq!(put_order, rows.keys().cloned().collect::<Vec<_>>());
    for (graph, (local, remote, _)) in &rows {
        assert_eq!(local, remote, "{graph}");
        assert!(*local > 0, "{graph} is empty");
    }
    assert!(stdout.contains("4 graphs"), "{stdout}");
}

#[test]
fn push_gives_up_on_a_persistent_503_after_the_attempts_allowed() {
    let ws = small_store();
    let (store, base) = fake_store(Box::new(|_, _| Some(respond(503, "down for maintenance"))));
    let endpoint = format!("{base}/store");
    let output = ws.run(&["push", "--endpoint", &endpoint, "--store", "store", "--retries", "3"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(store.seen().len(), 3, "three attempts, then stop");
    assert!(stderr.contains("HTTP 503"), "{stderr}");
    assert!(stderr.contains("down for maintenance"), "the body snippet is shown:\n{stderr}");
    assert!(stderr.contains("graph <https://w3id.org/newsgraph/"), "names the graph:\n{stderr}");
}

#[test]
fn push_retries_a_refused_connection_then_names_the_graph() {
    let ws = small_store();
    // A port nobody listens on.
    let endpoint = format!("http://127.0.0.1:{}/store", free_port());
    let output = ws.run(&["push", "--endpoint", &endpoint, "--store", "store", "--retries", "2"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("attempt 2 of 2 in 0.2 s"), "one retry after 0.2 s:\n{stderr}");
    assert!(stderr.contains("(after 2 attempts)"), "{stderr}");
    assert!(
        stderr.contains("graph <https://w3id.org/newsgraph/id/doc/01_logistik> not pushed"),
        "{stderr}"
    );
}

#[test]
fn push_does_not_retry_a_400_and_names_the_graph_and_the_answer() {
    let ws = small_store();
    let (store, base) = fake_store(Box::new(|request, _| {
        (request.method().as_str() == "PUT")
            .then(|| respond(400, "Turtle syntax error at line 7: unexpected token"))
    }));
    let endpoint = format!("{base}/store");
    let output = ws.run(&["push", "--endpoint", &endpoint, "--store", "store"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let seen = store.seen();
    assert_eq!(seen.len(), 1, "a 400 is final: {seen:?}");
    let graph = seen[0].graph.clone().expect("graph parameter");
    assert!(stderr.contains(&format!("graph <{graph}>")), "{stderr}");
    assert!(stderr.contains("HTTP 400 Bad Request"), "{stderr}");
    assert!(stderr.contains("Turtle syntax error at line 7"), "{stderr}");
}

/// A server in front of a fake store that, like Virtuoso, answers a request without credentials
/// with 401 and closes the connection without reading the body, so a client still sending a big
/// body sees a reset connection rather than the challenge. Requests with credentials go through.
/// Returns the base URL and the number of bodies that arrived without credentials.
fn impatient_gatekeeper(upstream: String) -> (String, Arc<Mutex<usize>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let refused_bodies = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&refused_bodies);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push(line.trim_end().to_owned());
            }
            let header = |name: &str| {
                head.iter().find_map(|h| {
                    let (n, v) = h.split_once(':')?;
                    n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
                })
            };
            let length: usize = header("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
            let Some(authorization) = header("authorization") else {
                if length > 0 {
                    *counter.lock().expect("lock") += 1;
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"gate\"\r\n\
                      Content-Length: 0\r\nConnection: close\r\n\r\n",
                );
                continue; // dropped unread: the kernel resets the connection
            };
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            let request_line: Vec<&str> = head[0].split(' ').collect();
            let mut forward = Request::builder()
                .method(request_line[0])
                .uri(format!("{upstream}{}", request_line[1]))
                .header("Authorization", authorization);
            for name in ["content-type", "accept"] {
                if let Some(value) = header(name) {
                    forward = forward.header(name, value);
                }
            }
            let response = oxhttp::Client::new()
                .request(forward.body(body).expect("request"))
                .expect("upstream answers");
            let status = response.status();
            let answer = response.into_body().to_vec().expect("body");
            let _ = write!(
                stream,
                "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                status.as_u16(),
                status.canonical_reason().unwrap_or(""),
                answer.len()
            );
            let _ = stream.write_all(&answer);
        }
    });
    (base, refused_bodies)
}

#[test]
fn push_learns_the_challenge_before_sending_a_body_the_server_would_not_read() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let (_store, upstream) = fake_store(Box::new(|_, _| None));
    let (base, refused_bodies) = impatient_gatekeeper(upstream);
    let endpoint = format!("{base}/store");
    let stdout = ws.ok(&[
        "push",
        "--endpoint",
        &endpoint,
        "--store",
        "store",
        "--user",
        "u",
        "--password",
        "p",
        "--retries",
        "1",
    ]);
    assert_eq!(*refused_bodies.lock().expect("lock"), 0, "no body sent before the challenge");
    assert_eq!(pushed_rows(&stdout).len(), 8);
}

#[test]
fn push_answers_a_basic_challenge_and_reports_wrong_or_missing_credentials() {
    let ws = small_store();
    // "alice:s3cret" in Base64.
    let expected = "Basic YWxpY2U6czNjcmV0".to_string();
    let (store, base) = fake_store(Box::new(move |request, _| {
        let given = request.headers().get("authorization").and_then(|v| v.to_str().ok());
        (given != Some(expected.as_str())).then(|| {
            Response::builder()
                .status(StatusCode::UNAUTHORIZED)
                .header("WWW-Authenticate", r#"Basic realm="graphs", charset="UTF-8""#)
                .body(Body::empty())
                .expect("response")
        })
    }));
    let endpoint = format!("{base}/store");

    let stdout = ws.ok(&[
        "push",
        "--endpoint",
        &endpoint,
        "--store",
        "store",
        "--user",
        "alice",
        "--password",
        "s3cret",
    ]);
    assert_eq!(pushed_rows(&stdout).len(), 4, "{stdout}");
    let seen = store.seen();
    // A HEAD learns the scheme; every PUT and query carries the credentials straight away.
    assert!(seen.iter().all(|s| s.status != 401), "{seen:?}");

    let output = ws.run(&[
        "push",
        "--endpoint",
        &endpoint,
        "--store",
        "store",
        "--user",
        "alice",
        "--password",
        "wrong",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(r#"rejected the credentials of user "alice""#), "{stderr}");
    assert!(!stderr.contains("wrong"), "the password is never shown:\n{stderr}");

    let output = ws.run(&["push", "--endpoint", &endpoint, "--store", "store"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(r#"basic realm "graphs""#), "{stderr}");
    assert!(stderr.contains("--user and --password"), "{stderr}");

    // The password may come from the environment instead of the command line.
    let output = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["push", "--endpoint", &endpoint, "--store", "store", "--user", "alice"])
        .env("NEWSGRAPH_PASSWORD", "s3cret")
        .current_dir(ws.dir.path())
        .output()
        .expect("newsgraph runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn push_fails_when_the_remote_count_differs() {
    let ws = small_store();
    // Two fake stores: `good` takes the PUTs, `lossy` answers the count check and has lost a
    // triple of the lexicon graph.
    let (_good, base) = fake_store(Box::new(|_, _| None));
    let (lossy, lossy_base) = fake_store(Box::new(|_, _| None));
    ws.ok(&["push", "--endpoint", &format!("{lossy_base}/store"), "--store", "store"]);
    let graph = {
        let mut graphs = lossy.graphs.lock().expect("lock");
        let (graph, n) = graphs.iter_mut().find(|(g, _)| g.ends_with("lexicon")).expect("lexicon");
        *n -= 1;
        graph.clone()
    };
    let output = ws.run(&[
        "push",
        "--endpoint",
        &format!("{base}/store"),
        "--query-endpoint",
        &format!("{lossy_base}/query"),
        "--store",
        "store",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("graph <{graph}>")), "{stderr}");
    assert!(stderr.contains("differ for 1 of 4 graphs"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// End to end against Virtuoso

/// A Virtuoso server in a temporary directory; killed when dropped.
struct Virtuoso {
    child: Child,
    http_port: u16,
    sql_port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Finds a program on PATH.
fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
}

impl Virtuoso {
    fn start() -> Self {
        let server = which("virtuoso-t").unwrap_or_else(|| {
            panic!(
                "virtuoso-t is not installed: this test needs a real Virtuoso. Install the Debian \
                 package with `apt-get install virtuoso-opensource` (.ci/install-deps does)"
            )
        });
        let dir = tempfile::tempdir().expect("temp dir");
        let (sql_port, http_port) = (free_port(), free_port());
        let template =
            std::fs::read_to_string(common::repo().join("tests/fixtures/virtuoso/virtuoso.ini"))
                .expect("virtuoso.ini template");
        let ini = template
            .replace("{sql_port}", &sql_port.to_string())
            .replace("{http_port}", &http_port.to_string());
        std::fs::write(dir.path().join("virtuoso.ini"), ini).expect("write virtuoso.ini");
        let log = std::fs::File::create(dir.path().join("stdout.log")).expect("log file");
        let child = Command::new(server)
            .args(["+foreground", "+configfile", "virtuoso.ini"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("virtuoso-t starts");
        let mut virtuoso = Virtuoso { child, http_port, sql_port, dir };
        virtuoso.wait_until_online();
        virtuoso
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http_port)
    }

    fn log(&self) -> String {
        ["stdout.log", "virtuoso.log"]
            .iter()
            .map(|f| std::fs::read_to_string(self.dir.path().join(f)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn wait_until_online(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        let client = oxhttp::Client::new().with_global_timeout(Duration::from_secs(5));
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("virtuoso-t exited with {status} while starting:\n{}", self.log());
            }
            let ask = self.url("/sparql?query=ASK%20%7B%7D");
            let request = Request::builder().uri(ask).body(Body::empty()).expect("request");
            if client.request(request).is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(Instant::now() < deadline, "Virtuoso not online after 120 s:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Runs SQL through Virtuoso's isql (`isql-vt` on Debian).
    fn sql(&self, statement: &str) -> String {
        let isql = which("isql-vt").or_else(|| which("isql-v")).unwrap_or_else(|| {
            panic!(
                "isql-vt is not installed (it ships with the Debian package virtuoso-opensource)"
            )
        });
        let output = Command::new(isql)
            .args([&self.sql_port.to_string(), "dba", "dba", &format!("exec={statement}")])
            .output()
            .expect("isql runs");
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success() && !text.contains("*** Error"), "{statement}:\n{text}");
        text
    }

    /// Runs a SPARQL query on Virtuoso's /sparql; rows as maps var → value.
    fn select(&self, sparql: &str) -> Vec<BTreeMap<String, String>> {
        let client = oxhttp::Client::new().with_global_timeout(Duration::from_secs(60));
        let request = Request::builder()
            .method("POST")
            .uri(self.url("/sparql"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/sparql-results+json")
            .body(format!("query={}", utf8_percent_encode(sparql, NON_ALPHANUMERIC)))
            .expect("request");
        let response = client.request(request).expect("Virtuoso answers");
        let status = response.status();
        let body = response.into_body().to_string().expect("body");
        assert!(status.is_success(), "Virtuoso: HTTP {status} for\n{sparql}\n{body}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("SPARQL JSON");
        json["results"]["bindings"]
            .as_array()
            .expect("bindings")
            .iter()
            .map(|row| {
                row.as_object()
                    .expect("row")
                    .iter()
                    .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap_or("").to_owned()))
                    .collect()
            })
            .collect()
    }
}

const GRAPH_COUNTS: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
     FILTER(STRSTARTS(STR(?g), \"https://w3id.org/newsgraph/\")) } GROUP BY ?g";

/// Rows of a local query as var → value maps (unbound variables left out).
fn local_rows(ws: &Workspace, query: &Path) -> Vec<BTreeMap<String, String>> {
    ws.query_json("store", query)
        .into_iter()
        .map(|row| row.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or("").to_owned())).collect())
        .collect()
}

fn counts(rows: Vec<BTreeMap<String, String>>) -> BTreeMap<String, u64> {
    rows.into_iter().map(|row| (row["g"].clone(), row["n"].parse().expect("count"))).collect()
}

#[test]
fn virtuoso_push_replaces_graphs_and_answers_like_the_local_store() {
    let started = Instant::now();
    let virtuoso = Virtuoso::start();
    let online = started.elapsed();
    // The digest-protected graph store endpoint needs SPARQL_UPDATE; dba holds it on a fresh
    // Debian database, and granting it again is harmless.
    virtuoso.sql("grant SPARQL_UPDATE to \"dba\";");

    let ws = Workspace::new();
    ws.build_seeds("store");
    let local_counts = counts(local_rows(&ws, &ws.query_file("counts.rq", GRAPH_COUNTS)));
    assert!(local_counts.len() >= 7, "5 documents, lexicon, vocabulary: {local_counts:?}");

    let endpoint = virtuoso.url("/sparql-graph-crud-auth");
    let push = |password: &str, per_request: &str| {
        ws.run(&[
            "push",
            "--endpoint",
            &endpoint,
            "--store",
            "store",
            "--user",
            "dba",
            "--password",
            password,
            "--triples-per-request",
            per_request,
        ])
    };
    let before_push = Instant::now();
    let output = push("dba", "50000");
    let first_push = before_push.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "push failed:\n{stderr}");
    assert!(!stderr.contains("attempt"), "nothing to retry on a healthy server:\n{stderr}");
    let rows = pushed_rows(&String::from_utf8_lossy(&output.stdout));
    let pushed: BTreeMap<String, u64> = rows.iter().map(|(g, (n, _, _))| (g.clone(), *n)).collect();
    assert_eq!(pushed, local_counts, "push table against local counts");
    for (graph, (local, remote, status)) in &rows {
        assert_eq!(local, remote, "{graph}");
        assert!(status.starts_with("201") || status.starts_with("200"), "{graph}: {status}");
    }
    assert_eq!(counts(virtuoso.select(GRAPH_COUNTS)), local_counts, "remote counts per graph");

    // The same answers remotely as locally. Virtuoso's default graph is the union of all its
    // graphs, as newsgraph's is of the named graphs, so the query files run unchanged.
    for query in ["entities.rq", "founders.rq", "offers.rq"] {
        let path = common::query_path(query);
        let local: BTreeSet<_> = local_rows(&ws, &path).into_iter().collect();
        assert!(!local.is_empty(), "{query} finds nothing locally");
        let sparql = std::fs::read_to_string(&path).expect("query file");
        let remote: BTreeSet<_> = virtuoso.select(&sparql).into_iter().collect();
        let only_local: Vec<_> = local.difference(&remote).collect();
        let only_remote: Vec<_> = remote.difference(&local).collect();
        assert!(
            only_local.is_empty() && only_remote.is_empty(),
            "{query}: rows only local: {only_local:#?}\nrows only on Virtuoso: {only_remote:#?}"
        );
    }
    let labels: BTreeSet<String> = virtuoso
        .select(&std::fs::read_to_string(common::query_path("entities.rq")).expect("query"))
        .into_iter()
        .filter_map(|row| row.get("label").cloned())
        .collect();
    for expected in ["Microsoft", "Oracle", "TikTok"] {
        assert!(labels.contains(expected), "{expected} not in {labels:?}");
    }

    // Pushing again replaces: same counts per graph and in total, also when each graph goes up
    // in parts of 300 triples (a PUT, then POSTs).
    let before_repush = Instant::now();
    let output = push("dba", "300");
    let second_push = before_repush.elapsed();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let again = counts(virtuoso.select(GRAPH_COUNTS));
    assert_eq!(again, local_counts, "counts after the second push");
    let total = virtuoso.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
         FILTER(STRSTARTS(STR(?g), \"https://w3id.org/newsgraph/\")) }",
    );
    assert_eq!(total[0]["n"].parse::<u64>().ok(), Some(local_counts.values().sum::<u64>()));

    // A wrong password is refused by the digest check, and says so.
    let output = push("not-the-password", "50000");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(r#"rejected the credentials of user "dba""#), "{stderr}");

    eprintln!(
        "virtuoso timings: online after {online:.2?}, first push {first_push:.2?}, second push \
         {second_push:.2?}, whole test {:.2?}",
        started.elapsed()
    );
}
