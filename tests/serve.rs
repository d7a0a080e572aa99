//! `newsgraph serve` driven over HTTP: the SPARQL 1.1 Protocol as SPARQLWrapper, rdflib and curl
//! use it, dereferenceable IRIs, the query page, and the limits that keep the server answering
//! (read-only, timeout, body and result limits, no files outside what it serves).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Server, Workspace, python, query_path, repo};

/// An HTTP answer as curl received it.
#[derive(Debug)]
struct Http {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Http {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }
}

/// Runs curl (the path as given, headers included in the output) and parses its answer.
fn curl(args: &[&str]) -> Http {
    let output = Command::new("curl")
        .args(["-s", "-i", "--path-as-is", "--max-time", "120"])
        .args(args)
        .output()
        .expect("curl is installed");
    assert!(output.status.success(), "curl {args:?} failed: {output:?}");
    let mut text = String::from_utf8_lossy(&output.stdout).to_string();
    loop {
        let (head, body) = text.split_once("\r\n\r\n").expect("HTTP head");
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status line");
        if (100..200).contains(&status) {
            text = body.to_string();
            continue;
        }
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        return Http { status, headers, body: body.to_string() };
    }
}

/// The seeds built into `store` and served with `extra` arguments.
fn seeds_server(extra: &[&str]) -> (Workspace, Server) {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let server = Server::start(&ws, &[&["serve", "--store", "store"], extra].concat());
    (ws, server)
}

/// Runs a query file through SPARQLWrapper (JSON by GET and by POST, XML) and rdflib's
/// SPARQLStore, and prints each client's rows as JSON maps variable → value.
const CLIENTS: &str = r#"
import json, sys
from SPARQLWrapper import SPARQLWrapper, JSON, XML, GET, POST
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

endpoint, path = sys.argv[1], sys.argv[2]
query = open(path, encoding="utf-8").read()
out = {}
for name, method in (("sparqlwrapper-get", GET), ("sparqlwrapper-post", POST)):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    results = client.query().convert()
    out[name] = [{k: v["value"] for k, v in row.items()} for row in results["results"]["bindings"]]
client = SPARQLWrapper(endpoint)
client.setQuery(query)
client.setReturnFormat(XML)
document = client.query().convert()
rows = []
for result in document.getElementsByTagName("result"):
    row = {}
    for binding in result.getElementsByTagName("binding"):
        value = binding.firstChild
        while value is not None and value.nodeType != value.ELEMENT_NODE:
            value = value.nextSibling
        row[binding.getAttribute("name")] = "".join(n.data for n in value.childNodes)
    rows.append(row)
out["sparqlwrapper-xml"] = rows
graph = Graph(store=SPARQLStore(endpoint))
result = graph.query(query)
out["rdflib-sparqlstore"] = [
    {str(var): str(row[var]) for var in result.vars if row[var] is not None} for row in result
]
print(json.dumps(out))
"#;

#[test]
fn sparqlwrapper_and_rdflib_get_the_rows_of_newsgraph_query() {
    let (ws, server) = seeds_server(&[]);
    let endpoint = server.url("/sparql");
    for name in ["offers.rq", "roles.rq", "founders.rq"] {
        let expected = ws.query_json("store", &query_path(name));
        assert!(!expected.is_empty(), "{name}: no rows to compare");
        let path = query_path(name);
        let out = python(CLIENTS, &[&endpoint, path.to_str().expect("utf-8")]);
        let clients: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&out).expect("client rows as JSON");
        for (client, rows) in clients {
            let rows: Vec<serde_json::Map<String, serde_json::Value>> =
                serde_json::from_value(rows).expect("rows");
            assert_eq!(rows, expected, "{name} through {client}");
        }
    }
}

#[test]
fn entity_iri_answers_turtle_to_rdf_clients_and_html_to_browsers() {
    let (ws, server) = seeds_server(&[]);
    let oracle = server.url("/id/entity/oracle");

    let turtle = curl(&["-H", "Accept: text/turtle", &oracle]);
    assert_eq!(turtle.status, 200, "{}", turtle.body);
    assert!(turtle.content_type().starts_with("text/turtle"), "{:?}", turtle.headers);
    assert_eq!(turtle.header("vary"), Some("Accept"));
    let file = ws.path("oracle.ttl");
    std::fs::write(&file, &turtle.body).expect("write");
    let parsed = Command::new("rapper")
        .args(["-i", "turtle", "-o", "ntriples", file.to_str().expect("utf-8")])
        .output()
        .expect("rapper (raptor2-utils) is installed");
    assert!(parsed.status.success(), "rapper: {}", String::from_utf8_lossy(&parsed.stderr));
    let ntriples = String::from_utf8_lossy(&parsed.stdout);
    let iri = "<https://w3id.org/newsgraph/id/entity/oracle>";
    assert!(
        ntriples
            .contains(&format!("{iri} <http://www.w3.org/2000/01/rdf-schema#label> \"Oracle\""))
    );
    assert!(ntriples.contains(&format!("{iri} <http://www.w3.org/2004/02/skos/core#exactMatch> <http://www.wikidata.org/entity/Q19900>")));
    // Its statements come with their sentences.
    assert!(
        ntriples.contains(&format!("<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> {iri}"))
    );
    assert!(
        ntriples
            .contains("<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf>")
    );

    for (accept, content_type) in [
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ] {
        let answer = curl(&["-H", &format!("Accept: {accept}"), &oracle]);
        assert_eq!(answer.status, 200, "{accept}");
        assert!(answer.content_type().starts_with(content_type), "{accept}: {:?}", answer.headers);
    }
    let jsonld = curl(&["-H", "Accept: application/ld+json", &oracle]);
    let _: serde_json::Value = serde_json::from_str(&jsonld.body).expect("JSON-LD is JSON");

    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let html = curl(&["-H", &format!("Accept: {browser}"), &oracle]);
    assert_eq!(html.status, 200);
    assert!(html.content_type().starts_with("text/html"), "{:?}", html.headers);
    assert!(html.body.contains("<h1>Oracle</h1>"), "{}", html.body);
    assert!(html.body.contains("http://www.wikidata.org/entity/Q19900"));
    // A source sentence of a fact about Oracle, and a link to another entity's page.
    let evidence = ws.query_file(
        "evidence.rq",
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
         PREFIX prov: <http://www.w3.org/ns/prov#>
         PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
         SELECT ?sentence WHERE {
           ?st rdf:subject <https://w3id.org/newsgraph/id/entity/oracle> ;
               prov:wasDerivedFrom/nif:anchorOf ?sentence
         } ORDER BY ?sentence LIMIT 1",
    );
    let sentence = common::value(&ws.query_json("store", &evidence)[0], "sentence").to_string();
    let escaped = sentence.replace('&', "&amp;").replace('"', "&quot;").replace('\'', "&#39;");
    assert!(html.body.contains(&escaped), "no sentence {sentence:?} in the page");
    assert!(html.body.contains("href=\"/id/entity/tiktok\""));
    assert!(html.body.contains("href=\"/id/doc/"));
    assert!(html.body.contains("/diagram.svg?focus=Oracle"));

    let unknown = curl(&["-H", "Accept: text/turtle", &server.url("/id/entity/no-such-entity")]);
    assert_eq!(unknown.status, 404);
    let unknown_page = curl(&["-H", "Accept: text/html", &server.url("/id/entity/no-such-entity")]);
    assert_eq!(unknown_page.status, 404);
}

#[test]
fn document_statement_and_event_iris_are_dereferenceable() {
    let (ws, server) = seeds_server(&[]);
    let find = ws.query_file(
        "find.rq",
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
         PREFIX ng: <https://w3id.org/newsgraph/ns#>
         PREFIX dcterms: <http://purl.org/dc/terms/>
         SELECT ?st ?event ?doc WHERE { ?st ng:event ?event ; dcterms:source ?doc }
         ORDER BY ?st LIMIT 1",
    );
    let row = &ws.query_json("store", &find)[0];
    for var in ["st", "event", "doc"] {
        let iri = common::value(row, var);
        let path = iri.strip_prefix("https://w3id.org/newsgraph/id/").expect("served base");
        let turtle =
            curl(&["-H", "Accept: application/n-triples", &server.url(&format!("/id/{path}"))]);
        assert_eq!(turtle.status, 200, "{iri}");
        assert!(turtle.body.contains(&format!("<{iri}>")), "{iri}");
        let html = curl(&["-H", "Accept: text/html", &server.url(&format!("/id/{path}"))]);
        assert_eq!(html.status, 200, "{iri}");
        assert!(html.body.contains("<h2>Facts</h2>"), "{iri}: the page lists its facts");
    }
}

#[test]
fn queries_by_get_and_post_in_both_encodings_agree() {
    let (_ws, server) = seeds_server(&[]);
    let endpoint = server.url("/sparql");
    let query = std::fs::read_to_string(query_path("offers.rq")).expect("offers.rq");
    let accept = "Accept: application/sparql-results+json";
    let get = curl(&["-G", "--data-urlencode", &format!("query={query}"), "-H", accept, &endpoint]);
    let form = curl(&["--data-urlencode", &format!("query={query}"), "-H", accept, &endpoint]);
    let direct = curl(&[
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        &query,
        "-H",
        accept,
        &endpoint,
    ]);
    for answer in [&get, &form, &direct] {
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.content_type(), "application/sparql-results+json");
    }
    let rows = |body: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(body).expect("JSON")["results"]["bindings"]
            .clone()
    };
    assert_eq!(rows(&get.body).as_array().map(Vec::len), Some(2), "{}", get.body);
    assert_eq!(rows(&get.body), rows(&form.body));
    assert_eq!(rows(&get.body), rows(&direct.body));

    // The protocol's dataset replaces the default union of all graphs.
    let articles = "query=SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }";
    let count = |extra: &[&str]| {
        let mut args = vec!["-G", "--data-urlencode", articles, "-H", "Accept: text/csv"];
        args.extend(extra);
        args.push(&endpoint);
        curl(&args).body.lines().nth(1).unwrap_or_default().to_string()
    };
    assert_eq!(count(&[]), "5");
    let lexicon = "default-graph-uri=https://w3id.org/newsgraph/id/graph/lexicon";
    assert_eq!(count(&["--data-urlencode", lexicon]), "0");
    let bad_graph = curl(&[
        "-G",
        "--data-urlencode",
        articles,
        "--data-urlencode",
        "default-graph-uri=not an iri",
        &endpoint,
    ]);
    assert_eq!(bad_graph.status, 400);

    let no_query =
        curl(&["-X", "POST", "-H", "Content-Type: application/x-www-form-urlencoded", &endpoint]);
    assert_eq!(no_query.status, 400);
    let syntax = curl(&["--data-urlencode", "query=SELECT WHERE {", &endpoint]);
    assert_eq!(syntax.status, 400);
    assert!(syntax.body.contains("syntax"), "{}", syntax.body);
    let unknown_type = curl(&["-H", "Content-Type: text/plain", "--data", "x", &endpoint]);
    assert_eq!(unknown_type.status, 415);
}

#[test]
fn select_results_in_json_xml_csv_and_tsv_by_accept() {
    let (_ws, server) = seeds_server(&[]);
    let endpoint = server.url("/sparql");
    let query = "query=SELECT DISTINCT ?bidder WHERE { ?o a <https://w3id.org/newsgraph/ns#Offer> ; \
                 <https://w3id.org/newsgraph/ns#agent>/<http://www.w3.org/2000/01/rdf-schema#label> ?bidder } \
                 ORDER BY ?bidder";
    for (accept, content_type, expect) in [
        ("application/sparql-results+json", "application/sparql-results+json", "\"bidder\""),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<variable name=\"bidder\"/>",
        ),
        ("text/csv", "text/csv", "bidder\r\nMicrosoft\r\nOracle\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", "?bidder\n"),
        ("*/*", "application/sparql-results+json", "\"bidder\""),
    ] {
        let answer =
            curl(&["-G", "--data-urlencode", query, "-H", &format!("Accept: {accept}"), &endpoint]);
        assert_eq!(answer.status, 200, "{accept}: {}", answer.body);
        assert!(answer.content_type().starts_with(content_type), "{accept}: {:?}", answer.headers);
        assert!(answer.body.contains(expect), "{accept}: {}", answer.body);
    }
    let ask = curl(&["-G", "--data-urlencode", "query=ASK { ?s ?p ?o }", &endpoint]);
    assert_eq!(ask.body.trim(), "{\"head\":{},\"boolean\":true}");
    let refused = curl(&["-G", "--data-urlencode", query, "-H", "Accept: image/png", &endpoint]);
    assert_eq!(refused.status, 406);
}

#[test]
fn construct_results_in_turtle_ntriples_and_jsonld_by_accept() {
    let (ws, server) = seeds_server(&[]);
    let endpoint = server.url("/sparql");
    let query = "query=CONSTRUCT { ?org <https://schema.org/founder> ?person } \
                 WHERE { ?org <https://schema.org/founder> ?person }";
    for (accept, syntax) in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "ntriples"),
        ("application/ld+json", ""),
    ] {
        let answer =
            curl(&["--data-urlencode", query, "-H", &format!("Accept: {accept}"), &endpoint]);
        assert_eq!(answer.status, 200, "{accept}: {}", answer.body);
        assert!(answer.content_type().starts_with(accept), "{:?}", answer.headers);
        if syntax.is_empty() {
            let json: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON-LD");
            assert!(json.to_string().contains("larry-ellison"), "{json}");
            continue;
        }
        let file = ws.path(&format!("construct.{syntax}"));
        std::fs::write(&file, &answer.body).expect("write");
        let parsed = Command::new("rapper")
            .args(["-i", syntax, "-c", file.to_str().expect("utf-8")])
            .output()
            .expect("rapper runs");
        let stderr = String::from_utf8_lossy(&parsed.stderr);
        assert!(
            parsed.status.success() && stderr.contains("returned 1 triple"),
            "{accept}: {stderr}"
        );
    }
}

/// The store's quads, counted by `newsgraph query`.
fn quad_count(ws: &Workspace) -> String {
    let count =
        ws.query_file("count.rq", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }");
    common::value(&ws.query_json("store", &count)[0], "n").to_string()
}

/// Every way of sending an update: as an update body, an `update=` form field, a query that is
/// an update, an update in the URL, and to `/update`.
fn updates(endpoint: &str, update_url: &str) -> Vec<Http> {
    let insert = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }";
    let delete = "DELETE WHERE { ?s ?p ?o }";
    vec![
        curl(&["-H", "Content-Type: application/sparql-update", "--data-binary", insert, endpoint]),
        curl(&["--data-urlencode", &format!("update={delete}"), endpoint]),
        curl(&["--data-urlencode", &format!("query={insert}"), endpoint]),
        curl(&["-G", "--data-urlencode", &format!("update={delete}"), endpoint]),
        curl(&["--data-urlencode", &format!("update={delete}"), update_url]),
    ]
}

#[test]
fn updates_are_refused_with_403_and_change_nothing_under_a_flood() {
    let (ws, server) = seeds_server(&[]);
    let before = quad_count(&ws);
    let endpoint = server.url("/sparql");
    // Four clients flood the endpoint with updates at once while a fifth keeps reading.
    let flood = |endpoint: String, update_url: String| {
        std::thread::spawn(move || {
            for _ in 0..10 {
                for answer in updates(&endpoint, &update_url) {
                    assert_eq!(answer.status, 403, "{}", answer.body);
                    assert!(answer.body.contains("read-only"), "{}", answer.body);
                }
            }
        })
    };
    let flooders: Vec<_> = (0..4).map(|_| flood(endpoint.clone(), server.url("/update"))).collect();
    let count = "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let mut reads = 0;
    while !flooders.iter().all(|f| f.is_finished()) {
        let served = curl(&["-G", "--data-urlencode", count, "-H", "Accept: text/csv", &endpoint]);
        assert_eq!(served.body.lines().nth(1), Some(before.as_str()), "changed under the flood");
        reads += 1;
    }
    for flooder in flooders {
        flooder.join().expect("a flooding client failed");
    }
    assert!(reads > 0, "no read during the flood");
    let put = curl(&["-X", "PUT", "--data", "x", &endpoint]);
    assert_eq!(put.status, 405);
    drop(server);
    assert_eq!(quad_count(&ws), before);
}

#[test]
fn cors_headers_and_preflight() {
    let (_ws, server) = seeds_server(&[]);
    let endpoint = server.url("/sparql");
    let get = curl(&[
        "-H",
        "Origin: http://example.org",
        "-G",
        "--data-urlencode",
        "query=ASK {}",
        &endpoint,
    ]);
    assert_eq!(get.header("access-control-allow-origin"), Some("*"));
    let preflight = curl(&[
        "-X",
        "OPTIONS",
        "-H",
        "Origin: http://example.org",
        "-H",
        "Access-Control-Request-Method: POST",
        "-H",
        "Access-Control-Request-Headers: content-type, accept",
        &endpoint,
    ]);
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert_eq!(preflight.header("access-control-allow-headers"), Some("content-type, accept"));
    let page = curl(&[
        "-H",
        "Origin: http://example.org",
        "-H",
        "Accept: text/turtle",
        &server.url("/id/entity/oracle"),
    ]);
    assert_eq!(page.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn timeout_stops_a_runaway_query_and_the_server_answers_the_next() {
    // One worker: the next query is answered only if the runaway one was really stopped.
    let (_ws, server) = seeds_server(&["--timeout", "1", "--workers", "1", "--max-memory", "512"]);
    let endpoint = server.url("/sparql");
    let runaway =
        "query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let stopped = curl(&["--data-urlencode", runaway, &endpoint]);
    assert_eq!(stopped.status, 503, "{}", stopped.body);
    assert!(stopped.body.contains("--timeout"), "{}", stopped.body);
    for _ in 0..3 {
        let next = curl(&["-G", "--data-urlencode", "query=ASK { ?s ?p ?o }", &endpoint]);
        assert_eq!(next.status, 200, "{}", next.body);
        assert!(next.body.contains("true"));
    }
    // A query that grows in memory is stopped too (by the timeout or the memory limit).
    let sorted = "query=SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c";
    let stopped = curl(&["--data-urlencode", sorted, &endpoint]);
    assert_eq!(stopped.status, 503, "{}", stopped.body);
    let next = curl(&["-G", "--data-urlencode", "query=ASK { ?s ?p ?o }", &endpoint]);
    assert_eq!(next.status, 200, "{}", next.body);
}

#[test]
fn body_larger_than_max_body_is_refused_with_413() {
    let (ws, server) = seeds_server(&["--max-body", "1000"]);
    let endpoint = server.url("/sparql");
    let big = ws.path("big.rq");
    let query = format!("SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1 # {}", "x".repeat(5000));
    std::fs::write(&big, &query).expect("write");
    let file = format!("@{}", big.display());
    let direct =
        curl(&["-H", "Content-Type: application/sparql-query", "--data-binary", &file, &endpoint]);
    assert_eq!(direct.status, 413, "{}", direct.body);
    assert!(direct.body.contains("1000 bytes"), "{}", direct.body);
    let form = curl(&["--data-urlencode", &format!("query@{}", big.display()), &endpoint]);
    assert_eq!(form.status, 413);
    // Chunked, without a declared length.
    let chunked = curl(&[
        "-H",
        "Transfer-Encoding: chunked",
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        &file,
        &endpoint,
    ]);
    assert_eq!(chunked.status, 413);
    // A small query still runs.
    let small = curl(&["--data-urlencode", "query=ASK { ?s ?p ?o }", &endpoint]);
    assert_eq!(small.status, 200);
}

#[test]
fn results_beyond_max_results_are_refused_with_413() {
    let (_ws, server) = seeds_server(&["--max-results", "3"]);
    let endpoint = server.url("/sparql");
    let many = curl(&["--data-urlencode", "query=SELECT * WHERE { ?s ?p ?o }", &endpoint]);
    assert_eq!(many.status, 413, "{}", many.body);
    assert!(many.body.contains("more than 3 rows"), "{}", many.body);
    let graph = curl(&["--data-urlencode", "query=CONSTRUCT WHERE { ?s ?p ?o }", &endpoint]);
    assert_eq!(graph.status, 413);
    let three = curl(&["--data-urlencode", "query=SELECT * WHERE { ?s ?p ?o } LIMIT 3", &endpoint]);
    assert_eq!(three.status, 200, "{}", three.body);
}

#[test]
fn path_traversal_reads_no_file() {
    let (_ws, server) = seeds_server(&[]);
    for path in [
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/id/entity/..%2f..%2f..%2fetc%2fpasswd",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/id/..\\..\\etc\\passwd",
        "/diagram.svg/../../etc/passwd",
        "/Cargo.toml",
        "/src/main.rs",
        "/queries/offers.rq",
    ] {
        for accept in ["text/html", "text/turtle"] {
            let answer = curl(&["-H", &format!("Accept: {accept}"), &server.url(path)]);
            assert!(
                matches!(answer.status, 400 | 404),
                "{path}: {} {}",
                answer.status,
                answer.body
            );
            assert!(!answer.body.contains("root:"), "{path}");
            assert!(!answer.body.contains("[package]"), "{path}");
        }
    }
}

#[test]
fn service_description_names_the_endpoint_and_formats() {
    let (ws, server) = seeds_server(&[]);
    let endpoint = server.url("/sparql");
    let answer = curl(&["-H", "Accept: text/turtle", &endpoint]);
    assert_eq!(answer.status, 200);
    assert!(answer.content_type().starts_with("text/turtle"));
    let file = ws.path("sd.ttl");
    std::fs::write(&file, &answer.body).expect("write");
    let parsed = Command::new("rapper")
        .args(["-i", "turtle", "-o", "ntriples", file.to_str().expect("utf-8")])
        .output()
        .expect("rapper runs");
    assert!(parsed.status.success(), "{}", String::from_utf8_lossy(&parsed.stderr));
    let triples = String::from_utf8_lossy(&parsed.stdout);
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    assert!(triples.contains(&format!(
        "<{endpoint}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{sd}Service>"
    )));
    assert!(triples.contains(&format!("<{endpoint}> <{sd}endpoint> <{endpoint}>")));
    assert!(triples.contains("<http://www.w3.org/ns/formats/SPARQL_Results_JSON>"));
    assert!(triples.contains("<https://w3id.org/newsgraph/id/graph/lexicon>"));
    // A browser asking for the endpoint gets the query page.
    let page = curl(&["-H", "Accept: text/html", &endpoint]);
    assert!(page.content_type().starts_with("text/html"));
}

#[test]
fn front_page_lists_every_shipped_query_and_loads_nothing_from_the_network() {
    let (_ws, server) = seeds_server(&[]);
    let page = curl(&[&server.url("/")]);
    assert_eq!(page.status, 200);
    assert!(page.content_type().starts_with("text/html"));
    assert!(
        page.header("content-security-policy").is_some_and(|p| p.contains("default-src 'none'"))
    );
    for entry in std::fs::read_dir(repo().join("queries")).expect("queries/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rq") {
            let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
            assert!(
                page.body.contains(&format!("<option value=\"{name}\"")),
                "queries/{name}.rq is not an example on the page (add it to src/server/examples.rs)"
            );
        }
    }
    assert!(page.body.contains("<textarea"));
    assert!(page.body.contains("id=\"run\""));
    assert!(page.body.contains("src=\"/diagram.svg\""));
    let lower = page.body.to_lowercase();
    for remote in
        ["<script src", "<link", "@import", "src=\"http", "src='http", "url(http", "href=\"http"]
    {
        assert!(!lower.contains(remote), "the page loads {remote:?} from elsewhere");
    }
    let diagram = curl(&[&server.url("/diagram.svg")]);
    assert_eq!(diagram.status, 200, "{}", diagram.body);
    assert!(diagram.content_type().starts_with("image/svg+xml"));
    assert!(diagram.body.contains("<svg"));
    let focused = curl(&[&server.url("/diagram.svg?focus=Oracle")]);
    assert_eq!(focused.status, 200, "{}", focused.body);
    let unknown = curl(&[&server.url("/diagram.svg?focus=Nobody%20Known")]);
    assert_eq!(unknown.status, 404);
}

/// The snapshots of `store` a server keeps beside it.
fn snapshots(ws: &Workspace) -> Vec<String> {
    std::fs::read_dir(ws.dir.path())
        .expect("workspace")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(".store.serving-"))
        .collect()
}

#[test]
fn other_commands_work_on_the_served_store_and_the_snapshot_goes_with_the_server() {
    let (ws, server) = seeds_server(&[]);
    let count = "query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let served = |server: &Server| {
        let answer =
            curl(&["--data-urlencode", count, "-H", "Accept: text/csv", &server.url("/sparql")]);
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body
    };
    let before = served(&server);
    assert_eq!(ws.query_json("store", &query_path("offers.rq")).len(), 2);
    assert_eq!(served(&server), before);
    // A rebuild while serving: the server goes on answering from its snapshot.
    let deals = repo().join("tests/fixtures/deals");
    ws.ok(&["build", deals.to_str().expect("utf-8"), "--store", "store"]);
    assert_eq!(served(&server), before);
    assert_eq!(snapshots(&ws).len(), 1, "one snapshot while serving");
    drop(server); // killed, as Ctrl+C or a crash would
    let mut waited = 0;
    while !snapshots(&ws).is_empty() && waited < 100 {
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
    }
    assert_eq!(snapshots(&ws), Vec::<String>::new(), "the snapshot outlived the server");
    // The next server serves the rebuilt store.
    let server = Server::start(&ws, &["serve", "--store", "store"]);
    assert_ne!(served(&server), before);
}

#[test]
fn missing_store_fails_with_its_name() {
    let ws = Workspace::new();
    let output = ws.run(&["serve", "--store", "nothing-here", "--bind", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nothing-here"), "{stderr}");
    assert!(!Path::new(&ws.path("nothing-here")).exists(), "serve must not create a store");
}
