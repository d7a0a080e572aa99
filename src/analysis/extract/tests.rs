//! Every relation rule carries example sentences of its own (in `ontology/de/relations.toml`, none
//! from the seed articles) with the facts they must give; this test runs them all through the
//! whole pipeline, so a rule that stops matching its own examples fails here, by rule id.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Polarity, facts};
use crate::analysis::Pipeline;
use crate::knowledge::relations::RelationRules;
use crate::knowledge::{Knowledge, Source};
use crate::text::document::Document;

/// The checkout under test: where `cargo test` runs the tests from, else where they were built.
fn repo() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

fn knowledge() -> Knowledge {
    Knowledge::load(&Source::Dir(repo().join("ontology"))).expect("the shipped ontology loads")
}

/// The facts of `text` written as the examples write them: `family: Subject -> Object` with
/// entity labels, `not ` before a negated fact, `family: Subject` without an object.
fn stated(pipeline: &Pipeline<'_>, knowledge: &Knowledge, text: &str) -> BTreeSet<String> {
    let document =
        Document::parse(Path::new("example.txt"), "example", text.as_bytes(), &knowledge.documents)
            .expect("example text loads");
    let analysis = pipeline.analyze(document);
    let label = |id: &str| {
        knowledge
            .lexicon
            .get(id)
            .or_else(|| analysis.new_entities.get(id))
            .map_or_else(|| id.to_string(), |e| e.label.clone())
    };
    facts(&analysis.findings, &knowledge.relations)
        .iter()
        .map(|f| {
            let not = if f.polarity == Polarity::Negative { "not " } else { "" };
            match &f.object {
                Some(o) => format!("{not}{}: {} -> {}", f.family, label(&f.subject), label(o)),
                None => format!("{not}{}: {}", f.family, label(&f.subject)),
            }
        })
        .collect()
}

/// The examples of the frames `which` accepts that do not give the facts they list, and the
/// number of examples run.
fn failing_examples(knowledge: &Knowledge, which: &dyn Fn(&str) -> bool) -> (Vec<String>, usize) {
    let pipeline = Pipeline::new(knowledge);
    let symmetric = |fact: &str| {
        let family = fact.trim_start_matches("not ").split(':').next().unwrap_or_default();
        knowledge.relations.family(family).is_some_and(|f| f.symmetric)
    };
    let mut failures = Vec::new();
    let mut examples = 0;
    for frame in &knowledge.relations.frames {
        let family = &knowledge.relations.family_of(frame.family).name;
        if !which(family) {
            continue;
        }
        for example in &frame.examples {
            examples += 1;
            let got = stated(&pipeline, knowledge, &example.text);
            for want in &example.facts {
                let reversed = want.split_once(": ").and_then(|(family, pair)| {
                    pair.split_once(" -> ").map(|(s, o)| format!("{family}: {o} -> {s}"))
                });
                let found = got.contains(want)
                    || (symmetric(want) && reversed.is_some_and(|r| got.contains(&r)));
                if !found {
                    failures.push(format!(
                        "rule {}: {:?}\n  expected {want}\n  got {got:?}",
                        frame.id, example.text
                    ));
                }
            }
            // An example with no facts shows what the rule must not read into a sentence.
            if example.facts.is_empty() {
                let own: Vec<&String> = got
                    .iter()
                    .filter(|f| f.trim_start_matches("not ").starts_with(&format!("{family}:")))
                    .collect();
                if !own.is_empty() {
                    failures.push(format!(
                        "rule {}: {:?}\n  expected no {} fact, got {own:?}",
                        frame.id, example.text, family
                    ));
                }
            }
        }
    }
    (failures, examples)
}

#[test]
fn every_rule_gives_the_facts_of_its_examples() {
    let knowledge = knowledge();
    let (failures, examples) = failing_examples(&knowledge, &|_| true);
    assert!(examples >= knowledge.relations.frames.len(), "every rule has an example");
    assert!(
        failures.is_empty(),
        "{} of {examples} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `relations.toml` with the family `from` renamed `to` wherever the file names it: its
/// declaration, frames, switches, statuses, `[mechanism]`, `recent:` slots and example facts.
fn renamed(text: &str, from: &str, to: &str) -> String {
    text.replace(&format!("\"{from}\""), &format!("\"{to}\""))
        .replace(&format!("\"{from}: "), &format!("\"{to}: "))
        .replace(&format!("\"not {from}: "), &format!("\"not {to}: "))
        .replace(&format!("recent:{from}:"), &format!("recent:{to}:"))
}

/// The code knows families by the ids the file declares, not by their names: a family renamed
/// throughout the file keeps every behaviour, and its frames give their examples' facts under the
/// new name.
#[test]
fn a_family_renamed_in_the_file_keeps_its_facts() {
    let path = repo().join("ontology/de/relations.toml");
    let text = std::fs::read_to_string(&path).expect("relations.toml reads");
    for (from, to) in [
        ("offer", "bid"),
        ("statement", "utterance"),
        ("partnership", "alliance"),
        ("approval", "clearance"),
        ("ownership", "possession"),
        ("executive-order", "decree"),
    ] {
        let mut knowledge = knowledge();
        let endings = knowledge.rules.head_endings.clone();
        knowledge.relations = RelationRules::parse(&path, &renamed(&text, from, to), &endings)
            .unwrap_or_else(|e| panic!("{from} renamed {to}: {e}"));
        knowledge.relations.expand_lemmas(&knowledge.dictionary);
        assert!(knowledge.relations.family(from).is_none(), "{from} is renamed");
        assert!(knowledge.relations.family(to).is_some(), "{to} is declared");
        // All examples: a renamed family must also keep what it does for the others.
        let (failures, examples) = failing_examples(&knowledge, &|_| true);
        assert!(examples > 0);
        assert!(
            failures.is_empty(),
            "with {from} renamed {to}, {} of {examples} examples fail:\n{}",
            failures.len(),
            failures.join("\n")
        );
        let (_, own) = failing_examples(&knowledge, &|family| family == to);
        assert!(own > 0, "{to} has frames with examples");
    }
}

#[test]
fn negated_and_planned_facts_give_no_direct_claim() {
    let knowledge = knowledge();
    let pipeline = Pipeline::new(&knowledge);
    let text = "Der Autobauer Veloria wird den Zulieferer Kestrel Power Systems Corp. nicht übernehmen. \
                Der Versicherer Helvora will die Direktbank Solvea AG kaufen.";
    let got = stated(&pipeline, &knowledge, text);
    assert!(got.contains("not acquisition: Veloria -> Kestrel Power Systems"), "{got:?}");
    assert!(got.contains("acquisition: Helvora -> Solvea"), "{got:?}");
    let document = Document::parse(Path::new("x.txt"), "x", text.as_bytes(), &knowledge.documents)
        .expect("loads");
    let analysis = pipeline.analyze(document);
    let rules = &knowledge.relations;
    let agent = rules.role("agent").expect("agent role");
    let modalities: Vec<(&str, &str)> = analysis
        .findings
        .iter()
        .filter(|f| rules.family_of(f.family).name == "acquisition")
        .map(|f| (f.fillers(agent)[0].as_str(), rules.modality(f.modality).name.as_str()))
        .collect();
    assert!(modalities.contains(&("helvora", "planned")), "{modalities:?}");
}

#[test]
fn attribution_and_time_reach_the_findings() {
    let knowledge = knowledge();
    let pipeline = Pipeline::new(&knowledge);
    let text = " date 2023-06-14\nDem Nachrichtensender Teleon zufolge hat der Versicherer Helvora am Montag die Direktbank Solvea AG übernommen. \
                Die Finanzaufsicht Bafin droht der Krypto-App Coinly bis zum 30. Juni mit einem Verbot.";
    let document = Document::parse(Path::new("x.txt"), "x", text.as_bytes(), &knowledge.documents)
        .expect("loads");
    let analysis = pipeline.analyze(document);
    let rules = &knowledge.relations;
    let takeover = analysis
        .findings
        .iter()
        .find(|f| rules.family_of(f.family).name == "acquisition" && f.complete)
        .expect("the takeover is found");
    assert_eq!(takeover.attribution.as_deref(), Some("teleon"));
    assert_eq!(rules.modality(takeover.modality).name, "reported");
    assert_eq!(takeover.date.map(|d| d.to_string()).as_deref(), Some("2023-06-12"));
    let threat = analysis
        .findings
        .iter()
        .find(|f| rules.family_of(f.family).name == "ban-threat" && f.complete)
        .expect("the threat is found");
    assert_eq!(threat.deadline.map(|d| d.to_string()).as_deref(), Some("2023-06-30"));
}

#[test]
fn a_confirmed_offer_and_a_rejected_one_carry_their_status() {
    let knowledge = knowledge();
    let pipeline = Pipeline::new(&knowledge);
    let text = "Der Chipkonzern Halvion bestätigte ein Angebot für den Zulieferer Brenner Logistik AG. \
                Das Angebot des Investors Arden Capital für Brenner Logistik wurde vom Zulieferer abgelehnt.";
    let document = Document::parse(Path::new("x.txt"), "x", text.as_bytes(), &knowledge.documents)
        .expect("loads");
    let analysis = pipeline.analyze(document);
    let rules = &knowledge.relations;
    let agent = rules.role("agent").expect("agent role");
    let status = |bidder: &str| {
        analysis
            .findings
            .iter()
            .find(|f| {
                rules.family_of(f.family).name == "offer"
                    && f.complete
                    && f.fillers(agent).iter().any(|a| a == bidder)
            })
            .and_then(|f| f.status)
            .map(|s| rules.status(s).name.clone())
    };
    assert_eq!(status("halvion").as_deref(), Some("confirmed"));
    assert_eq!(status("arden-capital").as_deref(), Some("rejected"));
}

/// What a clause comments on is its topic: "sich zu den Berichten nicht äußern" states nothing
/// positive, though "nach Berichten des X" names a source.
#[test]
fn a_report_commented_on_names_no_source() {
    crate::analysis::extract::testing::assert_facts(
        "Der Finanzinvestor Arden Capital wollte sich zu den Berichten nicht äußern.",
        &["not statement: arden-capital"],
        &["statement: arden-capital"],
    );
}
