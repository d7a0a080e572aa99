//! A VoID description of a built dataset: how big it is, which vocabularies it uses and how its
//! triples spread over classes and properties.
//!
//! `newsgraph export --format void` writes it so that catalogues and SPARQL tools can tell what a
//! dump holds before loading it. Counts are over the union of the named graphs (each distinct
//! triple once), the same view `query` gives. The description lives under the instance base
//! (`…/id/dataset`), and its partitions under `…/id/dataset/class/…` and
//! `…/id/dataset/property/…`, so it needs no blank nodes and is the same for the same store.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple};

use crate::knowledge::vocabulary::{DCTERMS, DEFAULT_BASE, PREFIXES, SCHEMA};

/// The VoID namespace.
pub const VOID: &str = "http://rdfs.org/ns/void#";

/// The instance base a store was built with (`--base`), read back from its graph names: the
/// lexicon and vocabulary graphs are `<base>graph/lexicon` and `<base>graph/vocabulary`, documents
/// are `<base>doc/<id>`. Falls back to the default base for a store that has none of them.
pub fn instance_base(quads: &[Quad]) -> String {
    let graphs: BTreeSet<&str> = quads
        .iter()
        .filter_map(|q| match &q.graph_name {
            oxigraph::model::GraphName::NamedNode(g) => Some(g.as_str()),
            _ => None,
        })
        .collect();
    let from_suffix = |suffix: &str| {
        graphs.iter().find_map(|g| g.strip_suffix(suffix)).filter(|b| NamedNode::new(*b).is_ok())
    };
    let articles = quads.iter().filter_map(|q| match (&q.subject, &q.object) {
        (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o))
            if q.predicate == rdf::TYPE && o.as_str() == format!("{SCHEMA}NewsArticle") =>
        {
            Some(s.as_str())
        }
        _ => None,
    });
    let from_articles =
        || articles.filter_map(|a| a.rfind("doc/").map(|i| &a[..i])).min().map(str::to_string);
    from_suffix("graph/lexicon")
        .or_else(|| from_suffix("graph/vocabulary"))
        .map(str::to_string)
        .or_else(from_articles)
        .unwrap_or_else(|| DEFAULT_BASE.to_string())
}

/// The VoID description of `quads` as triples, in no particular order.
pub fn describe(quads: &[Quad], base: &str) -> Vec<Triple> {
    let stats = Statistics::of(quads, &format!("{base}entity/"));
    let dataset = NamedNode::new_unchecked(format!("{base}dataset"));
    let void = |local: &str| NamedNode::new_unchecked(format!("{VOID}{local}"));
    let dcterms = |local: &str| NamedNode::new_unchecked(format!("{DCTERMS}{local}"));
    let count = |n: usize| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
    let mut out = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| out.push(Triple::new(s.clone(), p, o));

    add(&dataset, rdf::TYPE.into_owned(), void("Dataset").into());
    add(
        &dataset,
        dcterms("title"),
        Literal::new_language_tagged_literal_unchecked("newsgraph knowledge graph", "en").into(),
    );
    let description = format!(
        "Entities, relations and events read from {} news articles by newsgraph, each fact with \
         the sentence that states it; one named graph per article, plus the entity lexicon and \
         the vocabulary.",
        stats.documents
    );
    add(
        &dataset,
        dcterms("description"),
        Literal::new_language_tagged_literal_unchecked(description, "en").into(),
    );
    add(&dataset, void("triples"), count(stats.triples));
    add(&dataset, void("entities"), count(stats.entities));
    add(&dataset, void("uriSpace"), Literal::new_simple_literal(format!("{base}entity/")).into());
    add(&dataset, void("distinctSubjects"), count(stats.subjects));
    add(&dataset, void("distinctObjects"), count(stats.objects));
    add(&dataset, void("properties"), count(stats.properties.len()));
    add(&dataset, void("classes"), count(stats.classes.len()));
    add(&dataset, void("documents"), count(stats.documents));
    for namespace in &stats.vocabularies {
        add(&dataset, void("vocabulary"), NamedNode::new_unchecked(namespace.as_str()).into());
    }
    for (class, instances) in &stats.classes {
        let partition =
            NamedNode::new_unchecked(format!("{base}dataset/class/{}", partition_key(class)));
        add(&dataset, void("classPartition"), partition.clone().into());
        add(&partition, void("class"), NamedNode::new_unchecked(class.as_str()).into());
        add(&partition, void("entities"), count(*instances));
    }
    for (property, usage) in &stats.properties {
        let partition =
            NamedNode::new_unchecked(format!("{base}dataset/property/{}", partition_key(property)));
        add(&dataset, void("propertyPartition"), partition.clone().into());
        add(&partition, void("property"), NamedNode::new_unchecked(property.as_str()).into());
        add(&partition, void("triples"), count(usage.triples));
        add(&partition, void("distinctSubjects"), count(usage.subjects.len()));
        add(&partition, void("distinctObjects"), count(usage.objects.len()));
    }
    out
}

/// How one property is used.
#[derive(Debug, Default)]
struct PropertyUsage {
    triples: usize,
    subjects: BTreeSet<String>,
    objects: BTreeSet<String>,
}

/// The counts VoID reports, over the distinct triples of all graphs.
#[derive(Debug, Default)]
struct Statistics {
    triples: usize,
    subjects: usize,
    objects: usize,
    /// IRIs in the entity URI space, as subject or object.
    entities: usize,
    /// Subjects typed `schema:NewsArticle`.
    documents: usize,
    /// Class IRI → number of distinct instances.
    classes: BTreeMap<String, usize>,
    properties: BTreeMap<String, PropertyUsage>,
    /// Namespaces of the properties and classes.
    vocabularies: BTreeSet<String>,
}

impl Statistics {
    fn of(quads: &[Quad], entity_space: &str) -> Self {
        let triples: HashSet<Triple> = quads.iter().map(|q| Triple::from(q.clone())).collect();
        let mut stats = Statistics { triples: triples.len(), ..Statistics::default() };
        let mut subjects = BTreeSet::new();
        let mut objects = BTreeSet::new();
        let mut entities = BTreeSet::new();
        let mut instances: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let article = format!("{SCHEMA}NewsArticle");
        for triple in &triples {
            let subject = triple.subject.to_string();
            let object = triple.object.to_string();
            for term in [Term::from(triple.subject.clone()), triple.object.clone()] {
                if let Term::NamedNode(node) = term
                    && node.as_str().starts_with(entity_space)
                {
                    entities.insert(node.into_string());
                }
            }
            if triple.predicate == rdf::TYPE
                && let Term::NamedNode(class) = &triple.object
            {
                instances.entry(class.as_str().to_string()).or_default().insert(subject.clone());
                stats.vocabularies.insert(namespace(class.as_str()));
                if class.as_str() == article {
                    stats.documents += 1;
                }
            }
            let usage = stats.properties.entry(triple.predicate.as_str().to_string()).or_default();
            usage.triples += 1;
            usage.subjects.insert(subject.clone());
            usage.objects.insert(object.clone());
            stats.vocabularies.insert(namespace(triple.predicate.as_str()));
            subjects.insert(subject);
            objects.insert(object);
        }
        stats.subjects = subjects.len();
        stats.objects = objects.len();
        stats.entities = entities.len();
        stats.classes = instances.into_iter().map(|(class, s)| (class, s.len())).collect();
        stats
    }
}

/// The namespace of a term: the longest known prefix it starts with, else everything up to its
/// last `#` or `/`.
fn namespace(iri: &str) -> String {
    PREFIXES
        .iter()
        .map(|(_, ns)| *ns)
        .filter(|ns| iri.starts_with(ns))
        .max_by_key(|ns| ns.len())
        .map(str::to_string)
        .unwrap_or_else(|| match iri.rfind(['#', '/']) {
            Some(i) => iri[..=i].to_string(),
            None => iri.to_string(),
        })
}

/// A readable, IRI-safe path segment for a partition: `schema:NewsArticle` for a term with a
/// known prefix, the percent-encoded IRI otherwise.
fn partition_key(iri: &str) -> String {
    let compact = PREFIXES
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns) && iri.len() > ns.len())
        .max_by_key(|(_, ns)| ns.len())
        .map(|(name, ns)| format!("{name}:{}", &iri[ns.len()..]));
    let text = compact.as_deref().unwrap_or(iri);
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let colon = b == b':' && compact.is_some();
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || colon {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quad(s: &str, p: &str, o: Term, g: &str) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked(p),
            o,
            NamedNode::new_unchecked(g),
        )
    }

    #[test]
    fn counts_each_triple_once_across_graphs() {
        let base = "http://example.org/id/";
        let article = NamedNode::new_unchecked(format!("{SCHEMA}NewsArticle"));
        let doc = format!("{base}doc/a");
        let entity = NamedNode::new_unchecked(format!("{base}entity/acme"));
        let about = format!("{SCHEMA}about");
        let quads = vec![
            quad(&doc, rdf::TYPE.as_str(), article.clone().into(), &doc),
            quad(&doc, &about, entity.clone().into(), &doc),
            quad(&doc, &about, entity.clone().into(), &format!("{base}graph/lexicon")),
        ];
        assert_eq!(instance_base(&quads), base);
        let stats = Statistics::of(&quads, &format!("{base}entity/"));
        assert_eq!(stats.triples, 2);
        assert_eq!(stats.documents, 1);
        assert_eq!(stats.entities, 1);
        assert_eq!(stats.subjects, 1);
        assert_eq!(stats.objects, 2);
        assert_eq!(stats.properties.len(), 2);
        let namespaces: Vec<&str> = stats.vocabularies.iter().map(String::as_str).collect();
        assert_eq!(namespaces, ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", SCHEMA]);
    }

    #[test]
    fn partition_keys_are_prefixed_names_or_encoded_iris() {
        assert_eq!(partition_key(&format!("{SCHEMA}NewsArticle")), "schema:NewsArticle");
        assert_eq!(partition_key("http://example.org/a b"), "http%3A%2F%2Fexample.org%2Fa%20b");
    }
}
