//! The facts graph: what the documents tell together, each once however many documents tell it.
//!
//! A document's graph keeps what is its own: text, sentences, mentions, statement nodes. What
//! several documents can tell alike lives once in the facts graph, made from the statements of
//! the documents in the store:
//!
//! - an event node for every `ng:event` a statement links: its classes, its subject and object
//!   roles (from the statement's `rdf:subject` and `rdf:object`), and the union of what each
//!   statement tells of it (label, further roles, status, dates), with `dcterms:source` for every
//!   document that tells it;
//! - the direct triple of every `ng:DirectStatement`;
//! - the description of every entity of the generated lists that a document mentions
//!   (`schema:mentions`), and of its country.
//!
//! So the facts graph is a function of the document graphs: writing or removing a document only
//! needs what it touched ([`Touched`]) made again from the documents then in the store, in the
//! same transaction ([`refresh`]). A clean build and any sequence of rebuilds and removals of
//! the same final documents give the same quads.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term, TermRef, Triple,
};
use oxigraph::store::{StorageError, Transaction};

use super::iris::Iris;
use super::quads::entity_quads;
use super::writer::{GraphWriter, Room};
use crate::knowledge::Knowledge;
use crate::knowledge::lexicon::Entity;
use crate::knowledge::vocabulary::{NG, dcterms, ng, prov, schema};

/// The subjects of the facts graph a document's quads bear on.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    events: BTreeSet<NamedNode>,
    direct: HashSet<Triple>,
    entities: BTreeSet<NamedNode>,
}

impl Touched {
    /// Adds what the quads of one document graph bear on.
    pub(crate) fn add<'a>(&mut self, quads: impl IntoIterator<Item = QuadRef<'a>>) {
        let mut direct = HashSet::new();
        let mut parts: HashMap<NamedOrBlankNode, [Option<Term>; 3]> = HashMap::new();
        for quad in quads {
            let p = quad.predicate;
            if p == ng!("event") {
                if let TermRef::NamedNode(event) = quad.object {
                    self.events.insert(event.into_owned());
                }
            } else if p == schema!("mentions") {
                if let TermRef::NamedNode(entity) = quad.object {
                    self.entities.insert(entity.into_owned());
                }
            } else if p == rdf::TYPE && quad.object == ng!("DirectStatement").into() {
                direct.insert(quad.subject.into_owned());
            } else if let Some(at) =
                [rdf::SUBJECT, rdf::PREDICATE, rdf::OBJECT].iter().position(|&part| part == p)
            {
                parts.entry(quad.subject.into_owned()).or_default()[at] =
                    Some(quad.object.into_owned());
            }
        }
        for statement in direct {
            if let Some(triple) = parts.get(&statement).and_then(direct_triple) {
                self.direct.insert(triple);
            }
        }
    }
}

/// The triple a statement reifies, when its parts make one.
fn direct_triple([s, p, o]: &[Option<Term>; 3]) -> Option<Triple> {
    let subject = match s.as_ref()? {
        Term::NamedNode(node) => NamedOrBlankNode::from(node.clone()),
        Term::BlankNode(node) => NamedOrBlankNode::from(node.clone()),
        _ => return None,
    };
    let Term::NamedNode(predicate) = p.as_ref()? else { return None };
    Some(Triple::new(subject, predicate.clone(), o.clone()?))
}

/// Makes the facts graph's quads about what `touched` names again from the document graphs as
/// the transaction sees them, writing only the difference.
pub(crate) fn refresh(
    transaction: &mut Transaction<'_>,
    touched: &Touched,
    knowledge: &Knowledge,
    iris: &Iris,
) -> Result<(), StorageError> {
    let facts = iris.facts_graph();
    let mut remove = Vec::new();
    let mut insert = Vec::new();
    for event in &touched.events {
        let wanted = event_triples(transaction, event.as_ref(), knowledge, iris)?;
        let current = subject_triples(transaction, event.as_ref(), facts.as_ref())?;
        remove.extend(current.difference(&wanted).cloned());
        insert.extend(wanted.difference(&current).cloned());
    }

    let mut entities = Entities::new(knowledge, iris);
    let mut candidates: HashSet<Triple> = touched.direct.iter().cloned().collect();
    let mut subjects = touched.entities.clone();
    for entity in &touched.entities {
        if let Some(country) = entities.country(entity.as_str()) {
            subjects.insert(country);
        }
    }
    for entity in &subjects {
        candidates.extend(subject_triples(transaction, entity.as_ref(), facts.as_ref())?);
        candidates.extend(entities.description(entity.as_str()).iter().cloned());
    }
    for triple in candidates {
        let wanted = is_stated_directly(transaction, &triple)?
            || entities.describes(transaction, &triple)?;
        let present = transaction.contains(QuadRef::new(
            triple.subject.as_ref(),
            triple.predicate.as_ref(),
            triple.object.as_ref(),
            facts.as_ref(),
        ))?;
        if wanted && !present {
            insert.push(triple);
        } else if !wanted && present {
            remove.push(triple);
        }
    }

    for triple in &remove {
        transaction.remove(triple.as_ref().in_graph(facts.as_ref()));
    }
    for triple in &insert {
        transaction.insert(triple.as_ref().in_graph(facts.as_ref()));
    }
    Ok(())
}

/// The triples of `subject` in `graph`.
fn subject_triples(
    transaction: &Transaction<'_>,
    subject: NamedNodeRef<'_>,
    graph: NamedNodeRef<'_>,
) -> Result<HashSet<Triple>, StorageError> {
    transaction
        .quads_for_pattern(Some(subject.into()), None, None, Some(graph.into()))
        .map(|quad| quad.map(Triple::from))
        .collect()
}

/// The event node as the statements that tell of it make it: see the module comment.
fn event_triples(
    transaction: &Transaction<'_>,
    event: NamedNodeRef<'_>,
    knowledge: &Knowledge,
    iris: &Iris,
) -> Result<HashSet<Triple>, StorageError> {
    let mut triples = HashSet::new();
    if !iris.is_event(event.as_str()) {
        return Ok(triples);
    }
    let tellings: Vec<Quad> = transaction
        .quads_for_pattern(None, Some(ng!("event")), Some(event.into()), None)
        .collect::<Result<_, _>>()?;
    let mut add = |predicate: NamedNode, object: Term| {
        triples.insert(Triple::new(event.into_owned(), predicate, object));
    };
    for telling in tellings {
        let GraphNameRef::NamedNode(document) = telling.graph_name.as_ref() else { continue };
        let mut values: BTreeMap<NamedNode, Vec<Term>> = BTreeMap::new();
        for quad in transaction.quads_for_pattern(
            Some(telling.subject.as_ref()),
            None,
            None,
            Some(document.into()),
        ) {
            let quad = quad?;
            values.entry(quad.predicate).or_default().push(quad.object);
        }
        let family = values.get(&ng!("family").into_owned()).and_then(|v| v.first());
        let Some(Term::Literal(family)) = family else { continue };
        let Some(family) = knowledge.relations.family(family.value()) else { continue };
        let Some(class) = &family.event else { continue };
        let part = |p: NamedNodeRef<'_>| values.get(&p.into_owned()).and_then(|v| v.first());
        let (Some(subject), Some(object)) = (part(rdf::SUBJECT), part(rdf::OBJECT)) else {
            continue;
        };
        let object_is_entity = matches!(object, Term::NamedNode(_));
        let (subject, object) =
            if object_is_entity && family.inverse { (object, subject) } else { (subject, object) };
        let (subject, object) = (subject.clone(), object.clone());
        add(rdf::TYPE.into_owned(), in_ng(class).into());
        add(rdf::TYPE.into_owned(), prov!("Activity").into_owned().into());
        add(in_ng(&family.subject.name), subject);
        if let (Some(role), true) = (&family.object, object_is_entity) {
            add(in_ng(&role.name), object);
        }
        let mut told: Vec<NamedNode> = [
            oxigraph::model::vocab::rdfs::LABEL,
            ng!("status"),
            ng!("date"),
            ng!("datePrecision"),
            ng!("deadline"),
            ng!("deadlinePrecision"),
            schema!("roleName"),
        ]
        .iter()
        .map(|p| p.into_owned())
        .collect();
        told.extend(family.roles.iter().map(|role| in_ng(&role.name)));
        for predicate in told {
            for object in values.get(&predicate).into_iter().flatten() {
                add(predicate.clone(), object.clone());
            }
        }
        add(dcterms!("source").into_owned(), document.into_owned().into());
    }
    Ok(triples)
}

fn in_ng(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NG}{local}"))
}

/// Whether some statement in a document graph that states `triple` directly is in the store.
fn is_stated_directly(
    transaction: &Transaction<'_>,
    triple: &Triple,
) -> Result<bool, StorageError> {
    let subject: Term = triple.subject.clone().into();
    let direct = |statement: Quad| {
        let (node, graph) = (statement.subject.as_ref(), statement.graph_name.as_ref());
        let holds = |p: NamedNodeRef<'_>, o: TermRef<'_>| {
            transaction.contains(QuadRef::new(node, p, o, graph))
        };
        Ok::<_, StorageError>(
            holds(rdf::TYPE, ng!("DirectStatement").into())?
                && holds(rdf::SUBJECT, subject.as_ref())?
                && holds(rdf::PREDICATE, triple.predicate.as_ref().into())?
                && holds(rdf::OBJECT, triple.object.as_ref())?,
        )
    };
    // Every statement of the triple is among its subject's and among its object's; read both
    // lists side by side, so that the shorter settles it (an authority or a country that many
    // documents tell of has thousands).
    let mut by_subject =
        transaction.quads_for_pattern(None, Some(rdf::SUBJECT), Some(subject.as_ref()), None);
    let mut by_object =
        transaction.quads_for_pattern(None, Some(rdf::OBJECT), Some(triple.object.as_ref()), None);
    loop {
        let (s, o) = (by_subject.next(), by_object.next());
        let exhausted = s.is_none() || o.is_none();
        for statement in [s, o].into_iter().flatten() {
            if direct(statement?)? {
                return Ok(true);
            }
        }
        if exhausted {
            return Ok(false);
        }
    }
}

/// The entities of the generated lists, found by IRI, with their descriptions as made.
struct Entities<'k> {
    knowledge: &'k Knowledge,
    iris: &'k Iris,
    by_iri: Option<HashMap<String, &'k Entity>>,
    /// The generated entities in each country, by the country's IRI.
    in_country: Option<HashMap<String, Vec<String>>>,
    descriptions: HashMap<String, HashSet<Triple>>,
    described: HashMap<String, bool>,
}

impl<'k> Entities<'k> {
    fn new(knowledge: &'k Knowledge, iris: &'k Iris) -> Self {
        Entities {
            knowledge,
            iris,
            by_iri: None,
            in_country: None,
            descriptions: HashMap::new(),
            described: HashMap::new(),
        }
    }

    fn get(&mut self, iri: &str) -> Option<&'k Entity> {
        let (knowledge, iris) = (self.knowledge, self.iris);
        let by_iri = self.by_iri.get_or_insert_with(|| {
            (knowledge.lexicon.entries.iter().filter(|e| e.generated))
                .map(|e| (iris.entity(&e.id).into_string(), e))
                .collect()
        });
        by_iri.get(iri).copied()
    }

    /// The IRI of a generated entity's country, when that is a generated entity too.
    fn country(&mut self, iri: &str) -> Option<NamedNode> {
        let country = self.get(iri)?.country.as_deref()?;
        let country = self.knowledge.lexicon.get(country).filter(|c| c.generated)?;
        Some(self.iris.entity(&country.id))
    }

    /// The triples describing a generated entity (none for any other IRI).
    fn description(&mut self, iri: &str) -> &HashSet<Triple> {
        if !self.descriptions.contains_key(iri) {
            let mut triples = HashSet::new();
            if let Some(entity) = self.get(iri) {
                let graph = self.iris.facts_graph();
                let room = Room { quads: 16, terms: 16, text: 1024 };
                let mut g = GraphWriter::new(graph.as_str(), room);
                entity_quads(&mut g, entity, self.iris);
                triples.extend(g.finish().iter().map(|q| Triple::from(q.into_owned())));
            }
            self.descriptions.insert(iri.to_string(), triples);
        }
        &self.descriptions[iri]
    }

    /// Whether the facts graph describes the entity: a generated one that a document mentions,
    /// or the country of one.
    fn is_described(
        &mut self,
        transaction: &Transaction<'_>,
        iri: &str,
    ) -> Result<bool, StorageError> {
        if let Some(&known) = self.described.get(iri) {
            return Ok(known);
        }
        let mut described = false;
        if self.get(iri).is_some() {
            described = is_mentioned(transaction, iri)?;
            if !described {
                let (knowledge, iris) = (self.knowledge, self.iris);
                let in_country = self.in_country.get_or_insert_with(|| {
                    let mut map: HashMap<String, Vec<String>> = HashMap::new();
                    for entity in knowledge.lexicon.entries.iter().filter(|e| e.generated) {
                        if let Some(country) = &entity.country {
                            map.entry(iris.entity(country).into_string())
                                .or_default()
                                .push(iris.entity(&entity.id).into_string());
                        }
                    }
                    map
                });
                for member in in_country.get(iri).into_iter().flatten() {
                    if is_mentioned(transaction, member)? {
                        described = true;
                        break;
                    }
                }
            }
        }
        self.described.insert(iri.to_string(), described);
        Ok(described)
    }

    /// Whether `triple` belongs to the description of a described entity.
    fn describes(
        &mut self,
        transaction: &Transaction<'_>,
        triple: &Triple,
    ) -> Result<bool, StorageError> {
        let NamedOrBlankNode::NamedNode(subject) = &triple.subject else { return Ok(false) };
        if !self.description(subject.as_str()).contains(triple) {
            return Ok(false);
        }
        self.is_described(transaction, subject.as_str())
    }
}

/// Whether a document mentions the entity.
fn is_mentioned(transaction: &Transaction<'_>, iri: &str) -> Result<bool, StorageError> {
    let entity = NamedNodeRef::new_unchecked(iri);
    match transaction
        .quads_for_pattern(None, Some(schema!("mentions")), Some(entity.into()), None)
        .next()
    {
        Some(quad) => quad.map(|_| true),
        None => Ok(false),
    }
}
