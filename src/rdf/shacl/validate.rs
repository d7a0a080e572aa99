//! Running the shapes against the store's union of named graphs: focus nodes from the targets,
//! value nodes along each path, one result per failing value, sorted.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;

use super::values::{compare, language_matches, well_formed};
use super::{Constraint, Report, Shape, Shapes, Target, Violation};
use crate::error::{Error, Result};
use crate::knowledge::vocabulary::PREFIXES;
use crate::rdf::store::GraphStore;

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
