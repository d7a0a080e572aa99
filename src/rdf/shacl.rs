//! A SHACL Core subset: checks the store against the shapes of `ontology/shapes.ttl`.
//!
//! `newsgraph validate` needs no SHACL engine beyond what our own shapes use, and one it can
//! run offline against the on-disk store; this module is that engine. The data graph is the
//! store's union of named graphs (as for every query). What is implemented:
//!
//! - shapes: node shapes (typed `sh:NodeShape` or with a target) and property shapes (objects of
//!   `sh:property`, nested to any depth); `sh:deactivated true` switches a shape off;
//! - targets: `sh:targetClass` (SHACL instances: `rdf:type/rdfs:subClassOf*` in the data),
//!   `sh:targetNode`, `sh:targetSubjectsOf`, `sh:targetObjectsOf`;
//! - paths: `sh:path` with a single IRI (a predicate path); sequence, inverse, alternative and
//!   other paths are rejected;
//! - constraints: `sh:minCount`, `sh:maxCount`, `sh:datatype` (with a lexical check of the
//!   common XSD types), `sh:class`, `sh:nodeKind`, `sh:minInclusive`, `sh:maxInclusive`,
//!   `sh:languageIn`, `sh:uniqueLang`, `sh:lessThan`, `sh:in`, `sh:hasValue`, `sh:pattern` (with
//!   `sh:flags` i, m, s, x; Rust `regex` syntax, which agrees with XPath on ordinary patterns);
//! - annotations: `sh:message` (added to each result), `sh:name`, `sh:description`, `sh:order`,
//!   `sh:group`, `sh:severity sh:Violation`.
//!
//! Any other SHACL term on a shape (`sh:closed`, `sh:node`, `sh:or`, `sh:sparql`, …) is an error
//! naming the shapes file, its line and the term: a check is never skipped silently. Every result
//! is a violation; validation reports one result per failing value node (per language for
//! `sh:uniqueLang`, per focus node for the count constraints and `sh:hasValue`), as the SHACL
//! specification and pySHACL do.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::QueryResults;
use regex::Regex;

use crate::error::{Error, Result};
use crate::knowledge::vocabulary::PREFIXES;
use crate::rdf::store::GraphStore;

/// The SHACL namespace.
pub const SH: &str = "http://www.w3.org/ns/shacl#";

/// The shapes of one file, ready to run.
#[derive(Debug)]
pub struct Shapes {
    file: PathBuf,
    /// The shapes with targets: where validation starts.
    roots: Vec<Shape>,
}

#[derive(Debug)]
struct Shape {
    id: Term,
    targets: Vec<Target>,
    path: Option<NamedNode>,
    constraints: Vec<Constraint>,
    properties: Vec<Shape>,
    message: Option<String>,
}

#[derive(Debug)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    fn from_iri(iri: &str) -> Option<Self> {
        Some(match iri.strip_prefix(SH)? {
            "IRI" => NodeKind::Iri,
            "BlankNode" => NodeKind::BlankNode,
            "Literal" => NodeKind::Literal,
            "BlankNodeOrIRI" => NodeKind::BlankNodeOrIri,
            "BlankNodeOrLiteral" => NodeKind::BlankNodeOrLiteral,
            "IRIOrLiteral" => NodeKind::IriOrLiteral,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            NodeKind::Iri => "sh:IRI",
            NodeKind::BlankNode => "sh:BlankNode",
            NodeKind::Literal => "sh:Literal",
            NodeKind::BlankNodeOrIri => "sh:BlankNodeOrIRI",
            NodeKind::BlankNodeOrLiteral => "sh:BlankNodeOrLiteral",
            NodeKind::IriOrLiteral => "sh:IRIOrLiteral",
        }
    }

    fn admits(self, term: &Term) -> bool {
        let (iri, blank, literal) = (term.is_named_node(), term.is_blank_node(), term.is_literal());
        match self {
            NodeKind::Iri => iri,
            NodeKind::BlankNode => blank,
            NodeKind::Literal => literal,
            NodeKind::BlankNodeOrIri => blank || iri,
            NodeKind::BlankNodeOrLiteral => blank || literal,
            NodeKind::IriOrLiteral => iri || literal,
        }
    }
}

#[derive(Debug)]
enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Datatype(NamedNode),
    Class(NamedNode),
    NodeKind(NodeKind),
    MinInclusive(Literal),
    MaxInclusive(Literal),
    LanguageIn(Vec<String>),
    UniqueLang,
    LessThan(NamedNode),
    In(Vec<Term>),
    HasValue(Term),
    Pattern { regex: Regex, source: String },
}

/// A SHACL constraint component, as reported in `sh:sourceConstraintComponent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    MinCount,
    MaxCount,
    Datatype,
    Class,
    NodeKind,
    MinInclusive,
    MaxInclusive,
    LanguageIn,
    UniqueLang,
    LessThan,
    In,
    HasValue,
    Pattern,
}

impl Component {
    /// The parameter that names the constraint in a shapes file, e.g. `minCount`.
    pub fn parameter(self) -> &'static str {
        match self {
            Component::MinCount => "minCount",
            Component::MaxCount => "maxCount",
            Component::Datatype => "datatype",
            Component::Class => "class",
            Component::NodeKind => "nodeKind",
            Component::MinInclusive => "minInclusive",
            Component::MaxInclusive => "maxInclusive",
            Component::LanguageIn => "languageIn",
            Component::UniqueLang => "uniqueLang",
            Component::LessThan => "lessThan",
            Component::In => "in",
            Component::HasValue => "hasValue",
            Component::Pattern => "pattern",
        }
    }

    /// The component's IRI, e.g. `http://www.w3.org/ns/shacl#MinCountConstraintComponent`.
    pub fn iri(self) -> String {
        let parameter = self.parameter();
        let mut chars = parameter.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or_default();
        format!("{SH}{first}{}ConstraintComponent", chars.as_str())
    }
}

impl Constraint {
    fn component(&self) -> Component {
        match self {
            Constraint::MinCount(_) => Component::MinCount,
            Constraint::MaxCount(_) => Component::MaxCount,
            Constraint::Datatype(_) => Component::Datatype,
            Constraint::Class(_) => Component::Class,
            Constraint::NodeKind(_) => Component::NodeKind,
            Constraint::MinInclusive(_) => Component::MinInclusive,
            Constraint::MaxInclusive(_) => Component::MaxInclusive,
            Constraint::LanguageIn(_) => Component::LanguageIn,
            Constraint::UniqueLang => Component::UniqueLang,
            Constraint::LessThan(_) => Component::LessThan,
            Constraint::In(_) => Component::In,
            Constraint::HasValue(_) => Component::HasValue,
            Constraint::Pattern { .. } => Component::Pattern,
        }
    }
}

/// One validation result: a focus node that does not conform to a constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub focus: Term,
    /// The property path of the property shape; `None` for a node shape's own constraint.
    pub path: Option<NamedNode>,
    pub component: Component,
    /// The offending value node, for constraints that judge values one by one.
    pub value: Option<Term>,
    pub message: String,
    /// The shape the constraint belongs to (a blank node for an inline property shape).
    pub shape: Term,
}

/// The outcome of validating a store.
#[derive(Debug)]
pub struct Report {
    /// Every violation, sorted by focus node, path, component and value.
    pub violations: Vec<Violation>,
    /// How many (shape, focus node) pairs were checked by the shapes with targets.
    pub checked: usize,
}

impl Report {
    pub fn conforms(&self) -> bool {
        self.violations.is_empty()
    }
}

/// The shapes graph: each subject's predicate-object pairs, in file order.
struct ShapesGraph<'a> {
    file: &'a Path,
    text: &'a str,
    by_subject: HashMap<Term, Vec<(NamedNode, Term)>>,
}

impl ShapesGraph<'_> {
    fn objects(&self, subject: &Term, predicate: &str) -> Vec<&Term> {
        self.by_subject
            .get(subject)
            .map(|pairs| {
                pairs.iter().filter(|(p, _)| p.as_str() == predicate).map(|(_, o)| o).collect()
            })
            .unwrap_or_default()
    }

    /// An error at the first line of the file that spells `term` (as `sh:local` or `<iri>`).
    fn error(&self, term: &str, message: impl Into<String>) -> Error {
        let short = term.strip_prefix(SH).map(|local| format!("sh:{local}"));
        let line = self
            .text
            .lines()
            .position(|line| {
                short.as_ref().is_some_and(|s| contains_name(line, s))
                    || line.contains(&format!("<{term}>"))
            })
            .map_or(1, |i| i + 1);
        Error::data(self.file, line, message)
    }

    /// The members of an RDF list.
    fn list(&self, head: &Term, parameter: &str) -> Result<Vec<Term>> {
        let mut members = Vec::new();
        let mut node = head.clone();
        let nil = rdf::NIL.into_owned();
        let mut seen = BTreeSet::new();
        while node != Term::from(nil.clone()) {
            let first = self.objects(&node, rdf::FIRST.as_str());
            let rest = self.objects(&node, rdf::REST.as_str());
            let ([first], [rest]) = (first.as_slice(), rest.as_slice()) else {
                return Err(self.error(parameter, format!("{parameter} needs an RDF list")));
            };
            if !seen.insert(node.to_string()) {
                return Err(self.error(parameter, format!("{parameter} has a cyclic list")));
            }
            members.push((*first).clone());
            node = (*rest).clone();
        }
        Ok(members)
    }
}

/// Whether `line` contains `name` as a whole prefixed name (`sh:in` but not `sh:inversePath`).
fn contains_name(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let after = line[at + name.len()..].chars().next();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

impl Shapes {
    /// Parses a shapes file in Turtle; an unsupported SHACL term is an error naming the file,
    /// the line and the term.
    pub fn parse(file: &Path, text: &str) -> Result<Self> {
        let mut by_subject: HashMap<Term, Vec<(NamedNode, Term)>> = HashMap::new();
        let mut order: Vec<Term> = Vec::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
            let quad = quad.map_err(|e| {
                let line = e.location().map_or(1, |l| l.start.line as usize + 1);
                Error::data(file, line, e.to_string())
            })?;
            let subject = Term::from(quad.subject);
            if !by_subject.contains_key(&subject) {
                order.push(subject.clone());
            }
            by_subject.entry(subject).or_default().push((quad.predicate, quad.object));
        }
        let graph = ShapesGraph { file, text, by_subject };

        let shape_types = [format!("{SH}NodeShape"), format!("{SH}PropertyShape")];
        let class_types = [rdfs::CLASS.as_str(), "http://www.w3.org/2002/07/owl#Class"];
        // Complex paths are rejected where they are used (as the object of sh:path).
        let path_nodes: HashSet<&Term> = graph
            .by_subject
            .values()
            .flatten()
            .filter(|(p, _)| p.as_str() == format!("{SH}path"))
            .map(|(_, o)| o)
            .collect();
        let mut roots = Vec::new();
        for subject in &order {
            let pairs = &graph.by_subject[subject];
            let types: Vec<&str> = pairs
                .iter()
                .filter(|(p, _)| p.as_str() == rdf::TYPE.as_str())
                .filter_map(|(_, o)| match o {
                    Term::NamedNode(n) => Some(n.as_str()),
                    _ => None,
                })
                .collect();
            // Every node that is typed as a shape or uses a SHACL parameter is a shape, so that
            // an unsupported constraint is reported wherever it is.
            let typed = types.iter().any(|t| shape_types.iter().any(|s| s == t));
            let parameters = pairs.iter().any(|(p, _)| p.as_str().starts_with(SH));
            if (!typed && !parameters) || path_nodes.contains(subject) {
                continue;
            }
            if types.iter().any(|t| class_types.contains(t)) {
                return Err(graph.error(
                    &format!("{SH}NodeShape"),
                    format!(
                        "the shape {subject} is also a class: implicit class targets are not \
                         implemented, use sh:targetClass"
                    ),
                ));
            }
            if let Some(shape) = parse_shape(&graph, subject, &mut Vec::new())?
                && !shape.targets.is_empty()
            {
                roots.push(shape);
            }
        }
        Ok(Shapes { file: file.to_path_buf(), roots })
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// How many shapes have targets.
    pub fn len(&self) -> usize {
        self.roots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }
}

/// Reads one shape and, recursively, its property shapes; `None` if it is deactivated.
fn parse_shape(graph: &ShapesGraph<'_>, id: &Term, stack: &mut Vec<Term>) -> Result<Option<Shape>> {
    if stack.contains(id) {
        return Err(graph.error(&format!("{SH}property"), format!("shape {id} contains itself")));
    }
    let mut shape = Shape {
        id: id.clone(),
        targets: Vec::new(),
        path: None,
        constraints: Vec::new(),
        properties: Vec::new(),
        message: None,
    };
    let pairs = graph.by_subject.get(id).map(Vec::as_slice).unwrap_or_default();
    let mut pattern: Option<String> = None;
    let mut flags: Option<String> = None;
    for (predicate, object) in pairs {
        let Some(local) = predicate.as_str().strip_prefix(SH) else {
            // rdf:type, rdfs:comment and other non-SHACL triples describe the shape.
            continue;
        };
        let name = format!("sh:{local}");
        let iri = || match object {
            Term::NamedNode(n) => Ok(n.clone()),
            _ => Err(graph.error(predicate.as_str(), format!("{name} needs an IRI, not {object}"))),
        };
        let count = || match object {
            Term::Literal(l) if is_integer_type(l.datatype().as_str()) => {
                l.value().parse::<usize>().map_err(|_| {
                    graph.error(predicate.as_str(), format!("{name} needs a non-negative integer"))
                })
            }
            _ => {
                Err(graph
                    .error(predicate.as_str(), format!("{name} needs an integer, not {object}")))
            }
        };
        let literal =
            || match object {
                Term::Literal(l) => Ok(l.clone()),
                _ => Err(graph
                    .error(predicate.as_str(), format!("{name} needs a literal, not {object}"))),
            };
        match local {
            "targetClass" => shape.targets.push(Target::Class(iri()?)),
            "targetNode" => shape.targets.push(Target::Node(object.clone())),
            "targetSubjectsOf" => shape.targets.push(Target::SubjectsOf(iri()?)),
            "targetObjectsOf" => shape.targets.push(Target::ObjectsOf(iri()?)),
            "path" => match object {
                Term::NamedNode(n) => shape.path = Some(n.clone()),
                _ => {
                    return Err(graph.error(
                        predicate.as_str(),
                        "unsupported SHACL path: sh:path must be a single IRI (sequence, inverse, \
                         alternative and other paths are not implemented)",
                    ));
                }
            },
            "property" => {
                stack.push(id.clone());
                let child = parse_shape(graph, object, stack)?;
                stack.pop();
                if let Some(child) = child {
                    if child.path.is_none() {
                        return Err(graph.error(
                            predicate.as_str(),
                            format!("the property shape {object} has no sh:path"),
                        ));
                    }
                    shape.properties.push(child);
                }
            }
            "deactivated" => {
                if literal()?.value() == "true" {
                    return Ok(None);
                }
            }
            "message" => {
                let text = literal()?;
                // An English (or untagged) message wins over the others.
                let preferred = matches!(text.language(), None | Some("en"));
                if shape.message.is_none() || preferred {
                    shape.message = Some(text.value().to_string());
                }
            }
            "name" | "description" | "order" | "group" => {}
            "severity" => {
                if iri()?.as_str() != format!("{SH}Violation") {
                    return Err(graph.error(
                        predicate.as_str(),
                        format!(
                            "unsupported SHACL severity {object}: every result is a sh:Violation"
                        ),
                    ));
                }
            }
            "minCount" => shape.constraints.push(Constraint::MinCount(count()?)),
            "maxCount" => shape.constraints.push(Constraint::MaxCount(count()?)),
            "datatype" => shape.constraints.push(Constraint::Datatype(iri()?)),
            "class" => shape.constraints.push(Constraint::Class(iri()?)),
            "nodeKind" => {
                let kind = NodeKind::from_iri(iri()?.as_str()).ok_or_else(|| {
                    graph.error(predicate.as_str(), format!("unknown node kind {object}"))
                })?;
                shape.constraints.push(Constraint::NodeKind(kind));
            }
            "minInclusive" => shape.constraints.push(Constraint::MinInclusive(literal()?)),
            "maxInclusive" => shape.constraints.push(Constraint::MaxInclusive(literal()?)),
            "languageIn" => {
                let mut ranges = Vec::new();
                for member in graph.list(object, &name)? {
                    match member {
                        Term::Literal(l) => ranges.push(l.value().to_string()),
                        other => {
                            return Err(graph.error(
                                predicate.as_str(),
                                format!("sh:languageIn needs string literals, not {other}"),
                            ));
                        }
                    }
                }
                shape.constraints.push(Constraint::LanguageIn(ranges));
            }
            "uniqueLang" => match literal()?.value() {
                "true" => shape.constraints.push(Constraint::UniqueLang),
                "false" => {}
                other => {
                    return Err(graph.error(
                        predicate.as_str(),
                        format!("sh:uniqueLang needs true or false, not {other:?}"),
                    ));
                }
            },
            "lessThan" => shape.constraints.push(Constraint::LessThan(iri()?)),
            "in" => shape.constraints.push(Constraint::In(graph.list(object, &name)?)),
            "hasValue" => shape.constraints.push(Constraint::HasValue(object.clone())),
            "pattern" => pattern = Some(literal()?.value().to_string()),
            "flags" => flags = Some(literal()?.value().to_string()),
            _ => {
                return Err(graph.error(
                    predicate.as_str(),
                    format!(
                        "unsupported SHACL constraint {name} (newsgraph validate implements \
                         sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:nodeKind, \
                         sh:minInclusive, sh:maxInclusive, sh:languageIn, sh:uniqueLang, \
                         sh:lessThan, sh:in, sh:hasValue and sh:pattern)"
                    ),
                ));
            }
        }
    }
    match (pattern, flags) {
        (Some(source), flags) => {
            let mut inline = String::new();
            for flag in flags.as_deref().unwrap_or_default().chars() {
                if !matches!(flag, 'i' | 'm' | 's' | 'x') {
                    return Err(graph.error(
                        &format!("{SH}flags"),
                        format!("unsupported sh:flags {flag:?} (i, m, s and x are implemented)"),
                    ));
                }
                inline.push(flag);
            }
            let full =
                if inline.is_empty() { source.clone() } else { format!("(?{inline}){source}") };
            let regex = Regex::new(&full).map_err(|e| {
                graph.error(&format!("{SH}pattern"), format!("sh:pattern {source:?}: {e}"))
            })?;
            shape.constraints.push(Constraint::Pattern { regex, source });
        }
        (None, Some(_)) => {
            return Err(graph.error(&format!("{SH}flags"), "sh:flags without sh:pattern"));
        }
        (None, None) => {}
    }
    if shape.path.is_none() {
        // SHACL defines these for property shapes only: a node shape has exactly one value node.
        let only_for_paths = shape.constraints.iter().find(|c| {
            matches!(
                c,
                Constraint::MinCount(_)
                    | Constraint::MaxCount(_)
                    | Constraint::UniqueLang
                    | Constraint::LessThan(_)
            )
        });
        if let Some(c) = only_for_paths {
            let name = format!("sh:{}", c.component().parameter());
            return Err(graph.error(
                &format!("{SH}{}", c.component().parameter()),
                format!("{name} is only allowed on a property shape (one with sh:path)"),
            ));
        }
    }
    Ok(Some(shape))
}

/// The data graph as the validator reads it: values per predicate and instances per class,
/// fetched from the store with SPARQL once each.
struct Data<'a> {
    store: &'a GraphStore,
    values: HashMap<NamedNode, HashMap<Term, Vec<Term>>>,
    subjects: HashMap<NamedNode, HashSet<Term>>,
    objects: HashMap<NamedNode, HashSet<Term>>,
    instances: HashMap<NamedNode, HashSet<Term>>,
}

impl<'a> Data<'a> {
    fn new(store: &'a GraphStore) -> Self {
        Data {
            store,
            values: HashMap::new(),
            subjects: HashMap::new(),
            objects: HashMap::new(),
            instances: HashMap::new(),
        }
    }

    fn select(&self, sparql: &str) -> Result<Vec<Vec<Option<Term>>>> {
        let results = self.store.query(sparql, &[]).map_err(|e| Error::Store {
            path: PathBuf::from("(validation query)"),
            message: format!("{e}: {sparql}"),
        })?;
        let QueryResults::Solutions(solutions) = results else {
            return Ok(Vec::new());
        };
        let variables = solutions.variables().to_vec();
        let mut rows = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(|e| Error::Store {
                path: PathBuf::from("(validation query)"),
                message: e.to_string(),
            })?;
            rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
        }
        Ok(rows)
    }

    /// Subject → values of `predicate`, distinct across the named graphs.
    fn values(&mut self, predicate: &NamedNode) -> Result<&HashMap<Term, Vec<Term>>> {
        if !self.values.contains_key(predicate) {
            let rows =
                self.select(&format!("SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }}"))?;
            let mut map: HashMap<Term, Vec<Term>> = HashMap::new();
            for row in rows {
                if let [Some(s), Some(o)] = row.as_slice() {
                    map.entry(s.clone()).or_default().push(o.clone());
                }
            }
            self.values.insert(predicate.clone(), map);
        }
        Ok(&self.values[predicate])
    }

    fn values_of(&mut self, focus: &Term, predicate: &NamedNode) -> Result<Vec<Term>> {
        Ok(self.values(predicate)?.get(focus).cloned().unwrap_or_default())
    }

    /// SHACL instances of `class`: `rdf:type/rdfs:subClassOf*`.
    fn instances(&mut self, class: &NamedNode) -> Result<&HashSet<Term>> {
        if !self.instances.contains_key(class) {
            let rows = self.select(&format!(
                "SELECT DISTINCT ?x WHERE {{ ?x <{}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {class} }}",
                rdf::TYPE.as_str()
            ))?;
            let set = rows.into_iter().filter_map(|r| r.into_iter().next().flatten()).collect();
            self.instances.insert(class.clone(), set);
        }
        Ok(&self.instances[class])
    }

    fn subjects_of(&mut self, predicate: &NamedNode) -> Result<&HashSet<Term>> {
        if !self.subjects.contains_key(predicate) {
            let rows = self.select(&format!("SELECT DISTINCT ?s WHERE {{ ?s {predicate} ?o }}"))?;
            let set = rows.into_iter().filter_map(|r| r.into_iter().next().flatten()).collect();
            self.subjects.insert(predicate.clone(), set);
        }
        Ok(&self.subjects[predicate])
    }

    fn objects_of(&mut self, predicate: &NamedNode) -> Result<&HashSet<Term>> {
        if !self.objects.contains_key(predicate) {
            let rows = self.select(&format!("SELECT DISTINCT ?o WHERE {{ ?s {predicate} ?o }}"))?;
            let set = rows.into_iter().filter_map(|r| r.into_iter().next().flatten()).collect();
            self.objects.insert(predicate.clone(), set);
        }
        Ok(&self.objects[predicate])
    }
}

/// Validates the store's union of named graphs against the shapes.
pub fn validate(shapes: &Shapes, store: &GraphStore) -> Result<Report> {
    let mut data = Data::new(store);
    let mut violations = Vec::new();
    let mut checked = 0;
    for shape in &shapes.roots {
        let mut focus_nodes = HashSet::new();
        for target in &shape.targets {
            match target {
                Target::Class(class) => focus_nodes.extend(data.instances(class)?.iter().cloned()),
                Target::Node(node) => {
                    focus_nodes.insert(node.clone());
                }
                Target::SubjectsOf(p) => focus_nodes.extend(data.subjects_of(p)?.iter().cloned()),
                Target::ObjectsOf(p) => focus_nodes.extend(data.objects_of(p)?.iter().cloned()),
            }
        }
        checked += focus_nodes.len();
        // In a stable order, so that results come out the same way every time.
        let mut focus_nodes: Vec<Term> = focus_nodes.into_iter().collect();
        focus_nodes.sort_by_cached_key(sort_key);
        for focus in &focus_nodes {
            check(shape, focus, &mut data, &mut violations)?;
        }
    }
    violations.sort_by_cached_key(|v| {
        (
            sort_key(&v.focus),
            v.path.as_ref().map(|p| p.as_str().to_string()),
            v.component,
            v.value.as_ref().map(sort_key),
            v.message.clone(),
            sort_key(&v.shape),
        )
    });
    violations.dedup();
    Ok(Report { violations, checked })
}

/// IRIs by their text (so that `…/doc/a` sorts before `…/doc/a#char=0,4`), other terms after
/// them in N-Triples syntax.
fn sort_key(term: &Term) -> (bool, String) {
    match term {
        Term::NamedNode(node) => (false, node.as_str().to_string()),
        other => (true, other.to_string()),
    }
}

/// A term for a message: a prefixed name where a known prefix fits, else N-Triples syntax.
fn short(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => {
            let iri = node.as_str();
            PREFIXES
                .iter()
                .find_map(|(name, ns)| iri.strip_prefix(ns).map(|local| format!("{name}:{local}")))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(literal) if !literal.value().contains('"') => {
            format!("\"{}\"", literal.value())
        }
        other => other.to_string(),
    }
}

fn short_iri(node: &NamedNode) -> String {
    short(&node.clone().into())
}

/// Checks one focus node against a shape and, through its value nodes, its property shapes.
fn check(shape: &Shape, focus: &Term, data: &mut Data<'_>, out: &mut Vec<Violation>) -> Result<()> {
    let values: Vec<Term> = match &shape.path {
        Some(path) => data.values_of(focus, path)?,
        None => vec![focus.clone()],
    };
    for constraint in &shape.constraints {
        let mut fail = |value: Option<&Term>, detail: String| {
            let message = match &shape.message {
                Some(message) => format!("{message} ({detail})"),
                None => detail,
            };
            out.push(Violation {
                focus: focus.clone(),
                path: shape.path.clone(),
                component: constraint.component(),
                value: value.cloned(),
                message,
                shape: shape.id.clone(),
            });
        };
        match constraint {
            Constraint::MinCount(min) => {
                if values.len() < *min {
                    fail(None, format!("{} values, at least {min} expected", values.len()));
                }
            }
            Constraint::MaxCount(max) => {
                if values.len() > *max {
                    fail(None, format!("{} values, at most {max} allowed", values.len()));
                }
            }
            Constraint::Datatype(datatype) => {
                for v in &values {
                    let ok = match v {
                        Term::Literal(l) => {
                            l.datatype() == datatype.as_ref()
                                && well_formed(l.value(), datatype.as_str())
                        }
                        _ => false,
                    };
                    if !ok {
                        fail(Some(v), format!("not a literal of datatype {}", short_iri(datatype)));
                    }
                }
            }
            Constraint::Class(class) => {
                let instances = data.instances(class)?;
                let failing: Vec<&Term> =
                    values.iter().filter(|v| !instances.contains(v)).collect();
                for v in failing {
                    fail(Some(v), format!("not an instance of {}", short_iri(class)));
                }
            }
            Constraint::NodeKind(kind) => {
                for v in values.iter().filter(|v| !kind.admits(v)) {
                    fail(Some(v), format!("not of node kind {}", kind.name()));
                }
            }
            Constraint::MinInclusive(bound) => {
                for v in &values {
                    let ok = matches!(compare(v, &Term::from(bound.clone())), Some(o) if o.is_ge());
                    if !ok {
                        fail(Some(v), format!("not at least {}", bound.value()));
                    }
                }
            }
            Constraint::MaxInclusive(bound) => {
                for v in &values {
                    let ok = matches!(compare(v, &Term::from(bound.clone())), Some(o) if o.is_le());
                    if !ok {
                        fail(Some(v), format!("not at most {}", bound.value()));
                    }
                }
            }
            Constraint::LanguageIn(ranges) => {
                for v in &values {
                    let ok = match v {
                        Term::Literal(l) => l
                            .language()
                            .is_some_and(|tag| ranges.iter().any(|r| language_matches(tag, r))),
                        _ => false,
                    };
                    if !ok {
                        fail(Some(v), format!("language not in {}", ranges.join(", ")));
                    }
                }
            }
            Constraint::UniqueLang => {
                let mut by_language: BTreeMap<String, usize> = BTreeMap::new();
                for v in &values {
                    if let Term::Literal(l) = v
                        && let Some(tag) = l.language()
                    {
                        *by_language.entry(tag.to_ascii_lowercase()).or_default() += 1;
                    }
                }
                for (tag, n) in by_language.into_iter().filter(|(_, n)| *n > 1) {
                    fail(None, format!("{n} values in language {tag:?}, at most one allowed"));
                }
            }
            Constraint::LessThan(other) => {
                let others = data.values_of(focus, other)?;
                for v in &values {
                    for w in &others {
                        if !matches!(compare(v, w), Some(Ordering::Less)) {
                            fail(
                                Some(v),
                                format!("not less than {}, the {}", short(w), short_iri(other)),
                            );
                        }
                    }
                }
            }
            Constraint::In(allowed) => {
                for v in values.iter().filter(|v| !allowed.contains(v)) {
                    let allowed: Vec<String> = allowed.iter().map(short).collect();
                    fail(Some(v), format!("not one of {}", allowed.join(", ")));
                }
            }
            Constraint::HasValue(required) => {
                if !values.contains(required) {
                    fail(None, format!("missing the value {}", short(required)));
                }
            }
            Constraint::Pattern { regex, source } => {
                for v in &values {
                    let text = match v {
                        Term::NamedNode(n) => Some(n.as_str()),
                        Term::Literal(l) => Some(l.value()),
                        _ => None,
                    };
                    if !text.is_some_and(|t| regex.is_match(t)) {
                        fail(Some(v), format!("does not match the pattern {source:?}"));
                    }
                }
            }
        }
    }
    for property in &shape.properties {
        for value in &values {
            check(property, value, data, out)?;
        }
    }
    Ok(())
}

/// SPARQL `langMatches` basic filtering: `en` matches `en` and `en-GB`, `*` any tag.
fn language_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    let (tag, range) = (tag.to_ascii_lowercase(), range.to_ascii_lowercase());
    tag == range || tag.strip_prefix(&range).is_some_and(|rest| rest.starts_with('-'))
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

fn is_integer_type(datatype: &str) -> bool {
    integer_range(datatype).is_some()
}

/// The value range of xsd:integer and its built-in subtypes.
fn integer_range(datatype: &str) -> Option<(i128, i128)> {
    Some(match datatype.strip_prefix(XSD)? {
        "integer" => (i128::MIN, i128::MAX),
        "nonNegativeInteger" => (0, i128::MAX),
        "positiveInteger" => (1, i128::MAX),
        "nonPositiveInteger" => (i128::MIN, 0),
        "negativeInteger" => (i128::MIN, -1),
        "long" => (i64::MIN.into(), i64::MAX.into()),
        "int" => (i32::MIN.into(), i32::MAX.into()),
        "short" => (i16::MIN.into(), i16::MAX.into()),
        "byte" => (i8::MIN.into(), i8::MAX.into()),
        "unsignedLong" => (0, u64::MAX.into()),
        "unsignedInt" => (0, u32::MAX.into()),
        "unsignedShort" => (0, u16::MAX.into()),
        "unsignedByte" => (0, u8::MAX.into()),
        _ => return None,
    })
}

fn is_numeric_type(datatype: &str) -> bool {
    is_integer_type(datatype)
        || [xsd::DECIMAL, xsd::DOUBLE, xsd::FLOAT].iter().any(|t| t.as_str() == datatype)
}

/// Whether `lexical` is a valid lexical form of `datatype`, for the XSD types the graph uses
/// and their relatives; other datatypes are taken as they come.
fn well_formed(lexical: &str, datatype: &str) -> bool {
    if let Some((min, max)) = integer_range(datatype) {
        return parse_integer(lexical).is_some_and(|n| (min..=max).contains(&n));
    }
    let Some(local) = datatype.strip_prefix(XSD) else { return true };
    match local {
        "decimal" => parse_decimal(lexical).is_some(),
        "double" | "float" => {
            matches!(lexical, "INF" | "+INF" | "-INF" | "NaN")
                || (!lexical.contains(['i', 'I', 'n', 'N']) && lexical.parse::<f64>().is_ok())
        }
        "boolean" => matches!(lexical, "true" | "false" | "1" | "0"),
        "date" => date_parts(lexical, 3),
        "gYearMonth" => date_parts(lexical, 2),
        "gYear" => date_parts(lexical, 1),
        _ => true,
    }
}

fn parse_integer(lexical: &str) -> Option<i128> {
    let digits = lexical.strip_prefix(['+', '-']).unwrap_or(lexical);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    lexical.parse().ok()
}

/// An xsd:decimal (or integer) as sign, integer digits and fraction digits, without redundant
/// zeros, so that two decimals compare exactly.
fn parse_decimal(lexical: &str) -> Option<(bool, String, String)> {
    let negative = lexical.starts_with('-');
    let unsigned = lexical.strip_prefix(['+', '-']).unwrap_or(lexical);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0').to_string();
    let frac = frac.trim_end_matches('0').to_string();
    let zero = int.is_empty() && frac.is_empty();
    Some((negative && !zero, int, frac))
}

fn compare_decimals(a: &(bool, String, String), b: &(bool, String, String)) -> Ordering {
    let magnitude = |x: &(bool, String, String)| (x.1.len(), x.1.clone(), x.2.clone());
    match (a.0, b.0) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => magnitude(a).cmp(&magnitude(b)),
        (true, true) => magnitude(b).cmp(&magnitude(a)),
    }
}

/// A date-like lexical form with `parts` of year, month and day and an optional time zone.
fn date_parts(lexical: &str, parts: usize) -> bool {
    let body = strip_timezone(lexical);
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let fields: Vec<&str> = body.split('-').collect();
    if fields.len() != parts || !fields.iter().all(|f| f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let year = fields[0];
    if year.len() < 4 || (year.len() > 4 && year.starts_with('0')) || (negative && year == "0000") {
        return false;
    }
    let month = fields.get(1).map(|m| (m.len() == 2, m.parse::<u32>().unwrap_or(0)));
    if let Some((two, m)) = month
        && (!two || !(1..=12).contains(&m))
    {
        return false;
    }
    if let (Some(day), Some((_, m))) = (fields.get(2), month) {
        let y: i64 = year.parse().unwrap_or(0);
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        return day.len() == 2 && day.parse::<u32>().is_ok_and(|d| (1..=days).contains(&d));
    }
    true
}

fn strip_timezone(lexical: &str) -> &str {
    if let Some(rest) = lexical.strip_suffix('Z') {
        return rest;
    }
    let bytes = lexical.as_bytes();
    if bytes.len() > 6
        && matches!(bytes[bytes.len() - 6], b'+' | b'-')
        && bytes[bytes.len() - 3] == b':'
    {
        return &lexical[..lexical.len() - 6];
    }
    lexical
}

/// SPARQL `<` on two terms as far as SHACL's range constraints need it: numbers of any numeric
/// type, strings, and date-like values of one datatype without time zones. `None` when the two
/// cannot be compared, which the range constraints count as a violation.
fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else { return None };
    let (da, db) = (a.datatype().as_str(), b.datatype().as_str());
    if is_numeric_type(da) && is_numeric_type(db) {
        if !well_formed(a.value(), da) || !well_formed(b.value(), db) {
            return None;
        }
        let exact = |t: &str| t != xsd::DOUBLE.as_str() && t != xsd::FLOAT.as_str();
        if exact(da) && exact(db) {
            return Some(compare_decimals(&parse_decimal(a.value())?, &parse_decimal(b.value())?));
        }
        let float = |l: &Literal| match l.value() {
            "INF" | "+INF" => Some(f64::INFINITY),
            "-INF" => Some(f64::NEG_INFINITY),
            v => v.parse::<f64>().ok(),
        };
        return float(a)?.partial_cmp(&float(b)?);
    }
    if da != db {
        return None;
    }
    if da == xsd::STRING.as_str() {
        return Some(a.value().cmp(b.value()));
    }
    let dated = [xsd::DATE, xsd::DATE_TIME, xsd::G_YEAR_MONTH, xsd::G_YEAR, xsd::TIME];
    if dated.iter().any(|t| t.as_str() == da)
        && well_formed(a.value(), da)
        && well_formed(b.value(), db)
        && strip_timezone(a.value()) == a.value()
        && strip_timezone(b.value()) == b.value()
        && !a.value().starts_with('-')
        && !b.value().starts_with('-')
        && a.value().len() == b.value().len()
    {
        return Some(a.value().cmp(b.value()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(shapes: &str) -> String {
        let text = format!("@prefix sh: <{SH}> .\n@prefix ex: <http://example.org/> .\n{shapes}");
        match Shapes::parse(Path::new("shapes.ttl"), &text) {
            Ok(_) => panic!("shapes were accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn an_unsupported_constraint_names_the_file_the_line_and_the_constraint() {
        let error =
            parse_error("ex:S a sh:NodeShape ;\n  sh:targetClass ex:C ;\n  sh:closed true .\n");
        assert!(
            error.starts_with("shapes.ttl:5: unsupported SHACL constraint sh:closed"),
            "{error}"
        );
    }

    #[test]
    fn a_nested_unsupported_constraint_is_found_too() {
        let error = parse_error(
            "ex:S sh:targetClass ex:C ;\n  sh:property [ sh:path ex:p ;\n    sh:or ( [ sh:datatype ex:d ] ) ] .\n",
        );
        assert!(error.contains("shapes.ttl:5: unsupported SHACL constraint sh:or"), "{error}");
    }

    #[test]
    fn a_path_that_is_not_an_iri_is_rejected() {
        let error = parse_error(
            "ex:S sh:targetClass ex:C ;\n  sh:property [ sh:path [ sh:inversePath ex:p ] ] .\n",
        );
        assert!(error.contains("sh:path must be a single IRI"), "{error}");
    }

    #[test]
    fn an_unsupported_constraint_is_an_error_even_in_a_shape_without_targets() {
        let error = parse_error("ex:S sh:datatype ex:d ;\n  sh:qualifiedMinCount 1 .\n");
        assert!(
            error.contains("shapes.ttl:4: unsupported SHACL constraint sh:qualifiedMinCount"),
            "{error}"
        );
    }

    #[test]
    fn implicit_class_targets_are_rejected() {
        let error = parse_error(
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
             ex:C a rdfs:Class , sh:NodeShape ; sh:nodeKind sh:IRI .\n",
        );
        assert!(error.contains("implicit class targets are not implemented"), "{error}");
    }

    #[test]
    fn count_constraints_need_a_path() {
        let error = parse_error("ex:S sh:targetClass ex:C ; sh:minCount 1 .\n");
        assert!(error.contains("only allowed on a property shape"), "{error}");
    }

    #[test]
    fn decimals_compare_exactly() {
        let d = |s: &str| parse_decimal(s).expect(s);
        assert_eq!(compare_decimals(&d("1.50"), &d("1.5")), Ordering::Equal);
        assert_eq!(compare_decimals(&d("1"), &d("0.99")), Ordering::Greater);
        assert_eq!(compare_decimals(&d("-0.5"), &d("0")), Ordering::Less);
        assert_eq!(compare_decimals(&d("-0"), &d("0.0")), Ordering::Equal);
        assert_eq!(compare_decimals(&d("-2"), &d("-10")), Ordering::Greater);
        assert_eq!(compare_decimals(&d("12"), &d("9")), Ordering::Greater);
    }

    #[test]
    fn lexical_forms_are_checked_for_the_common_types() {
        let nonneg = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger";
        assert!(well_formed("0", nonneg));
        assert!(!well_formed("-3", nonneg));
        assert!(!well_formed("1.5", xsd::INTEGER.as_str()));
        assert!(well_formed("1", xsd::DECIMAL.as_str()));
        assert!(!well_formed("one", xsd::DECIMAL.as_str()));
        assert!(well_formed("2020-02-29", xsd::DATE.as_str()));
        assert!(!well_formed("2021-02-29", xsd::DATE.as_str()));
        assert!(well_formed("2020-09", xsd::G_YEAR_MONTH.as_str()));
        assert!(!well_formed("2020-13", xsd::G_YEAR_MONTH.as_str()));
    }

    #[test]
    fn language_ranges_match_subtags() {
        assert!(language_matches("en", "en"));
        assert!(language_matches("en-GB", "en"));
        assert!(!language_matches("eng", "en"));
        assert!(!language_matches("de", "en"));
        assert!(language_matches("de", "*"));
    }

    #[test]
    fn component_iris_follow_the_shacl_names() {
        assert_eq!(Component::MinCount.iri(), format!("{SH}MinCountConstraintComponent"));
        assert_eq!(Component::In.iri(), format!("{SH}InConstraintComponent"));
        assert_eq!(Component::LanguageIn.iri(), format!("{SH}LanguageInConstraintComponent"));
    }
}
