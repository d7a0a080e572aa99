//! The HTML pages: the query page and the page of a resource. Everything from the store is
//! escaped; IRIs under the served base link to their `/id/` page, other http(s) IRIs link out,
//! and any other IRI (a `javascript:` one included) is shown as text only. The pages' CSS and
//! JavaScript are inline and compiled in: a page loads nothing from the network.

use std::fmt::Write;

use oxigraph::model::{NamedNode, Term};

use super::examples::{EXAMPLES, title};
use super::resource::{Fact, Page, language_rank};
use crate::knowledge::vocabulary::{SKOS, WIKIDATA};
use crate::rdf::Iris;

const CSS: &str = include_str!("page.css");
const QUERY_JS: &str = include_str!("query.js");

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";

/// Text safe in HTML content and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query parameter value.
fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// How IRIs become links and short names.
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
    prefixes: Vec<(&'static str, String)>,
}

impl Links {
    pub fn new(iris: &Iris) -> Self {
        Links { base: iris.base().to_string(), prefixes: super::prefixes(iris) }
    }

    /// `id:entity/oracle`, `schema:founder`, or the IRI itself.
    fn short(&self, iri: &str) -> String {
        self.prefixes
            .iter()
            .find_map(|(name, ns)| {
                iri.strip_prefix(ns.as_str())
                    .filter(|local| !local.is_empty())
                    .map(|local| format!("{name}:{local}"))
            })
            .unwrap_or_else(|| iri.to_string())
    }

    /// Where a link to `iri` goes: our `/id/` page, the IRI itself if http(s), else nowhere.
    fn href(&self, iri: &str) -> Option<String> {
        if let Some(rest) = iri.strip_prefix(&self.base) {
            Some(format!("/id/{rest}"))
        } else if iri.starts_with("http://") || iri.starts_with("https://") {
            Some(iri.to_string())
        } else {
            None
        }
    }

    /// An IRI as a link with `text`.
    fn link(&self, iri: &str, text: &str) -> String {
        match self.href(iri) {
            Some(href) => {
                let rel = if href.starts_with('/') { "" } else { " rel=\"noopener noreferrer\"" };
                format!(
                    "<a href=\"{}\" title=\"{}\"{rel}>{}</a>",
                    escape(&href),
                    escape(iri),
                    escape(text)
                )
            }
            None => format!("<span title=\"{}\">{}</span>", escape(iri), escape(text)),
        }
    }

    /// A term: IRIs linked (named by their label if the page has one), literals as text.
    fn term(&self, term: &Term, page: &Page) -> String {
        match term {
            Term::NamedNode(node) => {
                let text = page.labels.get(node.as_str()).cloned();
                self.link(node.as_str(), &text.unwrap_or_else(|| self.short(node.as_str())))
            }
            Term::Literal(literal) => {
                let mut out = escape(literal.value());
                if let Some(language) = literal.language() {
                    let _ = write!(out, "<span class=\"lang\">@{}</span>", escape(language));
                } else if literal.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
                    let datatype = self.short(literal.datatype().as_str());
                    let _ = write!(out, "<span class=\"datatype\">{}</span>", escape(&datatype));
                }
                out
            }
            other => escape(&other.to_string()),
        }
    }
}

/// A complete page around `main`.
fn page(title: &str, body_attributes: &str, main: &str, script: &str) -> String {
    let script =
        if script.is_empty() { String::new() } else { format!("<script>{script}</script>\n") };
    format!(
        "<!DOCTYPE html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>{} · newsgraph</title>
<style>{CSS}</style>
</head>
<body{body_attributes}>
<header><a class=\"brand\" href=\"/\">newsgraph</a>
<nav><a href=\"/\">Query</a><a href=\"/sparql\">SPARQL endpoint</a></nav></header>
<main>
{main}
</main>
{script}</body>
</html>
",
        escape(title)
    )
}

/// The query page: a SPARQL box with the shipped queries as examples, results as a table (by
/// the inline script; without JavaScript the form still sends the query to /sparql), and the
/// diagram of the whole graph.
pub fn front_page(iris: &Iris) -> String {
    let prefixes: Vec<(&str, String)> = super::prefixes(iris);
    let prefixes_json = serde_json::to_string(&prefixes).unwrap_or_else(|_| "[]".into());
    let mut options = String::new();
    for (name, sparql) in EXAMPLES {
        let _ = writeln!(
            options,
            "<option value=\"{}\" data-query=\"{}\">{} — {}</option>",
            escape(name),
            escape(sparql),
            escape(name),
            escape(&title(sparql))
        );
    }
    let first = EXAMPLES.first().map_or("", |(_, sparql)| *sparql);
    let diagram = format!(
        "<h2>Diagram</h2>\n{}",
        figure("/diagram.svg", "Diagram of the entities, relations and events")
    );
    let main = format!(
        "<h1>Query the knowledge graph</h1>
<p class=\"muted\">SPARQL 1.1 over the entities, facts and events read from the articles. The
default graph is the union of all graphs. Pick a shipped question or write your own; entity IRIs
in the results lead to their pages. Ctrl+Enter runs the query.</p>
<form id=\"query-form\" method=\"get\" action=\"/sparql\">
<div class=\"controls\"><label for=\"example\">Example</label>
<select id=\"example\">
{options}</select></div>
<textarea id=\"query\" name=\"query\" rows=\"18\" spellcheck=\"false\">{}</textarea>
<div class=\"controls\"><button id=\"run\" type=\"submit\">Run</button>
<span id=\"status\" role=\"status\"></span></div>
</form>
<section id=\"results\"></section>
{diagram}",
        escape(first)
    );
    let attributes = format!(
        " data-base=\"{}\" data-prefixes=\"{}\"",
        escape(iris.base()),
        escape(&prefixes_json)
    );
    page("Query", &attributes, &main, QUERY_JS)
}

/// The page of a resource: its names, types and Wikidata link, the facts about it with the
/// sentence and document behind each, its diagram (entities), all its properties and what
/// refers to it.
pub fn resource_page(page_data: &Page, links: &Links) -> String {
    let p = page_data;
    let iri = p.iri.as_str();
    let values = |predicate: &str| -> Vec<&Term> {
        p.properties.iter().filter(|(pr, _)| pr.as_str() == predicate).map(|(_, o)| o).collect()
    };
    let mut labels: Vec<(u8, String, Option<String>)> = Vec::new();
    for predicate in [RDFS_LABEL, &format!("{SKOS}prefLabel"), &format!("{SKOS}altLabel")] {
        for term in values(predicate) {
            if let Term::Literal(l) = term {
                let entry = (
                    language_rank(l.language()),
                    l.value().to_string(),
                    l.language().map(String::from),
                );
                if !labels.contains(&entry) {
                    labels.push(entry);
                }
            }
        }
    }
    let name = values(RDFS_LABEL)
        .into_iter()
        .filter_map(|t| match t {
            Term::Literal(l) => Some((language_rank(l.language()), l.value().to_string())),
            _ => None,
        })
        .min()
        .map(|(_, v)| v)
        .or_else(|| labels.first().map(|(_, v, _)| v.clone()))
        .unwrap_or_else(|| links.short(iri));

    let mut main = String::new();
    let _ = writeln!(main, "<h1>{}</h1>", escape(&name));
    let _ = writeln!(main, "<p class=\"iri\"><code>{}</code></p>", escape(iri));
    main.push_str("<dl class=\"summary\">\n");
    let types: Vec<String> = values(RDF_TYPE).iter().map(|t| links.term(t, p)).collect();
    if !types.is_empty() {
        let _ = writeln!(main, "<dt>Type</dt><dd>{}</dd>", types.join(", "));
    }
    if !labels.is_empty() {
        let names: Vec<String> = labels
            .iter()
            .map(|(_, value, language)| match language {
                Some(l) => format!("{}<span class=\"lang\">@{}</span>", escape(value), escape(l)),
                None => escape(value),
            })
            .collect();
        let _ = writeln!(main, "<dt>Names</dt><dd>{}</dd>", names.join(", "));
    }
    let matches: Vec<String> = values(&format!("{SKOS}exactMatch"))
        .into_iter()
        .chain(values(OWL_SAME_AS))
        .filter_map(|t| match t {
            Term::NamedNode(n) => Some(match n.as_str().strip_prefix(WIKIDATA) {
                Some(q) => links.link(n.as_str(), &format!("Wikidata {q}")),
                None => links.link(n.as_str(), &links.short(n.as_str())),
            }),
            _ => None,
        })
        .collect();
    if !matches.is_empty() {
        let _ = writeln!(main, "<dt>Same as</dt><dd>{}</dd>", matches.join(", "));
    }
    if p.mentions > 0 {
        let _ = writeln!(main, "<dt>Mentions</dt><dd>{} in the texts</dd>", p.mentions);
    }
    let _ = writeln!(
        main,
        "<dt>As data</dt><dd>this IRI with <code>Accept: text/turtle</code>, \
         <code>application/n-triples</code>, <code>application/ld+json</code> or \
         <code>application/rdf+xml</code></dd>"
    );
    main.push_str("</dl>\n");

    if !p.facts.is_empty() {
        facts_table(&mut main, p, links);
    }
    let is_entity = iri.strip_prefix(links.base.as_str()).is_some_and(|r| r.starts_with("entity/"));
    if is_entity {
        let source = format!("/diagram.svg?focus={}", url_encode(&name));
        let alt = format!("Diagram of {name} and its neighbours");
        let _ = writeln!(main, "<h2>Diagram</h2>\n{}", figure(&source, &alt));
    }
    if !p.properties.is_empty() {
        main.push_str(
            "<h2>Properties</h2>\n<div class=\"wide\"><table><thead><tr><th>property</th>\
             <th>value</th></tr></thead><tbody>\n",
        );
        for (predicate, object) in &p.properties {
            let _ = writeln!(
                main,
                "<tr><td>{}</td><td>{}</td></tr>",
                links.link(predicate.as_str(), &links.short(predicate.as_str())),
                links.term(object, p)
            );
        }
        main.push_str("</tbody></table></div>\n");
        truncation_note(&mut main, p.properties_truncated);
    }
    if !p.referrers.is_empty() {
        main.push_str(
            "<h2>Referred to by</h2>\n<div class=\"wide\"><table><thead><tr><th>subject</th>\
             <th>property</th></tr></thead><tbody>\n",
        );
        for (subject, predicate) in &p.referrers {
            let _ = writeln!(
                main,
                "<tr><td>{}</td><td>{}</td></tr>",
                links.term(subject, p),
                links.link(predicate.as_str(), &links.short(predicate.as_str()))
            );
        }
        main.push_str("</tbody></table></div>\n");
        truncation_note(&mut main, p.referrers_truncated);
    }
    page(&name, "", &main, "")
}

/// A diagram scaled to the page's width, where its labels may be too small to read, so the
/// caption opens it at full size; if it cannot be drawn the figure says so instead.
fn figure(source: &str, alt: &str) -> String {
    let source = escape(source);
    format!(
        "<figure><img src=\"{source}\" alt=\"{}\" \
         onerror=\"this.closest('figure').textContent = 'No diagram available.'\">\
         <figcaption><a href=\"{source}\">Open the diagram at full size</a></figcaption></figure>",
        escape(alt)
    )
}

fn truncation_note(main: &mut String, truncated: bool) {
    if truncated {
        main.push_str(
            "<p class=\"muted\">Only the first rows are shown; ask /sparql for all.</p>\n",
        );
    }
}

/// The facts: one row per statement node, with how it is stated and the sentence that states it.
fn facts_table(main: &mut String, p: &Page, links: &Links) {
    main.push_str(
        "<h2>Facts</h2>\n<div class=\"wide\"><table><thead><tr><th>subject</th><th>relation</th>\
         <th>object</th><th>stated as</th><th>sentence</th><th>document</th></tr></thead><tbody>\n",
    );
    for fact in &p.facts {
        let how = stated_as(fact, p, links);
        let relation = links.term(&Term::NamedNode(fact.predicate.clone()), p);
        let relation = if fact.negative {
            format!("<span class=\"negative\">not</span> {relation}")
        } else {
            relation
        };
        let document = match (&fact.document, &fact.document_id) {
            (Some(doc), id) => {
                let text = id.clone().unwrap_or_else(|| links.short(doc.as_str()));
                links.link(doc.as_str(), &text)
            }
            (None, _) => String::new(),
        };
        let _ = writeln!(
            main,
            "<tr><td>{}</td><td>{relation}</td><td>{}</td><td>{how}</td>\
             <td class=\"sentence\">{}</td><td>{document}</td></tr>",
            links.term(&fact.subject, p),
            links.term(&fact.object, p),
            fact.sentence.as_deref().map(escape).unwrap_or_default(),
        );
    }
    main.push_str("</tbody></table></div>\n");
    truncation_note(main, p.facts_truncated);
}

/// "offer, planned, according to WSJ" with a link to the statement node.
fn stated_as(fact: &Fact, p: &Page, links: &Links) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(family) = &fact.family {
        parts.push(escape(family));
    }
    if let Some(modality) = &fact.modality {
        let local = modality.as_str().rsplit(['#', '/']).next().unwrap_or_default();
        parts.push(escape(&local.to_lowercase()));
    }
    if let Some(source) = &fact.attribution {
        let who = links.term(&Term::NamedNode(source.clone()), p);
        parts.push(format!("according to {who}"));
    }
    let text = if parts.is_empty() { "statement".to_string() } else { parts.join(", ") };
    format!("{} {}", text, statement_link(&fact.statement, links))
}

fn statement_link(statement: &NamedNode, links: &Links) -> String {
    match links.href(statement.as_str()) {
        Some(href) => format!(
            "<a class=\"muted\" href=\"{}\" title=\"{}\">§</a>",
            escape(&href),
            escape(statement.as_str())
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Links, escape};
    use crate::rdf::Iris;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn links_only_to_our_pages_and_http() {
        let links = Links::new(&Iris::new("https://w3id.org/newsgraph/id/").expect("base"));
        assert_eq!(
            links.href("https://w3id.org/newsgraph/id/entity/oracle").as_deref(),
            Some("/id/entity/oracle")
        );
        assert_eq!(
            links.href("http://www.wikidata.org/entity/Q1").as_deref(),
            Some("http://www.wikidata.org/entity/Q1")
        );
        assert_eq!(links.href("javascript:alert(1)"), None);
        assert!(!links.link("javascript:alert(1)", "x").contains("href"));
    }
}
