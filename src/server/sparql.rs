//! The SPARQL 1.1 Protocol at `/sparql`: queries by GET, by POST as a form or as a
//! `application/sparql-query` body; results in the format the `Accept` header prefers; the
//! service description when there is no query. Updates, in any of their encodings, are refused.

use oxhttp::model::header::{ACCEPT, CONTENT_TYPE, HOST};
use oxhttp::model::{Body, Method, Request, StatusCode};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};

use super::negotiate::choose;
use super::worker::{Reply, Task, WorkerConfig};
use super::{Answer, Problem, Service, html_page, negotiated, prefixes, read_body};
use crate::rdf::store::{GraphStore, QueryError};

/// Result formats for SELECT and ASK, in order of preference.
pub(super) const RESULT_OFFERS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];

/// A representation of RDF triples: a serialisation, or (for resources and the service
/// description) a page for people.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum GraphFormat {
    Rdf(RdfFormat),
    Html,
}

const JSON_LD: RdfFormat = RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() };

/// Formats for CONSTRUCT and DESCRIBE results, in order of preference.
pub(super) const GRAPH_OFFERS: &[(&str, GraphFormat)] = &[
    ("text/turtle", GraphFormat::Rdf(RdfFormat::Turtle)),
    ("application/n-triples", GraphFormat::Rdf(RdfFormat::NTriples)),
    ("application/ld+json", GraphFormat::Rdf(JSON_LD)),
    ("application/rdf+xml", GraphFormat::Rdf(RdfFormat::RdfXml)),
    ("application/x-turtle", GraphFormat::Rdf(RdfFormat::Turtle)),
    ("text/plain", GraphFormat::Rdf(RdfFormat::NTriples)),
];

/// [`GRAPH_OFFERS`] and a page for people, who come with `text/html` first.
pub(super) const PAGE_OFFERS: &[(&str, GraphFormat)] = &[
    ("text/turtle", GraphFormat::Rdf(RdfFormat::Turtle)),
    ("application/n-triples", GraphFormat::Rdf(RdfFormat::NTriples)),
    ("application/ld+json", GraphFormat::Rdf(JSON_LD)),
    ("application/rdf+xml", GraphFormat::Rdf(RdfFormat::RdfXml)),
    ("text/html", GraphFormat::Html),
    ("application/xhtml+xml", GraphFormat::Html),
    ("application/x-turtle", GraphFormat::Rdf(RdfFormat::Turtle)),
    ("text/plain", GraphFormat::Rdf(RdfFormat::NTriples)),
];

pub(super) fn media_types<T>(offers: &[(&'static str, T)]) -> Vec<&'static str> {
    offers.iter().map(|(media_type, _)| *media_type).collect()
}

/// A query as the protocol delivers it.
#[derive(Debug)]
struct ProtocolQuery {
    query: String,
    default_graphs: Vec<NamedNode>,
    named_graphs: Vec<NamedNode>,
}

pub(super) fn handle(service: &Service, request: &mut Request<Body>) -> Answer {
    let accept = request.headers().get(ACCEPT).and_then(|v| v.to_str().ok()).map(String::from);
    match read_query(request, service.config.max_body)? {
        Some(ProtocolQuery { query, default_graphs, named_graphs }) => {
            let as_strings =
                |graphs: Vec<NamedNode>| graphs.into_iter().map(NamedNode::into_string).collect();
            service.run(&Task::Query {
                query,
                default_graphs: as_strings(default_graphs),
                named_graphs: as_strings(named_graphs),
                accept,
            })
        }
        None => {
            // Browsers get the query page, RDF clients the service description.
            let format = match choose(accept.as_deref(), PAGE_OFFERS) {
                Some(GraphFormat::Rdf(format)) => format,
                Some(GraphFormat::Html) => {
                    return Ok(negotiated(html_page(service.front_page.clone())));
                }
                None => return Err(Problem::not_acceptable(&media_types(PAGE_OFFERS))),
            };
            let endpoint = endpoint_iri(request, service.config.bind);
            let mut answer = service.run(&Task::Description {
                endpoint: endpoint.into_string(),
                media_type: media_type(format).to_string(),
            })?;
            answer = negotiated(answer);
            Ok(answer)
        }
    }
}

/// The query of a request; `None` for a GET without one (it asks for the service description).
fn read_query(
    request: &mut Request<Body>,
    max_body: usize,
) -> Result<Option<ProtocolQuery>, Problem> {
    let mut params = parse_form(request.uri().query().unwrap_or_default().as_bytes())?;
    let method = request.method().clone();
    match method {
        Method::GET | Method::HEAD => {}
        Method::POST => {
            let content_type = request
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next())
                .map(|v| v.trim().to_ascii_lowercase())
                .unwrap_or_default();
            match content_type.as_str() {
                "application/x-www-form-urlencoded" => {
                    let body = read_body(request, max_body)?;
                    params.extend(parse_form(&body)?);
                }
                "application/sparql-query" => {
                    let body = read_body(request, max_body)?;
                    let query = String::from_utf8(body)
                        .map_err(|_| Problem::bad_request("the query is not valid UTF-8"))?;
                    if params.iter().any(|(name, _)| name == "query") {
                        return Err(Problem::bad_request(
                            "a query in the body and another in the URL: send one",
                        ));
                    }
                    params.push(("query".into(), query));
                }
                "application/sparql-update" => {
                    super::discard_body(request);
                    return Err(Problem::read_only());
                }
                _ => {
                    super::discard_body(request);
                    return Err(Problem::new(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        format!(
                            "cannot read a {:?} body; send application/x-www-form-urlencoded or \
                             application/sparql-query",
                            content_type
                        ),
                    ));
                }
            }
        }
        _ => {
            super::discard_body(request);
            return Err(Problem::method_not_allowed("GET, HEAD, POST, OPTIONS"));
        }
    }
    let is_update =
        |name: &str| matches!(name, "update" | "using-graph-uri" | "using-named-graph-uri");
    if params.iter().any(|(name, _)| is_update(name)) {
        return Err(Problem::read_only());
    }
    let mut query = None;
    let mut default_graphs = Vec::new();
    let mut named_graphs = Vec::new();
    for (name, value) in params {
        match name.as_str() {
            "query" if query.is_some() => {
                return Err(Problem::bad_request("more than one query parameter"));
            }
            "query" => query = Some(value),
            "default-graph-uri" => default_graphs.push(graph_name(&value)?),
            "named-graph-uri" => named_graphs.push(graph_name(&value)?),
            // Other parameters (`format`, `output`, … that some clients add) are ignored: the
            // Accept header chooses the format.
            _ => {}
        }
    }
    match query {
        Some(query) => Ok(Some(ProtocolQuery { query, default_graphs, named_graphs })),
        None if method == Method::POST => Err(Problem::bad_request("no query parameter")),
        None => Ok(None),
    }
}

fn graph_name(value: &str) -> Result<NamedNode, Problem> {
    NamedNode::new(value).map_err(|e| Problem::bad_request(format!("graph IRI {value:?}: {e}")))
}

/// Runs a query and serialises its result (in a worker).
pub(super) fn evaluate(
    store: &GraphStore,
    config: &WorkerConfig,
    query: &str,
    default_graphs: &[NamedNode],
    named_graphs: &[NamedNode],
    accept: Option<&str>,
) -> Result<Reply, Problem> {
    let results = store
        .query_cancellable(query, default_graphs, named_graphs, CancellationToken::new())
        .map_err(|e| query_problem(query, e))?;
    let (content_type, body) =
        serialize(results, accept, config.max_results, &prefixes(&config.iris))?;
    Ok(Reply::ok(content_type, true, body))
}

fn query_problem(query: &str, error: QueryError) -> Problem {
    match error {
        // Someone sent an update as a query: tell them why it cannot work here.
        QueryError::Syntax(_) if SparqlEvaluator::new().parse_update(query).is_ok() => {
            Problem::read_only()
        }
        QueryError::Syntax(message) => {
            Problem::bad_request(format!("query syntax error {message}"))
        }
        QueryError::Evaluation(message) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("query evaluation failed: {message}"),
        ),
    }
}

fn evaluation_problem(error: impl std::fmt::Display) -> Problem {
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, format!("query evaluation failed: {error}"))
}

fn too_many(limit: usize, what: &str) -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "the result has more than {limit} {what}, the server's limit (--max-results); \
             add a LIMIT to the query"
        ),
    )
}

/// Writes a query result in the negotiated format, at most `limit` rows or triples.
fn serialize(
    results: QueryResults<'static>,
    accept: Option<&str>,
    limit: usize,
    prefixes: &[(&str, String)],
) -> Result<(&'static str, Vec<u8>), Problem> {
    let io = |e: std::io::Error| evaluation_problem(e);
    match results {
        QueryResults::Boolean(value) => {
            let format = choose(accept, RESULT_OFFERS)
                .ok_or_else(|| Problem::not_acceptable(&media_types(RESULT_OFFERS)))?;
            let body = QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Vec::new(), value)
                .map_err(io)?;
            Ok((format.media_type(), body))
        }
        QueryResults::Solutions(solutions) => {
            let format = choose(accept, RESULT_OFFERS)
                .ok_or_else(|| Problem::not_acceptable(&media_types(RESULT_OFFERS)))?;
            let variables = solutions.variables().to_vec();
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(Vec::new(), variables)
                .map_err(io)?;
            for (count, solution) in solutions.enumerate() {
                if count == limit {
                    return Err(too_many(limit, "rows"));
                }
                writer.serialize(&solution.map_err(evaluation_problem)?).map_err(io)?;
            }
            Ok((format.media_type(), writer.finish().map_err(io)?))
        }
        QueryResults::Graph(triples) => {
            let format = match choose(accept, GRAPH_OFFERS) {
                Some(GraphFormat::Rdf(format)) => format,
                _ => return Err(Problem::not_acceptable(&media_types(GRAPH_OFFERS))),
            };
            let mut collected = Vec::new();
            for triple in triples {
                if collected.len() == limit {
                    return Err(too_many(limit, "triples"));
                }
                collected.push(triple.map_err(evaluation_problem)?);
            }
            Ok((media_type(format), write_triples(format, &collected, prefixes)?))
        }
    }
}

/// The media type we answer with for an RDF format.
pub(super) fn media_type(format: RdfFormat) -> &'static str {
    match format {
        RdfFormat::JsonLd { .. } => "application/ld+json",
        other => other.media_type(),
    }
}

/// Serialises triples, with our prefixes where the format has them.
pub(super) fn write_triples(
    format: RdfFormat,
    triples: &[Triple],
    prefixes: &[(&str, String)],
) -> Result<Vec<u8>, Problem> {
    let failed = |e: &dyn std::fmt::Display| {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot serialise: {e}"))
    };
    let mut serializer = RdfSerializer::from_format(format);
    for (name, iri) in prefixes {
        serializer = serializer.with_prefix(*name, iri.as_str()).map_err(|e| failed(&e))?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        writer.serialize_triple(triple).map_err(|e| failed(&e))?;
    }
    writer.finish().map_err(|e| failed(&e))
}

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
const FORMATS: &str = "http://www.w3.org/ns/formats/";

/// The SPARQL 1.1 Service Description of the endpoint (in a worker, which lists the graphs).
pub(super) fn description(
    store: &GraphStore,
    config: &WorkerConfig,
    endpoint: &NamedNode,
    media_type: &str,
) -> Result<Reply, Problem> {
    let format = match GRAPH_OFFERS.iter().find(|(t, _)| *t == media_type) {
        Some((_, GraphFormat::Rdf(format))) => *format,
        _ => return Err(Problem::not_acceptable(&media_types(GRAPH_OFFERS))),
    };
    let graphs = store
        .named_graphs()
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let triples = description_triples(endpoint, &graphs);
    let mut prefixes = prefixes(&config.iris);
    prefixes.extend([("sd", SD.to_string()), ("formats", FORMATS.to_string())]);
    let body = write_triples(format, &triples, &prefixes)?;
    Ok(Reply::ok(self::media_type(format), true, body))
}

/// `http://HOST/sparql`, HOST from the request when it is a plain host name, else the bind address.
fn endpoint_iri(request: &Request<Body>, bind: std::net::SocketAddr) -> NamedNode {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty() && h.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .map_or_else(|| bind.to_string(), str::to_string);
    NamedNode::new(format!("http://{host}/sparql"))
        .unwrap_or_else(|_| NamedNode::new_unchecked(format!("http://{bind}/sparql")))
}

fn description_triples(endpoint: &NamedNode, graphs: &[NamedOrBlankNode]) -> Vec<Triple> {
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let service: NamedOrBlankNode = endpoint.clone().into();
    let mut triples = vec![
        Triple::new(service.clone(), rdf::TYPE, sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), endpoint.clone()),
        Triple::new(service.clone(), sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple::new(service.clone(), sd("feature"), sd("UnionDefaultGraph")),
        Triple::new(
            service.clone(),
            rdfs::COMMENT,
            Literal::new_language_tagged_literal_unchecked(
                "newsgraph knowledge graph, read-only: SPARQL Update is refused",
                "en",
            ),
        ),
    ];
    for format in ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV"]
        .into_iter()
        .chain(["SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"])
    {
        let iri = NamedNode::new_unchecked(format!("{FORMATS}{format}"));
        triples.push(Triple::new(service.clone(), sd("resultFormat"), iri));
    }
    let dataset = BlankNode::new_unchecked("dataset");
    let default_graph = BlankNode::new_unchecked("defaultGraph");
    triples.push(Triple::new(service, sd("defaultDataset"), dataset.clone()));
    triples.push(Triple::new(dataset.clone(), rdf::TYPE, sd("Dataset")));
    triples.push(Triple::new(dataset.clone(), sd("defaultGraph"), default_graph.clone()));
    triples.push(Triple::new(default_graph, rdf::TYPE, sd("Graph")));
    for (index, graph) in graphs.iter().enumerate() {
        let node = BlankNode::new_unchecked(format!("graph{index}"));
        triples.push(Triple::new(dataset.clone(), sd("namedGraph"), node.clone()));
        triples.push(Triple::new(node.clone(), rdf::TYPE, sd("NamedGraph")));
        triples.push(Triple::new(node, sd("name"), Term::from(graph.clone())));
    }
    triples
}

/// `application/x-www-form-urlencoded` pairs (also the URL query string): `+` is a space,
/// `%XX` a byte, and the result must be UTF-8.
pub(super) fn parse_form(bytes: &[u8]) -> Result<Vec<(String, String)>, Problem> {
    bytes
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &b""[..]),
            };
            Ok((percent_decode(name)?, percent_decode(value)?))
        })
        .collect()
}

/// Decodes one name or value of an `application/x-www-form-urlencoded` body: `+` is a space,
/// `%XX` a byte; a `%` without two hex digits after it is an error, not kept as it is.
fn percent_decode(text: &[u8]) -> Result<String, Problem> {
    let malformed = text.iter().enumerate().any(|(i, &b)| {
        b == b'%' && !text.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return Err(Problem::bad_request("malformed percent-encoding in the parameters"));
    }
    let spaced: Vec<u8> = text.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    let decoded = percent_encoding::percent_decode(&spaced).decode_utf8();
    let decoded =
        decoded.map_err(|_| Problem::bad_request("the parameters are not valid UTF-8"))?;
    Ok(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::parse_form;

    #[test]
    fn form_decoding() {
        let pairs = parse_form(b"query=SELECT+%3Fs%20WHERE&x&default-graph-uri=a%2Fb").expect("ok");
        assert_eq!(
            pairs,
            vec![
                ("query".to_string(), "SELECT ?s WHERE".to_string()),
                ("x".to_string(), String::new()),
                ("default-graph-uri".to_string(), "a/b".to_string()),
            ]
        );
        assert!(parse_form(b"query=%zz").is_err());
        assert!(parse_form(b"query=%ff").is_err());
    }
}
