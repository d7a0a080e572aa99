//! The knowledge graph as a petgraph: entities, relations and events, read back from the store.
//!
//! This is the stage after the RDF: it reads what a build stored (so a diagram shows exactly
//! what queries see) and keeps only the world the articles describe — entities, the relations
//! between them and the events they take part in — not mentions, sentences, documents or NIF.
//! petgraph then answers graph questions (neighbourhoods, paths); [`crate::export::dot`] draws it.
//!
//! - Entities are the resources with an `ng:category`, plus any other resource a statement or
//!   event links, with their canonical `rdfs:label` and schema.org type.
//! - Relations come from the statement nodes, positive and negative, one edge per
//!   (subject, family, object, polarity) with the number of statements and documents behind it.
//!   Edges run in the reading direction of the family's label: for an `inverse` family (the
//!   statement's subject is the organisation of "founded") from the statement's object to its
//!   subject; for a `symmetric` family from the smaller IRI to the larger.
//! - Events are nodes with one edge per role filler (`ng:agent`, `ng:theme`, …). Two events of a
//!   symmetric family with the same participants ("A partners with B", "B partners with A") are
//!   one node: the one with the smaller IRI, carrying the evidence of both.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{EdgeRef, UndirectedAdaptor};

use crate::analysis::extract::Polarity;
use crate::knowledge::Category;
use crate::knowledge::relations::RelationRules;
use crate::knowledge::vocabulary::{DCTERMS, NG, SCHEMA};
use crate::rdf::store::{GraphStore, QueryError};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// Entities, events and the edges between them.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, Edge>,
    by_iri: BTreeMap<String, NodeIndex>,
    /// Labels of vocabulary terms (classes, roles, statuses, categories), by IRI and language.
    vocabulary: BTreeMap<String, Vec<(String, String)>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Entity(Entity),
    Event(Event),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub iri: String,
    /// The canonical label, or the IRI's last segment when the store has none.
    pub label: String,
    pub category: Option<Category>,
    /// The schema.org type IRI, if any.
    pub schema_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub iri: String,
    /// The event class IRI (`ng:Offer`).
    pub class: String,
    /// The relation family whose statements made it.
    pub family: Option<String>,
    /// Status IRIs (`ng:Proposed`, …).
    pub statuses: BTreeSet<String>,
    /// `ng:date` and `ng:deadline` values, by property local name.
    pub dates: BTreeMap<String, BTreeSet<String>>,
    /// `schema:roleName` values: how the text named the arrangement.
    pub role_names: BTreeSet<String>,
    pub support: Support,
}

/// How many statements, from how many documents, stand behind a relation or event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Support {
    pub statements: BTreeSet<String>,
    pub documents: BTreeSet<String>,
}

impl Support {
    fn absorb(&mut self, other: &Support) {
        self.statements.extend(other.statements.iter().cloned());
        self.documents.extend(other.documents.iter().cloned());
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edge {
    /// From the fact's subject to its object, in the reading direction of the family's label.
    Relation(Relation),
    /// From an event to an entity filling one of its roles (the role property's IRI).
    Role(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub family: String,
    pub polarity: Polarity,
    pub support: Support,
    /// The event nodes the statements link to (none for plain relations and negative facts).
    pub events: BTreeSet<String>,
}

/// Why the graph could not be read or a question about it not answered.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("reading the graph from the store: {0}")]
    Query(#[from] QueryError),
    #[error("reading the graph from the store: {0}")]
    Results(String),
    #[error("no entity labelled {label:?} in the graph{}", suggest(close))]
    UnknownLabel { label: String, close: Vec<String> },
}

fn suggest(close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = close.iter().map(|c| format!("{c:?}")).collect();
        format!("; close labels: {}", quoted.join(", "))
    }
}

/// One solution of a SELECT, by variable name.
type Row = BTreeMap<String, Term>;

fn select(store: &GraphStore, sparql: &str) -> Result<Vec<Row>, GraphError> {
    let QueryResults::Solutions(solutions) = store.query(sparql, &[])? else {
        return Err(GraphError::Results("internal query is not a SELECT".into()));
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| GraphError::Results(e.to_string()))?;
        rows.push(
            solution.iter().map(|(var, term)| (var.as_str().to_string(), term.clone())).collect(),
        );
    }
    Ok(rows)
}

fn iri_of<'a>(row: &'a Row, var: &str) -> Option<&'a str> {
    match row.get(var) {
        Some(Term::NamedNode(node)) => Some(node.as_str()),
        _ => None,
    }
}

fn literal_of<'a>(row: &'a Row, var: &str) -> Option<(&'a str, &'a str)> {
    match row.get(var) {
        Some(Term::Literal(literal)) => Some((literal.value(), literal.language().unwrap_or(""))),
        _ => None,
    }
}

/// The part of an IRI after its last '/' or '#'.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

/// The label to show among `(value, language)` pairs: the wanted language first, then English,
/// then untagged, then the rest; ties go to the smallest value so the choice is stable.
pub fn pick_label<'a>(labels: &'a [(String, String)], lang: &str) -> Option<&'a str> {
    labels
        .iter()
        .min_by_key(|(value, tag)| {
            let rank = if tag == lang {
                0
            } else if tag == "en" {
                1
            } else if tag.is_empty() {
                2
            } else {
                3
            };
            (rank, tag.as_str(), value.as_str())
        })
        .map(|(value, _)| value.as_str())
}

/// The category named by an `ng:` category IRI.
pub fn category_of(iri: &str) -> Option<Category> {
    let name = iri.strip_prefix(NG)?;
    Category::named(name)
}

impl KnowledgeGraph {
    /// Reads entities, relations and events from the store; `rules` says how each relation
    /// family reads (inverse, symmetric).
    pub fn load(store: &GraphStore, rules: &RelationRules) -> Result<Self, GraphError> {
        let prefixes = format!(
            "PREFIX ng: <{NG}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n\
             PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX dcterms: <{DCTERMS}>\n"
        );
        let entity_rows = select(
            store,
            &format!(
                "{prefixes}SELECT ?e ?label ?category ?type WHERE {{
                   ?e ng:category ?category .
                   OPTIONAL {{ ?e rdfs:label ?label }}
                   OPTIONAL {{ ?e a ?type FILTER(STRSTARTS(STR(?type), \"{SCHEMA}\")) }}
                 }}"
            ),
        )?;
        let statement_rows = select(
            store,
            &format!(
                "{prefixes}SELECT ?st ?s ?o ?family ?polarity ?doc ?event WHERE {{
                   ?st a rdf:Statement ; ng:family ?family ; ng:polarity ?polarity ;
                       rdf:subject ?s ; rdf:object ?o .
                   FILTER(isIRI(?s) && isIRI(?o))
                   OPTIONAL {{ ?st dcterms:source ?doc }}
                   OPTIONAL {{ ?st ng:event ?event }}
                 }}"
            ),
        )?;
        let event_rows = select(
            store,
            &format!(
                "{prefixes}SELECT ?event ?p ?o WHERE {{
                   {{ SELECT DISTINCT ?event WHERE {{ ?st ng:event ?event }} }}
                   ?event ?p ?o .
                 }}"
            ),
        )?;
        let event_support_rows = select(
            store,
            &format!(
                "{prefixes}SELECT ?event ?st ?family ?doc WHERE {{
                   ?st ng:event ?event ; ng:family ?family .
                   OPTIONAL {{ ?st dcterms:source ?doc }}
                 }}"
            ),
        )?;
        let vocabulary_rows = select(
            store,
            &format!(
                "{prefixes}SELECT ?term ?label WHERE {{
                   ?term rdfs:label ?label FILTER(STRSTARTS(STR(?term), STR(ng:)))
                 }}"
            ),
        )?;

        // Entities: labels and types gathered first, one chosen per entity.
        let mut entities: BTreeMap<
            String,
            (Vec<(String, String)>, Option<Category>, BTreeSet<String>),
        > = BTreeMap::new();
        for row in &entity_rows {
            let Some(iri) = iri_of(row, "e") else { continue };
            let entry = entities.entry(iri.to_string()).or_default();
            if let Some((value, lang)) = literal_of(row, "label") {
                entry.0.push((value.to_string(), lang.to_string()));
            }
            if let Some(category) = iri_of(row, "category").and_then(category_of) {
                // Several categories would be a lexicon error; the smallest wins, stably.
                entry.1 = Some(entry.1.map_or(category, |c| c.min(category)));
            }
            if let Some(schema_type) = iri_of(row, "type") {
                entry.2.insert(schema_type.to_string());
            }
        }
        for row in &statement_rows {
            for var in ["s", "o"] {
                if let Some(iri) = iri_of(row, var) {
                    entities.entry(iri.to_string()).or_default();
                }
            }
        }

        // Relations: statements grouped by (subject, family, object, polarity).
        let mut relations: BTreeMap<(String, String, String, Polarity), Relation> = BTreeMap::new();
        for row in &statement_rows {
            let (Some(statement), Some(s), Some(o)) =
                (iri_of(row, "st"), iri_of(row, "s"), iri_of(row, "o"))
            else {
                continue;
            };
            let Some((family, _)) = literal_of(row, "family") else { continue };
            let polarity = match iri_of(row, "polarity").map(local_name) {
                Some("Negative") => Polarity::Negative,
                _ => Polarity::Positive,
            };
            let rule = rules.family(family);
            let (mut from, mut to) = if rule.is_some_and(|f| f.inverse) { (o, s) } else { (s, o) };
            if rule.is_some_and(|f| f.symmetric) && to < from {
                std::mem::swap(&mut from, &mut to);
            }
            let key = (from.to_string(), family.to_string(), to.to_string(), polarity);
            let relation = relations.entry(key).or_insert_with(|| Relation {
                family: family.to_string(),
                polarity,
                support: Support::default(),
                events: BTreeSet::new(),
            });
            relation.support.statements.insert(statement.to_string());
            if let Some(doc) = iri_of(row, "doc") {
                relation.support.documents.insert(doc.to_string());
            }
            if let Some(event) = iri_of(row, "event") {
                relation.events.insert(event.to_string());
            }
        }

        // Events: class, roles, status, dates from the event nodes; support from statements.
        let mut events: BTreeMap<String, Event> = BTreeMap::new();
        let mut roles: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
        for row in &event_rows {
            let (Some(iri), Some(property)) = (iri_of(row, "event"), iri_of(row, "p")) else {
                continue;
            };
            let event = events.entry(iri.to_string()).or_insert_with(|| Event {
                iri: iri.to_string(),
                class: String::new(),
                family: None,
                statuses: BTreeSet::new(),
                dates: BTreeMap::new(),
                role_names: BTreeSet::new(),
                support: Support::default(),
            });
            match (property, row.get("o")) {
                (RDF_TYPE, Some(Term::NamedNode(class))) if class.as_str().starts_with(NG) => {
                    event.class = class.as_str().to_string();
                }
                (p, Some(Term::NamedNode(status))) if p == format!("{NG}status") => {
                    event.statuses.insert(status.as_str().to_string());
                }
                (p, Some(Term::Literal(date)))
                    if p == format!("{NG}date") || p == format!("{NG}deadline") =>
                {
                    let name = local_name(p).to_string();
                    event.dates.entry(name).or_default().insert(date.value().to_string());
                }
                (p, Some(Term::Literal(name))) if p == format!("{SCHEMA}roleName") => {
                    event.role_names.insert(name.value().to_string());
                }
                (p, Some(Term::NamedNode(filler)))
                    if p.starts_with(NG) && entities.contains_key(filler.as_str()) =>
                {
                    roles
                        .entry(iri.to_string())
                        .or_default()
                        .insert((p.to_string(), filler.as_str().to_string()));
                }
                _ => {}
            }
        }
        for row in &event_support_rows {
            let (Some(iri), Some(statement)) = (iri_of(row, "event"), iri_of(row, "st")) else {
                continue;
            };
            let Some(event) = events.get_mut(iri) else { continue };
            if let Some((family, _)) = literal_of(row, "family") {
                // Several families on one event would be a build error; the smallest wins.
                if event.family.as_deref().is_none_or(|f| family < f) {
                    event.family = Some(family.to_string());
                }
            }
            event.support.statements.insert(statement.to_string());
            if let Some(doc) = iri_of(row, "doc") {
                event.support.documents.insert(doc.to_string());
            }
        }
        let merged = merge_symmetric_events(&mut events, &mut roles, rules);
        for relation in relations.values_mut() {
            relation.events = relation
                .events
                .iter()
                .map(|e| merged.get(e).cloned().unwrap_or_else(|| e.clone()))
                .collect();
        }

        let mut kg = KnowledgeGraph::default();
        for row in &vocabulary_rows {
            if let (Some(term), Some((value, lang))) =
                (iri_of(row, "term"), literal_of(row, "label"))
            {
                kg.vocabulary
                    .entry(term.to_string())
                    .or_default()
                    .push((value.to_string(), lang.to_string()));
            }
        }
        // Insertion in IRI order keeps node and edge indices stable across runs.
        for (iri, (labels, category, types)) in entities {
            let label = pick_label(&labels, "en").unwrap_or(local_name(&iri)).to_string();
            let schema_type = types.into_iter().next();
            kg.add(Node::Entity(Entity { iri, label, category, schema_type }));
        }
        for event in events.into_values() {
            kg.add(Node::Event(event));
        }
        for ((from, _, to, _), relation) in relations {
            if let (Some(&a), Some(&b)) = (kg.by_iri.get(&from), kg.by_iri.get(&to)) {
                kg.graph.add_edge(a, b, Edge::Relation(relation));
            }
        }
        for (event, fillers) in roles {
            let Some(&a) = kg.by_iri.get(&event) else { continue };
            for (role, filler) in fillers {
                if let Some(&b) = kg.by_iri.get(&filler) {
                    kg.graph.add_edge(a, b, Edge::Role(role));
                }
            }
        }
        Ok(kg)
    }

    fn add(&mut self, node: Node) {
        let iri = match &node {
            Node::Entity(e) => e.iri.clone(),
            Node::Event(e) => e.iri.clone(),
        };
        let index = self.graph.add_node(node);
        self.by_iri.insert(iri, index);
    }

    /// The underlying petgraph, for analyses.
    pub fn graph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    /// The label of a vocabulary term in `lang` (falling back as [`pick_label`] does).
    pub fn vocabulary_label(&self, iri: &str, lang: &str) -> Option<&str> {
        pick_label(self.vocabulary.get(iri)?, lang)
    }

    /// The entity with this canonical label, compared case-insensitively; an unknown label is an
    /// error naming up to five close labels.
    pub fn find_entity(&self, label: &str) -> Result<NodeIndex, GraphError> {
        let wanted = label.trim().to_lowercase();
        let mut candidates: Vec<(usize, &str, NodeIndex)> = Vec::new();
        for index in self.graph.node_indices() {
            let Node::Entity(entity) = &self.graph[index] else { continue };
            let have = entity.label.to_lowercase();
            if have == wanted {
                return Ok(index);
            }
            let distance = edit_distance(&wanted, &have);
            let contains =
                wanted.chars().count() >= 3 && (have.contains(&wanted) || wanted.contains(&have));
            if contains || distance <= (wanted.chars().count() / 3).max(2) {
                candidates.push((if contains { 0 } else { distance }, &entity.label, index));
            }
        }
        candidates.sort();
        candidates.dedup_by(|a, b| a.1 == b.1);
        let close = candidates.iter().take(5).map(|(_, l, _)| (*l).to_string()).collect();
        Err(GraphError::UnknownLabel { label: label.to_string(), close })
    }

    /// The nodes at most `depth` steps from `start`, ignoring edge direction. A step is one
    /// relation, or one event (entity → event → entity), so events do not count double.
    pub fn neighbourhood(&self, start: NodeIndex, depth: usize) -> BTreeSet<NodeIndex> {
        // Role edges cost 1 and relations 2, so "depth" counts entity-to-entity steps.
        let costs = petgraph::algo::dijkstra(&UndirectedAdaptor(&self.graph), start, None, |e| {
            match e.weight() {
                Edge::Relation(_) => 2usize,
                Edge::Role(_) => 1,
            }
        });
        let limit = depth.saturating_mul(2);
        costs.into_iter().filter(|(_, cost)| *cost <= limit).map(|(node, _)| node).collect()
    }
}

/// Merges events of symmetric families that join the same participants into the one with the
/// smallest IRI; returns the merged IRIs with the IRI that absorbed them.
fn merge_symmetric_events(
    events: &mut BTreeMap<String, Event>,
    roles: &mut BTreeMap<String, BTreeSet<(String, String)>>,
    rules: &RelationRules,
) -> BTreeMap<String, String> {
    let mut groups: BTreeMap<(String, BTreeSet<String>), Vec<String>> = BTreeMap::new();
    for (iri, event) in events.iter() {
        let symmetric =
            event.family.as_deref().and_then(|f| rules.family(f)).is_some_and(|f| f.symmetric);
        if !symmetric {
            continue;
        }
        let participants: BTreeSet<String> =
            roles.get(iri).into_iter().flatten().map(|(_, filler)| filler.clone()).collect();
        groups.entry((event.class.clone(), participants)).or_default().push(iri.clone());
    }
    let mut merged = BTreeMap::new();
    for iris in groups.into_values() {
        // BTreeMap iteration gave them in IRI order: the first absorbs the rest.
        let Some((keep, rest)) = iris.split_first() else { continue };
        for other in rest {
            let Some(absorbed) = events.remove(other) else { continue };
            roles.remove(other);
            if let Some(kept) = events.get_mut(keep) {
                kept.statuses.extend(absorbed.statuses);
                for (name, values) in absorbed.dates {
                    kept.dates.entry(name).or_default().extend(values);
                }
                kept.role_names.extend(absorbed.role_names);
                kept.support.absorb(&absorbed.support);
            }
            merged.insert(other.clone(), keep.clone());
        }
    }
    merged
}

/// Levenshtein distance over Unicode scalar values.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        for (a, b, expected) in [
            ("oracle", "oracle", 0),
            ("oracel", "oracle", 2),
            ("tiktok", "tik tok", 1),
            ("", "abc", 3),
            ("bytedänce", "bytedance", 1),
        ] {
            assert_eq!(edit_distance(a, b), expected, "{a} / {b}");
        }
    }

    #[test]
    fn labels_prefer_the_wanted_language_then_english() {
        let labels = vec![
            ("Angebot".to_string(), "de".to_string()),
            ("offer".to_string(), "en".to_string()),
            ("oferta".to_string(), "es".to_string()),
        ];
        assert_eq!(pick_label(&labels, "de"), Some("Angebot"));
        assert_eq!(pick_label(&labels, "fr"), Some("offer"));
        assert_eq!(pick_label(&[], "en"), None);
    }

    #[test]
    fn local_names() {
        assert_eq!(local_name("https://w3id.org/newsgraph/ns#agent"), "agent");
        assert_eq!(local_name("https://w3id.org/newsgraph/id/entity/oracle"), "oracle");
        assert_eq!(local_name("oracle"), "oracle");
    }
}
