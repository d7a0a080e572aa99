//! Reading a shapes file: Turtle into a graph of shapes, every SHACL term checked against what
//! the validator supports, with the file and line of anything it does not.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNode, Term};
use regex::Regex;

use super::values::is_integer_type;
use super::{Constraint, NodeKind, SH, Shape, Shapes, Target};
use crate::error::{Error, Result};

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
}
