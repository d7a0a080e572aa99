//! `newsgraph export --format dot|svg`: the graph drawn as a diagram.
//!
//! This module decides *what* a diagram shows, in words of the knowledge graph; [`crate::export::dot`]
//! decides how it looks in Graphviz. The choices, made so the default diagram of a handful of
//! articles stays readable:
//! - Only entities that take part in a drawn relation or event appear (plus the `--focus`
//!   entity): the lexicon knows hundreds of places and outlets that are merely mentioned or
//!   credited, and a cloud of unconnected nodes hides the story.
//! - A positive fact that has an event node is drawn once, as that event (small node with role
//!   edges, or with `--events fold` one edge from the family's subject role to its object role,
//!   labelled like the relation), never as event and relation side by side.
//! - Events that link a single entity, such as the many `ng:Statement` utterances ("Microsoft
//!   erklärte …"), say nothing about relations; drawing each as a node buried the speakers in
//!   satellites. They are counted in the entity's tooltip instead ("statement: 9").
//! - Relation labels come from the family's `label_en`/`label_de` in relations.toml, event
//!   class, role, status and category names from the vocabulary's `rdfs:label`s, so `--lang de`
//!   needs no code. Negated facts are dashed (or left out with `--negative omit`).
//! - Long entity and event labels are wrapped at word boundaries to keep nodes compact.
//! - `--query` draws the triples of a CONSTRUCT query: `rdfs:label` triples in the result name
//!   their subject instead of being drawn, other nodes are named by their label in the store or
//!   else their IRI's last segment, predicates by their label or prefixed name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::Context;
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::QueryResults;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::analysis::extract::Polarity;
use crate::commands::cli::{EventStyle, ExportArgs, ExportFormat, Lang, NegativeStyle, Renderer};
use crate::export::dot::{self, Diagram, Edge, EdgeStyle, Legend, NodeStyle};
use crate::export::graph::{self, KnowledgeGraph, Node};
use crate::knowledge::Category;
use crate::knowledge::relations::{Family, RelationRules};
use crate::knowledge::vocabulary::{NG, PREFIXES};
use crate::rdf::store::GraphStore;

const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
/// Entity and event labels longer than this are wrapped at spaces.
const WRAP: usize = 24;
/// Every entity category (the legend shows those a diagram uses).
/// The diagram of the store as DOT or SVG bytes.
pub fn render(
    args: &ExportArgs,
    store: &GraphStore,
    relations: &RelationRules,
) -> anyhow::Result<Vec<u8>> {
    let config = Config::from_args(args)?;
    let diagram = match &config.query {
        Some(query) => query_diagram(store, query, config.lang)?,
        None => {
            let kg = KnowledgeGraph::load(store, relations)?;
            graph_diagram(&kg, relations, &config)?
        }
    };
    let text = match config.output {
        Output::Dot => dot::write_dot(&diagram),
        Output::Svg(Renderer::Builtin) => dot::svg_builtin(&diagram)?,
        Output::Svg(Renderer::Dot) => dot::svg_graphviz(&diagram)?,
    };
    Ok(text.into_bytes())
}

/// The checked diagram options.
#[derive(Debug)]
struct Config {
    lang: Lang,
    events: EventStyle,
    negative: NegativeStyle,
    focus: Option<(String, usize)>,
    query: Option<QueryFile>,
    output: Output,
}

#[derive(Debug)]
struct QueryFile {
    path: PathBuf,
    sparql: String,
}

#[derive(Debug, Clone, Copy)]
enum Output {
    Dot,
    Svg(Renderer),
}

impl Config {
    fn from_args(args: &ExportArgs) -> anyhow::Result<Self> {
        let d = &args.diagram;
        let output = match args.format {
            ExportFormat::Dot => Output::Dot,
            ExportFormat::Svg => Output::Svg(d.renderer),
            other => anyhow::bail!("export --format {other:?} is not a diagram format"),
        };
        let focus = match &d.focus {
            Some(label) if label.trim().is_empty() => anyhow::bail!("--focus needs a label"),
            Some(label) => Some((label.clone(), d.depth)),
            None => None,
        };
        let query = match &d.query {
            Some(path) => {
                let sparql = std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read query file", path.display()))?;
                Some(QueryFile { path: path.clone(), sparql })
            }
            None => None,
        };
        if focus.is_some() && query.is_some() {
            anyhow::bail!("--focus and --query cannot be combined: a query chooses what to draw");
        }
        Ok(Config { lang: d.lang, events: d.events, negative: d.negative, focus, query, output })
    }
}

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::De => "de",
    }
}

/// Words of the diagram's own furniture (legend, tooltips) in the chosen language; names of
/// things come from the vocabulary and relations.toml.
#[derive(Debug)]
struct Words {
    legend: &'static str,
    entity: &'static str,
    event: &'static str,
    resource: &'static str,
    literal: &'static str,
    relation: &'static str,
    denied: &'static str,
    folded: &'static str,
    role: &'static str,
    triple: &'static str,
    /// Singular and plural.
    statements: (&'static str, &'static str),
    documents: (&'static str, &'static str),
    in_: &'static str,
    status: &'static str,
    named: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            legend: "Legend",
            entity: "entity",
            event: "event",
            resource: "resource",
            literal: "literal",
            relation: "relation (wider: more sources)",
            denied: "denied",
            folded: "event (agent → theme)",
            role: "role in event",
            triple: "triple",
            statements: ("statement", "statements"),
            documents: ("document", "documents"),
            in_: "in",
            status: "status",
            named: "named",
        },
        Lang::De => Words {
            legend: "Legende",
            entity: "Entität",
            event: "Ereignis",
            resource: "Ressource",
            literal: "Literal",
            relation: "Beziehung (breiter: mehr Quellen)",
            denied: "verneint",
            folded: "Ereignis (Akteur → Gegenstand)",
            role: "Rolle im Ereignis",
            triple: "Tripel",
            statements: ("Aussage", "Aussagen"),
            documents: ("Dokument", "Dokumenten"),
            in_: "in",
            status: "Status",
            named: "genannt",
        },
    }
}

fn support_text(w: &Words, statements: usize, documents: usize) -> String {
    let pick =
        |n: usize, (one, many): (&'static str, &'static str)| if n == 1 { one } else { many };
    format!(
        "{statements} {} {} {documents} {}",
        pick(statements, w.statements),
        w.in_,
        pick(documents, w.documents)
    )
}

/// Wraps at spaces so that no line is longer than `width` characters unless a word is.
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn family_label(family: Option<&Family>, name: &str, lang: Lang) -> String {
    match (family, lang) {
        (Some(f), Lang::En) => f.label_en.clone(),
        (Some(f), Lang::De) => f.label_de.clone(),
        (None, _) => name.to_string(),
    }
}

/// The legend captions for every style a diagram can use; `label` names a vocabulary term
/// (the entity categories) in the diagram's language.
fn legend(label: &dyn Fn(&str) -> Option<String>, lang: Lang) -> Legend {
    let w = words(lang);
    let mut legend = Legend { title: w.legend.to_string(), ..Legend::default() };
    for category in Category::ALL {
        let iri = format!("{NG}{}", category.name());
        let caption = label(&iri).unwrap_or_else(|| category.name().to_lowercase());
        legend.nodes.insert(NodeStyle::Entity(category), caption);
    }
    legend.nodes.insert(NodeStyle::UnknownEntity, w.entity.into());
    legend.nodes.insert(NodeStyle::Event, w.event.into());
    legend.nodes.insert(NodeStyle::Resource, w.resource.into());
    legend.nodes.insert(NodeStyle::Literal, w.literal.into());
    legend.edges.insert(EdgeStyle::Relation, w.relation.into());
    legend.edges.insert(EdgeStyle::Negative, w.denied.into());
    legend.edges.insert(EdgeStyle::Event, w.folded.into());
    legend.edges.insert(EdgeStyle::Role, w.role.into());
    legend.edges.insert(EdgeStyle::Triple, w.triple.into());
    legend
}

/// Edges keyed by (from, to, label, style), so drawing the same link twice merges it.
type EdgeMap = BTreeMap<(String, String, String, EdgeStyle), Edge>;

fn add_edge(edges: &mut EdgeMap, edge: Edge) {
    let key = (edge.from.clone(), edge.to.clone(), edge.label.clone(), edge.style);
    match edges.get_mut(&key) {
        Some(existing) => {
            existing.support += edge.support;
            if !existing.tooltip.split('\n').any(|line| line == edge.tooltip) {
                existing.tooltip = format!("{}\n{}", existing.tooltip, edge.tooltip);
            }
        }
        None => {
            edges.insert(key, edge);
        }
    }
}

/// The diagram of the knowledge graph (or of the focus entity's neighbourhood).
fn graph_diagram(
    kg: &KnowledgeGraph,
    relations: &RelationRules,
    config: &Config,
) -> anyhow::Result<Diagram> {
    let lang = config.lang;
    let tag = lang_tag(lang);
    let w = words(lang);
    let g = kg.graph();
    let focus = match &config.focus {
        Some((label, _)) => Some(kg.find_entity(label)?),
        None => None,
    };
    let scope: Option<BTreeSet<NodeIndex>> =
        focus.zip(config.focus.as_ref()).map(|(start, (_, depth))| kg.neighbourhood(start, *depth));
    let in_scope = |i: NodeIndex| scope.as_ref().is_none_or(|s| s.contains(&i));
    let vocab =
        |iri: &str| kg.vocabulary_label(iri, tag).unwrap_or(graph::local_name(iri)).to_string();
    let entity_label = |i: NodeIndex| match kg.node(i) {
        Node::Entity(e) => e.label.clone(),
        Node::Event(e) => e.iri.clone(),
    };

    // Events joining two or more entities are drawn; the others are counted on their entity.
    let mut drawn_events: BTreeMap<NodeIndex, Vec<(String, NodeIndex)>> = BTreeMap::new();
    let mut solo: BTreeMap<NodeIndex, BTreeMap<String, usize>> = BTreeMap::new();
    for index in g.node_indices() {
        let Node::Event(event) = kg.node(index) else { continue };
        let fillers: Vec<(String, NodeIndex)> = g
            .edges(index)
            .filter_map(|e| match e.weight() {
                graph::Edge::Role(role) => Some((role.clone(), e.target())),
                graph::Edge::Relation(_) => None,
            })
            .collect();
        let participants: BTreeSet<NodeIndex> = fillers.iter().map(|(_, f)| *f).collect();
        if participants.len() < 2 {
            if let Some(&one) = participants.first() {
                *solo.entry(one).or_default().entry(vocab(&event.class)).or_default() += 1;
            }
            continue;
        }
        // Around a focus, an event between two drawn entities is drawn even when it lies one
        // step beyond the depth, as a relation between them would be.
        let visible: Vec<(String, NodeIndex)> =
            fillers.into_iter().filter(|(_, f)| in_scope(*f)).collect();
        let visible_participants: BTreeSet<NodeIndex> = visible.iter().map(|(_, f)| *f).collect();
        if in_scope(index) || visible_participants.len() >= 2 {
            drawn_events.insert(index, visible);
        }
    }
    let drawn_event_iris: BTreeSet<&str> = drawn_events
        .keys()
        .filter_map(|i| match kg.node(*i) {
            Node::Event(e) => Some(e.iri.as_str()),
            Node::Entity(_) => None,
        })
        .collect();

    let mut nodes: BTreeMap<NodeIndex, dot::Node> = BTreeMap::new();
    let mut edges = EdgeMap::new();
    let key = |i: NodeIndex| match kg.node(i) {
        Node::Entity(e) => e.iri.clone(),
        Node::Event(e) => e.iri.clone(),
    };

    for (&index, fillers) in &drawn_events {
        let Node::Event(event) = kg.node(index) else { continue };
        let family = event.family.as_deref().and_then(|f| relations.family(f));
        let subject_role = family.map(|f| format!("{NG}{}", f.subject));
        let object_role = family.and_then(|f| f.object.as_ref()).map(|o| format!("{NG}{o}"));
        let support =
            support_text(&w, event.support.statements.len(), event.support.documents.len());
        let class = vocab(&event.class);
        let is_subject = |role: &str| subject_role.as_deref() == Some(role);
        let agents: Vec<NodeIndex> =
            fillers.iter().filter(|(r, _)| is_subject(r)).map(|(_, f)| *f).collect();
        let mut themes: Vec<NodeIndex> = fillers
            .iter()
            .filter(|(r, _)| object_role.as_deref() == Some(r.as_str()))
            .map(|(_, f)| *f)
            .collect();
        if themes.is_empty() {
            themes = fillers.iter().filter(|(r, _)| !is_subject(r)).map(|(_, f)| *f).collect();
        }
        let names = |list: &[NodeIndex]| {
            list.iter().map(|i| entity_label(*i)).collect::<Vec<_>>().join(", ")
        };
        let summary = format!("{class}: {} → {}", names(&agents), names(&themes));
        match config.events {
            EventStyle::Nodes => {
                let mut statuses: Vec<String> = event.statuses.iter().map(|s| vocab(s)).collect();
                statuses.sort();
                let mut label = class.clone();
                if !statuses.is_empty() {
                    label = format!("{label}\n{}", wrap(&statuses.join(", "), WRAP));
                }
                let mut tooltip = vec![summary.clone()];
                if !statuses.is_empty() {
                    tooltip.push(format!("{}: {}", w.status, statuses.join(", ")));
                }
                for (name, values) in &event.dates {
                    let values: Vec<&str> = values.iter().map(String::as_str).collect();
                    tooltip.push(format!(
                        "{}: {}",
                        vocab(&format!("{NG}{name}")),
                        values.join(", ")
                    ));
                }
                if !event.role_names.is_empty() {
                    let names: Vec<&str> = event.role_names.iter().map(String::as_str).collect();
                    tooltip.push(format!("{}: {}", w.named, names.join(", ")));
                }
                tooltip.push(support.clone());
                nodes.insert(
                    index,
                    dot::Node {
                        key: event.iri.clone(),
                        label,
                        style: NodeStyle::Event,
                        tooltip: tooltip.join("\n"),
                    },
                );
                for (role, filler) in fillers {
                    let role_label = vocab(role);
                    let (from, to) =
                        if is_subject(role) { (*filler, index) } else { (index, *filler) };
                    let tooltip = format!("{}: {role_label} ({class})", entity_label(*filler));
                    add_edge(
                        &mut edges,
                        Edge {
                            from: key(from),
                            to: key(to),
                            label: role_label,
                            style: EdgeStyle::Role,
                            support: 1,
                            directed: true,
                            tooltip,
                        },
                    );
                }
            }
            EventStyle::Fold => {
                let name = event.family.as_deref().unwrap_or("");
                let label = family_label(family, name, lang);
                let directed = !family.is_some_and(|f| f.symmetric);
                for &from in &agents {
                    for &to in themes.iter().filter(|t| **t != from) {
                        let tooltip = format!("{summary}\n{support}");
                        add_edge(
                            &mut edges,
                            Edge {
                                from: key(from),
                                to: key(to),
                                label: label.clone(),
                                style: EdgeStyle::Event,
                                support: event.support.statements.len(),
                                directed,
                                tooltip,
                            },
                        );
                    }
                }
            }
        }
    }

    for edge in g.edge_references() {
        let graph::Edge::Relation(relation) = edge.weight() else { continue };
        let (from, to) = (edge.source(), edge.target());
        if !in_scope(from) || !in_scope(to) {
            continue;
        }
        let style = match relation.polarity {
            Polarity::Negative if config.negative == NegativeStyle::Omit => continue,
            Polarity::Negative => EdgeStyle::Negative,
            // Drawn as its event already.
            Polarity::Positive
                if relation.events.iter().any(|e| drawn_event_iris.contains(e.as_str())) =>
            {
                continue;
            }
            Polarity::Positive => EdgeStyle::Relation,
        };
        let family = relations.family(&relation.family);
        let label = family_label(family, &relation.family, lang);
        let mut tooltip = format!("{} {label} {}", entity_label(from), entity_label(to));
        if style == EdgeStyle::Negative {
            tooltip = format!("{}: {tooltip}", w.denied);
        }
        let support = &relation.support;
        tooltip = format!(
            "{tooltip}\n{}",
            support_text(&w, support.statements.len(), support.documents.len())
        );
        add_edge(
            &mut edges,
            Edge {
                from: key(from),
                to: key(to),
                label,
                style,
                support: support.statements.len(),
                directed: !family.is_some_and(|f| f.symmetric),
                tooltip,
            },
        );
    }

    // Entities: those an edge touches, and the focus.
    let mut entities: BTreeSet<String> =
        edges.values().flat_map(|e| [e.from.clone(), e.to.clone()]).collect();
    if let Some(focus) = focus {
        entities.insert(key(focus));
    }
    for index in g.node_indices() {
        let Node::Entity(entity) = kg.node(index) else { continue };
        if !entities.contains(&entity.iri) {
            continue;
        }
        let mut tooltip = vec![entity.label.clone()];
        if let Some(schema_type) = &entity.schema_type {
            tooltip.push(prefixed(schema_type));
        }
        tooltip.push(entity.iri.clone());
        for (class, count) in solo.get(&index).into_iter().flatten() {
            tooltip.push(format!("{class}: {count}"));
        }
        let style = entity.category.map_or(NodeStyle::UnknownEntity, NodeStyle::Entity);
        nodes.insert(
            index,
            dot::Node {
                key: entity.iri.clone(),
                label: wrap(&entity.label, WRAP),
                style,
                tooltip: tooltip.join("\n"),
            },
        );
    }
    Ok(Diagram {
        nodes: nodes.into_values().collect(),
        edges: edges.into_values().collect(),
        legend: legend(&|iri| kg.vocabulary_label(iri, tag).map(str::to_string), lang),
    })
}

/// An IRI as `prefix:local` when a known prefix fits, else the IRI itself.
fn prefixed(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(name, ns)| iri.strip_prefix(ns).map(|local| format!("{name}:{local}")))
        .unwrap_or_else(|| iri.to_string())
}

/// The diagram of a CONSTRUCT query's triples.
fn query_diagram(store: &GraphStore, query: &QueryFile, lang: Lang) -> anyhow::Result<Diagram> {
    let file = query.path.display();
    let results = store.query(&query.sparql, &[]).with_context(|| format!("{file}"))?;
    let triples = match results {
        QueryResults::Graph(triples) => triples,
        QueryResults::Solutions(_) => {
            anyhow::bail!("{file}: --query needs a CONSTRUCT query, not a SELECT")
        }
        QueryResults::Boolean(_) => {
            anyhow::bail!("{file}: --query needs a CONSTRUCT query, not an ASK")
        }
    };
    let mut triples: Vec<Triple> =
        triples.collect::<Result<_, _>>().with_context(|| format!("{file}: evaluation failed"))?;
    triples.sort_by_cached_key(ToString::to_string);
    triples.dedup();

    let tag = lang_tag(lang);
    // rdfs:label triples of the result name their subjects.
    let mut own_labels: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut drawn: Vec<(Term, String, Term)> = Vec::new();
    let mut subjects_only: BTreeMap<String, Term> = BTreeMap::new();
    for triple in triples {
        let subject = Term::from(triple.subject);
        let predicate = triple.predicate.as_str().to_string();
        match (&predicate[..], &triple.object) {
            (RDFS_LABEL, Term::Literal(literal)) => {
                own_labels.entry(node_key(&subject)).or_default().push((
                    literal.value().to_string(),
                    literal.language().unwrap_or("").to_string(),
                ));
                subjects_only.insert(node_key(&subject), subject);
            }
            _ => drawn.push((subject, predicate, triple.object)),
        }
    }
    let mut iris: BTreeSet<String> = BTreeSet::new();
    for (s, p, o) in &drawn {
        iris.insert(p.clone());
        for term in [s, o] {
            if let Term::NamedNode(node) = term {
                iris.insert(node.as_str().to_string());
            }
        }
    }
    for term in subjects_only.values() {
        if let Term::NamedNode(node) = term {
            iris.insert(node.as_str().to_string());
        }
    }
    // The categories too: their labels caption the legend.
    iris.extend(Category::ALL.iter().map(|c| format!("{NG}{}", c.name())));
    let known = describe(store, &iris)?;

    let mut nodes: BTreeMap<String, dot::Node> = BTreeMap::new();
    let mut add_node = |term: &Term| {
        let key = node_key(term);
        if nodes.contains_key(&key) {
            return key;
        }
        let (label, style, tooltip) = match term {
            Term::Literal(literal) => {
                (literal.value().to_string(), NodeStyle::Literal, literal.to_string())
            }
            Term::NamedNode(node) => {
                let iri = node.as_str();
                let stored = known.get(iri);
                let label = own_labels
                    .get(&key)
                    .and_then(|l| graph::pick_label(l, tag))
                    .or_else(|| stored.and_then(|(l, _)| graph::pick_label(l, tag)))
                    .unwrap_or_else(|| graph::local_name(iri))
                    .to_string();
                let style = match stored.and_then(|(_, c)| *c) {
                    Some(category) => NodeStyle::Entity(category),
                    None => NodeStyle::Resource,
                };
                (label, style, iri.to_string())
            }
            other => {
                let label = own_labels
                    .get(&key)
                    .and_then(|l| graph::pick_label(l, tag))
                    .map_or_else(|| other.to_string(), str::to_string);
                (label, NodeStyle::Resource, other.to_string())
            }
        };
        nodes.insert(key.clone(), dot::Node { key: key.clone(), label, style, tooltip });
        key
    };
    for term in subjects_only.values() {
        add_node(term);
    }
    let mut edges = EdgeMap::new();
    for (s, p, o) in &drawn {
        let from = add_node(s);
        let to = add_node(o);
        let label = known
            .get(p)
            .and_then(|(l, _)| graph::pick_label(l, tag))
            .map_or_else(|| prefixed(p), str::to_string);
        add_edge(
            &mut edges,
            Edge {
                from,
                to,
                label,
                style: EdgeStyle::Triple,
                support: 1,
                directed: true,
                tooltip: prefixed(p),
            },
        );
    }
    let legend = legend(
        &|iri| known.get(iri).and_then(|(l, _)| graph::pick_label(l, tag)).map(str::to_string),
        lang,
    );
    Ok(Diagram {
        nodes: nodes.into_values().collect(),
        edges: edges.into_values().collect(),
        legend,
    })
}

/// The node key of a term: the IRI itself, a blank node's `_:id`, a literal's N-Triples form.
fn node_key(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => node.as_str().to_string(),
        Term::Literal(literal) => format!("literal:{literal}"),
        other => other.to_string(),
    }
}

/// Labels and entity categories the store has for these IRIs.
fn describe(
    store: &GraphStore,
    iris: &BTreeSet<String>,
) -> anyhow::Result<BTreeMap<String, (Vec<(String, String)>, Option<Category>)>> {
    let mut out: BTreeMap<String, (Vec<(String, String)>, Option<Category>)> = BTreeMap::new();
    if iris.is_empty() {
        return Ok(out);
    }
    let values: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    let sparql = format!(
        "SELECT ?n ?label ?category WHERE {{ VALUES ?n {{ {} }}
           OPTIONAL {{ ?n <{RDFS_LABEL}> ?label }}
           OPTIONAL {{ ?n <{NG}category> ?category }} }}",
        values.join(" ")
    );
    let QueryResults::Solutions(solutions) = store.query(&sparql, &[])? else {
        anyhow::bail!("internal query is not a SELECT");
    };
    for solution in solutions {
        let solution = solution?;
        let Some(Term::NamedNode(node)) = solution.get("n") else { continue };
        let entry = out.entry(node.as_str().to_string()).or_default();
        if let Some(Term::Literal(label)) = solution.get("label") {
            let pair = (label.value().to_string(), label.language().unwrap_or("").to_string());
            if !entry.0.contains(&pair) {
                entry.0.push(pair);
            }
        }
        if let Some(Term::NamedNode(category)) = solution.get("category") {
            entry.1 = graph::category_of(category.as_str()).or(entry.1);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_words_and_explicit_newlines() {
        for (text, expected) in [
            ("Oracle", "Oracle"),
            (
                "Committee on Foreign Investment in the United States",
                "Committee on Foreign\nInvestment in the United\nStates",
            ),
            ("a\nb", "a\nb"),
            (
                "Donaudampfschifffahrtsgesellschaftskapitän",
                "Donaudampfschifffahrtsgesellschaftskapitän",
            ),
        ] {
            assert_eq!(wrap(text, 24), expected, "{text}");
        }
    }
}
