//! The quads of what a document's findings say: a statement node per fact (RDF reification with
//! polarity, modality, attribution, rule and source), marked `ng:DirectStatement` where the fact
//! is stated as true, and linked with `ng:event` to the event it tells of, with what this
//! document tells of that event (further roles, status, dates). The direct triples and the event
//! nodes themselves are made from these statements in the facts graph ([`super::shared`]).

use super::iris::{Iris, stable_hash};
use super::terms::{Id, V};
use super::writer::{GraphWriter, add_date};
use crate::analysis::Analysis;
use crate::analysis::extract::{Fact, Finding, Polarity, facts};
use crate::knowledge::Knowledge;
use crate::knowledge::vocabulary::{NG, expand};

/// `Offer`, `pending approval` → `PendingApproval`: an IRI-safe local name.
pub(super) fn camel(text: &str) -> String {
    text.split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// Statement nodes for the facts, marked direct for the positive asserted or reported ones, with
/// what each tells of its event.
pub(super) fn finding_quads(
    analysis: &Analysis,
    knowledge: &Knowledge,
    iris: &Iris,
    sentence_nodes: &[Id],
    g: &mut GraphWriter,
) {
    let rules = &knowledge.relations;
    let doc = &analysis.document;
    let all = facts(&analysis.findings, rules);
    // A fact the document also denies gets no direct triple from it.
    let denied: std::collections::BTreeSet<(&str, &str, Option<&str>)> = all
        .iter()
        .filter(|f| f.polarity == Polarity::Negative)
        .map(|f| (f.family.as_str(), f.subject.as_str(), f.object.as_deref()))
        .collect();
    for fact in &all {
        let finding = &analysis.findings[fact.finding];
        let Some(family) = rules.family(&fact.family) else { continue };
        let modality = rules.modality(finding.modality);
        let subject = g.entity(iris, &fact.subject);
        let sentence_text = analysis
            .sentences
            .get(finding.sentence)
            .map(|s| &doc.text[s.span.bytes()])
            .unwrap_or_default();
        let property = match family.property.as_deref().map(expand) {
            Some(Some(p)) => g.iri(p.as_str()),
            Some(None) => V::ng_relatedTo.into(),
            None => V::ng_stated.into(),
        };
        let object = match &fact.object {
            Some(o) => g.entity(iris, o),
            None => g.tagged(sentence_text, "de"),
        };
        let polarity = if fact.polarity == Polarity::Positive { "Positive" } else { "Negative" };
        let attribution = finding.attribution.as_deref().unwrap_or("");
        // One statement node per occurrence: the same fact told by another sentence or rule
        // is another statement (with its own rule, confidence and source) of the same event.
        let sentence_index = finding.sentence.to_string();
        let trigger_at = format!("{}-{}", finding.trigger.char_start, finding.trigger.char_end);
        let hash = stable_hash(&[
            &doc.id,
            &sentence_index,
            &trigger_at,
            &finding.rule,
            &fact.family,
            &fact.subject,
            fact.object.as_deref().unwrap_or(sentence_text),
            polarity,
            &modality.name,
            attribution,
        ]);
        let node = g.iri(iris.statement(&hash).as_str());
        let (s, o) = match (&fact.object, family.inverse) {
            (Some(_), true) => (object, subject),
            _ => (subject, object),
        };
        g.add(node, V::rdf_type, V::rdf_Statement);
        if !g.is_iri(s) {
            continue;
        }
        g.add(node, V::rdf_subject, s);
        g.add(node, V::rdf_predicate, property);
        g.add(node, V::rdf_object, o);
        let family_name = g.simple(&fact.family);
        g.add(node, V::ng_family, family_name);
        let polarity = g.iri_in(NG, polarity);
        g.add(node, V::ng_polarity, polarity);
        let modality_node = g.iri_in(NG, &camel(&modality.name));
        g.add(node, V::ng_modality, modality_node);
        if let Some(source) = &finding.attribution {
            let source = g.entity(iris, source);
            g.add(node, V::ng_attributedTo, source);
        }
        let rule = g.simple(&finding.rule);
        g.add(node, V::ng_rule, rule);
        let confidence = g.decimal(finding.confidence);
        g.add(node, V::ng_confidence, confidence);
        g.add(node, V::dcterms_source, g.graph);
        if let Some(&sentence) = sentence_nodes.get(finding.sentence) {
            g.add(node, V::prov_wasDerivedFrom, sentence);
        }
        if !finding.trigger.is_empty() {
            let trigger = g.chars(finding.trigger.char_start, finding.trigger.char_end).node;
            g.add(node, V::ng_trigger, trigger);
        }
        let key = (fact.family.as_str(), fact.subject.as_str(), fact.object.as_deref());
        let truthy = fact.polarity == Polarity::Positive
            && modality.truthy
            && fact.object.is_some()
            && !denied.contains(&key);
        if truthy && g.is_iri(s) && g.is_iri(o) {
            // The direct triple itself is written once, in the facts graph.
            g.add(node, V::rdf_type, V::ng_DirectStatement);
        }
        let event = if denied.contains(&key) {
            // The document also says it did not happen: no event from it.
            None
        } else {
            event_telling(fact, finding, analysis, iris, knowledge, node, g)
        };
        if let Some(event) = event {
            g.add(node, V::ng_event, event);
        } else if let Some(role) = finding.literals.get(&rules.mechanism.roles.position_name) {
            // A relation without an event node keeps its role name on the statement.
            let name = g.tagged(role, "de");
            g.add(node, V::schema_roleName, name);
        }
    }
}

/// The event a positive fact of an event family tells of, and what this document tells of it,
/// written on the statement node (`telling`): the event's label, the roles beyond subject and
/// object, status and dates. The event node in the facts graph is the union of its tellings.
pub(super) fn event_telling(
    fact: &Fact,
    finding: &Finding,
    analysis: &Analysis,
    iris: &Iris,
    knowledge: &Knowledge,
    telling: Id,
    g: &mut GraphWriter,
) -> Option<Id> {
    let rules = &knowledge.relations;
    let family = rules.family(&fact.family)?;
    family.event.as_ref()?;
    if fact.polarity == Polarity::Negative {
        return None;
    }
    let doc = &analysis.document;
    let node = match &fact.object {
        Some(object) => iris.event(&fact.family, &[&fact.subject, object]),
        // A statement is one utterance: keyed by its speaker, document and sentence.
        None => {
            let at = finding.sentence.to_string();
            iris.event(&fact.family, &[&fact.subject, &doc.id, &at])
        }
    };
    let node = g.iri(node.as_str());
    let label = |id: &str| {
        analysis
            .new_entities
            .get(id)
            .or_else(|| knowledge.lexicon.get(id))
            .map_or_else(|| id.to_string(), |e| e.label.clone())
    };
    let text = match &fact.object {
        Some(o) => format!("{}: {} → {}", family.label_en, label(&fact.subject), label(o)),
        None => format!("{}: {}", family.label_en, label(&fact.subject)),
    };
    let text = g.tagged(&text, "en");
    g.add(telling, V::rdfs_label, text);
    for role in &family.roles {
        let property = g.iri_in(NG, &role.name);
        for filler in finding.fillers(role.id) {
            let filler = g.entity(iris, filler);
            g.add(telling, property, filler);
        }
        if let Some(value) = finding.literals.get(&role.id) {
            if role.id == rules.mechanism.roles.position_name {
                let name = g.tagged(value, "de");
                g.add(telling, V::schema_roleName, name);
            } else {
                let literal = g.simple(value);
                g.add(telling, property, literal);
            }
        }
    }
    if let Some(status) = &finding.status {
        let status = g.iri_in(NG, &camel(&rules.status(*status).name));
        g.add(telling, V::ng_status, status);
    }
    if let Some(date) = &finding.date {
        add_date(g, telling, (V::ng_date, V::ng_datePrecision), date);
    }
    if let Some(deadline) = &finding.deadline {
        add_date(g, telling, (V::ng_deadline, V::ng_deadlinePrecision), deadline);
    }
    Some(node)
}
