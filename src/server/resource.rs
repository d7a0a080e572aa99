//! Dereferenceable IRIs: `GET /id/REST` is about the IRI `<base>REST` — an entity, document,
//! statement, event or role. RDF clients get a description of it (Turtle, N-Triples, JSON-LD,
//! RDF/XML by `Accept`), browsers a page.
//!
//! The description is concise-bounded-like: every triple with the resource as subject, in any
//! graph, and for each statement node about it (as `rdf:subject`, `rdf:object` or `ng:event`, the
//! statements of a document, or the resource itself when it is a statement) the statement's own
//! triples, the text of its sentence and the identifier of its document. So one GET gives a
//! client each fact with the sentence behind it.
//!
//! The path never names a file: it is only turned into an IRI and looked up in the store.

use std::collections::{BTreeMap, BTreeSet};

use oxhttp::model::header::ACCEPT;
use oxhttp::model::{Body, Request, StatusCode};
use oxigraph::model::{Literal, NamedNode, Term, Triple};
use oxigraph::sparql::{CancellationToken, QueryResults, QuerySolution};

use super::sparql::{GraphFormat, PAGE_OFFERS, media_type, media_types, write_triples};
use super::worker::{Reply, Task, WorkerConfig};
use super::{Answer, Problem, Service, html, prefixes};
use crate::rdf::store::GraphStore;

const PREFIXES: &str = "\
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ng: <https://w3id.org/newsgraph/ns#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
";

/// The statement nodes `?st` about `resource`: as subject, object or event of the statement, the
/// statements of the document `resource`, or `resource` itself.
fn statements_about(resource: &NamedNode) -> String {
    format!(
        "{{ ?st rdf:subject {resource} }} UNION {{ ?st rdf:object {resource} }}
        UNION {{ ?st ng:event {resource} }} UNION {{ ?st dcterms:source {resource} }}
        UNION {{ VALUES ?st {{ {resource} }} }}
        ?st a rdf:Statement ."
    )
}

/// `GET /id/REST` (in the server): checks the path and has a worker answer.
pub(super) fn handle(service: &Service, request: &Request<Body>, rest: &str) -> Answer {
    let rest = normalize(rest)?;
    let iri = NamedNode::new(format!("{}{rest}", service.config.iris.base()))
        .map_err(|_| Problem::bad_request(format!("/id/{rest} does not make a valid IRI")))?;
    let accept = request.headers().get(ACCEPT).and_then(|v| v.to_str().ok());
    choose_format(accept)?;
    service.run(&Task::Resource { iri: iri.into_string(), accept: accept.map(String::from) })
}

/// The description or page of `iri` (in a worker).
pub(super) fn answer(
    store: &GraphStore,
    config: &WorkerConfig,
    iri: &NamedNode,
    accept: Option<&str>,
) -> Result<Reply, Problem> {
    let unknown = || Problem::not_found_because(format!("nothing is known about {iri}"));
    let limit = config.max_results;
    match choose_format(accept)? {
        GraphFormat::Rdf(format) => {
            let triples = describe(store, iri, limit)?;
            if triples.is_empty() {
                return Err(unknown());
            }
            let body = write_triples(format, &triples, &prefixes(&config.iris))?;
            Ok(Reply::ok(media_type(format), true, body))
        }
        GraphFormat::Html => {
            let page = Page::load(store, iri, limit)?.ok_or_else(unknown)?;
            let html = html::resource_page(&page, &html::Links::new(&config.iris));
            Ok(Reply::ok("text/html; charset=utf-8", true, html.into_bytes()))
        }
    }
}

fn choose_format(accept: Option<&str>) -> Result<GraphFormat, Problem> {
    super::negotiate::choose(accept, PAGE_OFFERS)
        .ok_or_else(|| Problem::not_acceptable(&media_types(PAGE_OFFERS)))
}

/// The path after `/id/` in the form the store's IRIs have (RFC 3986 normalisation: escapes
/// of unreserved characters decoded, other escapes in upper case). A `.` or `..` segment,
/// written plainly or escaped, is refused: no IRI we mint has one, and nothing may climb out.
fn normalize(rest: &str) -> Result<String, Problem> {
    let bytes = rest.as_bytes();
    let mut out = String::with_capacity(rest.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            let byte = hex
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| Problem::bad_request("malformed percent-encoding in the path"))?;
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
            i += 3;
        } else {
            out.push(bytes[i] as char);
            i += 1;
        }
    }
    if out.split('/').any(|segment| segment == "." || segment == "..") {
        return Err(Problem::bad_request("a path with '.' or '..' segments names nothing here"));
    }
    if out.is_empty() {
        return Err(Problem::not_found());
    }
    Ok(out)
}

/// Runs a query on the store, stopping at `limit` rows (then the second value is true).
fn select(
    store: &GraphStore,
    sparql: &str,
    limit: usize,
) -> Result<(Vec<QuerySolution>, bool), Problem> {
    let failed = |e: &dyn std::fmt::Display| {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot read the store: {e}"))
    };
    let results = store
        .query_cancellable(sparql, &[], &[], CancellationToken::new())
        .map_err(|e| failed(&e))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(failed(&"not a SELECT query"));
    };
    let mut rows = Vec::new();
    for solution in solutions {
        if rows.len() == limit {
            return Ok((rows, true));
        }
        rows.push(solution.map_err(|e| failed(&e))?);
    }
    Ok((rows, false))
}

/// The triples describing `resource`, sorted; empty if the store knows nothing about it.
fn describe(
    store: &GraphStore,
    resource: &NamedNode,
    limit: usize,
) -> Result<Vec<Triple>, Problem> {
    let statements = statements_about(resource);
    let sparql = format!(
        "{PREFIXES}
        SELECT DISTINCT ?s ?p ?o WHERE {{
          {{ {resource} ?p ?o BIND({resource} AS ?s) }}
          UNION
          {{ {statements}
            {{ ?st ?p ?o BIND(?st AS ?s) }}
            UNION {{ ?st prov:wasDerivedFrom ?s . ?s nif:anchorOf ?o BIND(nif:anchorOf AS ?p) }}
            UNION {{ ?st prov:wasDerivedFrom ?s . ?s a ?o BIND(rdf:type AS ?p) }}
            UNION {{ ?st dcterms:source ?s . ?s dcterms:identifier ?o BIND(dcterms:identifier AS ?p) }}
          }}
        }}"
    );
    let (rows, truncated) = select(store, &sparql, limit)?;
    if truncated {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the description of {resource} has more than {limit} triples, the server's limit \
                 (--max-results); ask /sparql for parts of it"
            ),
        ));
    }
    // The resource's own triples first, then its statements, then sentences and documents.
    let mut triples: BTreeMap<(u8, String), Triple> = BTreeMap::new();
    for row in rows {
        let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) =
            (row.get("s"), row.get("p"), row.get("o"))
        else {
            continue;
        };
        let rank = if s == resource {
            0
        } else if p.as_str().ends_with("#anchorOf") || p.as_str().ends_with("/identifier") {
            2
        } else {
            1
        };
        let triple = Triple::new(s.clone(), p.clone(), o.clone());
        triples.insert((rank, triple.to_string()), triple);
    }
    Ok(triples.into_values().collect())
}

/// One fact about the resource, as a statement node tells it.
#[derive(Debug, Clone)]
pub(super) struct Fact {
    pub subject: Term,
    pub predicate: NamedNode,
    pub object: Term,
    pub statement: NamedNode,
    pub family: Option<String>,
    pub negative: bool,
    pub modality: Option<NamedNode>,
    pub attribution: Option<NamedNode>,
    pub sentence: Option<String>,
    pub document: Option<NamedNode>,
    pub document_id: Option<String>,
}

/// What the page of a resource shows.
#[derive(Debug, Clone)]
pub(super) struct Page {
    pub iri: NamedNode,
    /// Every triple with the resource as subject: (predicate, object).
    pub properties: Vec<(NamedNode, Term)>,
    pub properties_truncated: bool,
    /// Triples pointing at the resource, other than those of statements and mentions.
    pub referrers: Vec<(Term, NamedNode)>,
    pub referrers_truncated: bool,
    pub facts: Vec<Fact>,
    pub facts_truncated: bool,
    /// Mentions in the texts (`itsrdf:taIdentRef`).
    pub mentions: usize,
    /// Labels of the IRIs on the page.
    pub labels: BTreeMap<String, String>,
}

impl Page {
    /// Reads the page's content from the store; `None` if it knows nothing about `resource`.
    fn load(
        store: &GraphStore,
        resource: &NamedNode,
        limit: usize,
    ) -> Result<Option<Page>, Problem> {
        let (rows, properties_truncated) = select(
            store,
            &format!("SELECT DISTINCT ?p ?o WHERE {{ {resource} ?p ?o }} ORDER BY ?p ?o"),
            limit,
        )?;
        let properties: Vec<(NamedNode, Term)> = rows
            .iter()
            .filter_map(|row| match (row.get("p"), row.get("o")) {
                (Some(Term::NamedNode(p)), Some(o)) => Some((p.clone(), o.clone())),
                _ => None,
            })
            .collect();
        let (rows, referrers_truncated) = select(
            store,
            &format!(
                "{PREFIXES}
                SELECT DISTINCT ?s ?p WHERE {{
                  ?s ?p {resource}
                  FILTER(?p NOT IN (rdf:subject, rdf:object, ng:event, dcterms:source,
                                    itsrdf:taIdentRef, nif:referenceContext))
                }} ORDER BY ?p ?s"
            ),
            limit,
        )?;
        let referrers: Vec<(Term, NamedNode)> = rows
            .iter()
            .filter_map(|row| match (row.get("s"), row.get("p")) {
                (Some(s), Some(Term::NamedNode(p))) => Some((s.clone(), p.clone())),
                _ => None,
            })
            .collect();
        let (rows, _) = select(
            store,
            &format!(
                "{PREFIXES}
                SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m itsrdf:taIdentRef {resource} }}"
            ),
            1,
        )?;
        let mentions = rows
            .first()
            .and_then(|row| match row.get("n") {
                Some(Term::Literal(n)) => n.value().parse().ok(),
                _ => None,
            })
            .unwrap_or(0);
        let (facts, facts_truncated) = facts(store, resource, limit)?;
        if properties.is_empty() && referrers.is_empty() && facts.is_empty() && mentions == 0 {
            return Ok(None);
        }
        let mut iris: BTreeSet<&NamedNode> = BTreeSet::new();
        iris.extend(properties.iter().filter_map(|(_, o)| named(o)));
        iris.extend(referrers.iter().filter_map(|(s, _)| named(s)));
        for fact in &facts {
            iris.insert(&fact.predicate);
            iris.extend(named(&fact.subject));
            iris.extend(named(&fact.object));
            iris.extend(&fact.attribution);
        }
        let labels = labels(store, iris.into_iter())?;
        Ok(Some(Page {
            iri: resource.clone(),
            properties,
            properties_truncated,
            referrers,
            referrers_truncated,
            facts,
            facts_truncated,
            mentions,
            labels,
        }))
    }
}

fn named(term: &Term) -> Option<&NamedNode> {
    match term {
        Term::NamedNode(node) => Some(node),
        _ => None,
    }
}

/// The statements about the resource with their sentences, in document and text order.
fn facts(
    store: &GraphStore,
    resource: &NamedNode,
    limit: usize,
) -> Result<(Vec<Fact>, bool), Problem> {
    let statements = statements_about(resource);
    let sparql = format!(
        "{PREFIXES}
        SELECT ?st (SAMPLE(?s0) AS ?s) (SAMPLE(?p0) AS ?p) (SAMPLE(?o0) AS ?o)
               (SAMPLE(?family0) AS ?family) (SAMPLE(?polarity0) AS ?polarity)
               (SAMPLE(?modality0) AS ?modality) (SAMPLE(?attribution0) AS ?attribution)
               (SAMPLE(?sentence0) AS ?sentence) (MIN(?begin0) AS ?begin)
               (SAMPLE(?doc0) AS ?doc) (SAMPLE(?docId0) AS ?docId)
        WHERE {{
          {statements}
          ?st rdf:subject ?s0 ; rdf:predicate ?p0 ; rdf:object ?o0 .
          OPTIONAL {{ ?st ng:family ?family0 }}
          OPTIONAL {{ ?st ng:polarity ?polarity0 }}
          OPTIONAL {{ ?st ng:modality ?modality0 }}
          OPTIONAL {{ ?st ng:attributedTo ?attribution0 }}
          OPTIONAL {{
            ?st prov:wasDerivedFrom ?sent . ?sent nif:anchorOf ?sentence0 .
            OPTIONAL {{ ?sent nif:beginIndex ?begin0 }}
          }}
          OPTIONAL {{ ?st dcterms:source ?doc0 . OPTIONAL {{ ?doc0 dcterms:identifier ?docId0 }} }}
        }}
        GROUP BY ?st
        ORDER BY ?docId ?begin ?st"
    );
    let (rows, truncated) = select(store, &sparql, limit)?;
    let ng = |local: &str| format!("https://w3id.org/newsgraph/ns#{local}");
    let facts = rows
        .iter()
        .filter_map(|row| {
            let node = |name: &str| match row.get(name) {
                Some(Term::NamedNode(n)) => Some(n.clone()),
                _ => None,
            };
            let text = |name: &str| match row.get(name) {
                Some(Term::Literal(l)) => Some(l.value().to_string()),
                _ => None,
            };
            Some(Fact {
                subject: row.get("s")?.clone(),
                predicate: node("p")?,
                object: row.get("o")?.clone(),
                statement: node("st")?,
                family: text("family"),
                negative: node("polarity").is_some_and(|p| p.as_str() == ng("Negative")),
                modality: node("modality"),
                attribution: node("attribution"),
                sentence: text("sentence"),
                document: node("doc"),
                document_id: text("docId"),
            })
        })
        .collect();
    Ok((facts, truncated))
}

/// A label for each IRI that has one (`rdfs:label`, English or untagged first).
fn labels<'a>(
    store: &GraphStore,
    iris: impl Iterator<Item = &'a NamedNode>,
) -> Result<BTreeMap<String, String>, Problem> {
    let values: Vec<String> = iris.map(ToString::to_string).collect();
    let mut labels = BTreeMap::new();
    // A few hundred IRIs per query keep the query text small.
    for chunk in values.chunks(200) {
        let sparql = format!(
            "{PREFIXES}
            SELECT ?x ?label WHERE {{
              VALUES ?x {{ {} }}
              ?x rdfs:label ?label
            }}",
            chunk.join(" ")
        );
        let (rows, _) = select(store, &sparql, usize::MAX)?;
        let mut candidates: BTreeMap<String, Vec<Literal>> = BTreeMap::new();
        for row in rows {
            if let (Some(Term::NamedNode(x)), Some(Term::Literal(label))) =
                (row.get("x"), row.get("label"))
            {
                candidates.entry(x.as_str().to_string()).or_default().push(label.clone());
            }
        }
        for (iri, mut found) in candidates {
            found.sort_by_key(|l| (language_rank(l.language()), l.value().to_string()));
            if let Some(best) = found.first() {
                labels.insert(iri, best.value().to_string());
            }
        }
    }
    Ok(labels)
}

/// English first, then untagged, then German, then the rest.
pub(super) fn language_rank(language: Option<&str>) -> u8 {
    match language {
        Some(l) if l.eq_ignore_ascii_case("en") || l.to_ascii_lowercase().starts_with("en-") => 0,
        None => 1,
        Some(l) if l.eq_ignore_ascii_case("de") => 2,
        Some(_) => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn paths_normalise_to_minted_iris() {
        assert_eq!(normalize("entity/oracle").ok(), Some("entity/oracle".into()));
        assert_eq!(normalize("entity/%6Fracle").ok(), Some("entity/oracle".into()));
        assert_eq!(normalize("entity/m%c3%bcller").ok(), Some("entity/m%C3%BCller".into()));
        assert_eq!(normalize("entity/a%2fb").ok(), Some("entity/a%2Fb".into()));
    }

    #[test]
    fn dot_segments_are_refused() {
        for path in ["../../etc/passwd", "entity/../x", "%2e%2e/%2E%2E/etc/passwd", ".", "a/./b"] {
            assert!(normalize(path).is_err(), "{path}");
        }
        assert!(normalize("entity/%zz").is_err());
    }
}
