//! Each resolution rule's own example sentences.

use std::path::Path;

use crate::analysis::Pipeline;
use crate::knowledge::{Knowledge, Source};
use crate::text::document::Document;

/// (surface, entity id, method) of every mention in `text`.
fn mentions(text: &str) -> Vec<(String, String, String)> {
    let knowledge = Knowledge::load(&Source::Embedded).expect("shipped ontology loads");
    let doc = Document::parse(Path::new("t.txt"), "t", text.as_bytes(), &knowledge.documents)
        .expect("parses");
    let analysis = Pipeline::new(&knowledge).analyze(doc);
    analysis
        .mentions
        .iter()
        .map(|m| {
            let surface = analysis.document.text[m.span.bytes()].to_string();
            (surface, m.entity.clone(), m.how.name().to_string())
        })
        .collect()
}

fn has(found: &[(String, String, String)], surface: &str, entity: &str, how: &str) -> bool {
    found.iter().any(|(s, e, h)| s == surface && e == entity && h == how)
}

/// Each rule's own example sentences: (rule, text, expected mentions, surfaces that must not
/// be mentions).
#[test]
fn rule_examples() {
    let rows: &[(&str, &str, &[(&str, &str, &str)], &[&str])] = &[
        (
            "apposition: organisation class noun",
            "Der Chipkonzern Halvion meldet Rekordzahlen.",
            &[("Halvion", "halvion", "apposition")],
            &[],
        ),
        (
            "apposition: person title without article, surname later",
            "Bundesverkehrsminister Jonas Wieland reiste ab. Wieland schwieg.",
            &[
                ("Jonas Wieland", "jonas-wieland", "apposition"),
                ("Wieland", "jonas-wieland", "coreference"),
            ],
            &[],
        ),
        (
            "legal form, short name later",
            "Die Brenner Logistik AG wächst. Brenner stellt 200 Leute ein.",
            &[
                ("Brenner Logistik AG", "brenner-logistik", "pattern"),
                ("Brenner", "brenner-logistik", "coreference"),
            ],
            &[],
        ),
        (
            "given name, surname later",
            "Laut Petra Vogt ist das falsch. Vogt lacht.",
            &[("Petra Vogt", "petra-vogt", "pattern"), ("Vogt", "petra-vogt", "coreference")],
            &[],
        ),
        (
            "institution name and its short form",
            "Das Bundeskartellamt prüft den Fall. Ein Sprecher des Kartellamts schwieg.",
            &[
                ("Bundeskartellamt", "bundeskartellamt", "pattern"),
                ("Kartellamts", "bundeskartellamt", "coreference"),
            ],
            &[],
        ),
        (
            "unknown first part of an organisation compound, with a role",
            "Laut Kelvor-Chef Anton Rieß steigt der Umsatz. Die Kelvor-Aktie stieg.",
            &[("Kelvor", "kelvor", "pattern"), ("Anton Rieß", "anton-riess", "apposition")],
            &[],
        ),
        (
            "definite description",
            "Der Versicherer Aldora kauft zu. Das Unternehmen zahlt bar.",
            &[("Aldora", "aldora", "apposition"), ("Unternehmen", "aldora", "coreference")],
            &[],
        ),
        (
            "remit description",
            "Ein für Auslandsinvestitionen zuständiges Gremium prüft den Kauf.",
            &[("Ein für Auslandsinvestitionen zuständiges Gremium", "cfius", "descriptor")],
            &[],
        ),
        (
            "no apposition without an article; no common noun as a name",
            "Im Mai verbot die Regierung US-Unternehmen Geschäfte mit Firmen. Das Unternehmen Gesundheitsdaten fehlt.",
            &[],
            &["Geschäfte", "Gesundheitsdaten"],
        ),
        (
            "indefinite description refers to nothing",
            "Der Autobauer Velmar wächst. Ein Unternehmen aus Polen klagt.",
            &[("Velmar", "velmar", "apposition")],
            &["Unternehmen"],
        ),
    ];
    for (rule, text, expected, absent) in rows {
        let found = mentions(text);
        for (surface, entity, how) in *expected {
            assert!(
                has(&found, surface, entity, how),
                "{rule}: {surface} → {entity} ({how}) in {found:?}"
            );
        }
        for surface in *absent {
            assert!(!found.iter().any(|(s, _, _)| s == surface), "{rule}: {surface} in {found:?}");
        }
    }
}
