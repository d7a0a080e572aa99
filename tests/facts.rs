//! Fact extraction quality, measured with `newsgraph eval` against hand-made fact gold files.
//!
//! `tests/gold/seeds.facts.tsv` lists the facts of the five seed articles and
//! `tests/gold/deals.facts.tsv` those of `tests/fixtures/deals/` (paragraphs annotated before the
//! rules were tuned on them); the format is in `tests/gold/README.md`, section "Fact gold". The
//! first tests pin down the scoring itself on a tiny article whose facts are known, so that a
//! change in the score of the real gold files can be trusted to come from the rules.

mod common;

use common::{Workspace, repo};

/// Two tiny articles: an acquisition that needs approval, and a founder (an inverse family)
/// with a merger (a symmetric one).
const ARTICLES: &[(&str, &str)] = &[
    (
        "halvion",
        "Der Chipkonzern Halvion übernimmt den Zulieferer Brenner Logistik AG. \
         Das Bundeskartellamt muss die Übernahme noch genehmigen.\n",
    ),
    (
        "oracle",
        "Oracle-Gründer Larry Ellison ist zufrieden. Der Softwarekonzern Oracle fusioniert mit \
         dem Chiphersteller Norvik Semiconductor.\n",
    ),
];

/// A partial gold of [`ARTICLES`]. It leaves out two facts the text states (the approval needed
/// for Brenner Logistik and Ellison's role), which are therefore spurious, and holds one fact the
/// text does not state (an approval already granted), which is therefore missed. The founder is
/// in reading order (person first) and the merger pair in reverse text order.
const PARTIAL_GOLD: &str = "\
# document\tfamily\tsubject\tobject\tpolarity
halvion\tacquisition\thalvion\tbrenner-logistik\t+
halvion\tapproval-required\tbundeskartellamt\thalvion\t+
halvion\tapproval\tbundeskartellamt\thalvion\t+
oracle\tfounder\tlarry-ellison\toracle\t+
oracle\tmerger\tnorvik-semiconductor\toracle\t+
";

fn build_articles(ws: &Workspace) {
    let dir = ws.path("articles");
    std::fs::create_dir(&dir).expect("articles dir");
    for (id, text) in ARTICLES {
        std::fs::write(dir.join(format!("{id}.txt")), text).expect("write article");
    }
    ws.ok(&["build", "articles", "--store", "store"]);
}

fn eval_json(ws: &Workspace, gold: &str, store: &str) -> serde_json::Value {
    let out = ws.ok(&["eval", "--gold", gold, "--store", store, "--format", "json"]);
    serde_json::from_str(&out).expect("eval JSON")
}

fn number(report: &serde_json::Value, path: &[&str]) -> f64 {
    let value = path.iter().fold(report, |v, key| &v[key]);
    value.as_f64().unwrap_or_else(|| panic!("{path:?} is not a number in {report:#}"))
}

fn strings(report: &serde_json::Value, key: &str) -> Vec<String> {
    let list = report[key].as_array().unwrap_or_else(|| panic!("{key} is not a list"));
    list.iter().map(|v| v.as_str().expect("string").to_string()).collect()
}

fn close(got: f64, expected: f64) -> bool {
    (got - expected).abs() < 1e-9
}

#[test]
fn partial_gold_gives_exact_precision_and_recall() {
    let ws = Workspace::new();
    build_articles(&ws);
    std::fs::write(ws.path("tiny.facts.tsv"), PARTIAL_GOLD).expect("write gold");
    let report = eval_json(&ws, "tiny.facts.tsv", "store");

    // Gold 5, predicted 6 (acquisition, two approvals required, founder, role, merger), 4 shared.
    let overall = |key: &str| number(&report, &["overall", key]);
    assert_eq!((overall("gold"), overall("predicted")), (5.0, 6.0), "{report:#}");
    assert_eq!((overall("correct_of_gold"), overall("correct_of_predicted")), (4.0, 4.0));
    let recall = overall("correct_of_gold") / overall("gold");
    let precision = overall("correct_of_predicted") / overall("predicted");
    assert!(close(overall("recall"), recall) && close(recall, 0.8), "{report:#}");
    assert!(close(overall("precision"), precision) && close(precision, 4.0 / 6.0));
    let f1 = 2.0 * precision * recall / (precision + recall);
    assert!(close(overall("f1"), f1), "{report:#}");

    // The inverse family is compared in reading order, the symmetric one in either order.
    assert_eq!(number(&report, &["by_family", "founder", "f1"]), 1.0, "{report:#}");
    assert_eq!(number(&report, &["by_family", "merger", "f1"]), 1.0, "{report:#}");
    assert_eq!(number(&report, &["by_family", "approval-required", "precision"]), 0.5);
    assert_eq!(number(&report, &["by_family", "approval", "recall"]), 0.0);
    assert_eq!(strings(&report, "missed"), ["halvion approval bundeskartellamt halvion +"]);
    assert_eq!(
        strings(&report, "spurious"),
        [
            "halvion approval-required bundeskartellamt brenner-logistik +",
            "oracle role larry-ellison oracle +",
        ]
    );

    let table = ws.ok(&["eval", "--gold", "tiny.facts.tsv", "--store", "store", "--verbose"]);
    let row = |name: &str| {
        table.lines().find(|l| l.starts_with(&format!("{name} "))).map(str::split_whitespace)
    };
    let overall_row: Vec<&str> = row("overall").expect("overall row").collect();
    assert_eq!(overall_row, ["overall", "5", "6", "0.667", "0.800", "0.727"], "{table}");
    assert!(row("founder").is_some(), "{table}");
    assert!(table.contains("missed   halvion approval bundeskartellamt halvion +"), "{table}");
    assert!(table.contains("spurious oracle role larry-ellison oracle +"), "{table}");
}

#[test]
fn malformed_fact_gold_fails_with_file_and_line() {
    let ws = Workspace::new();
    // Each bad line comes third, after a comment and a good line.
    let rows = [
        ("halvion\tacquisition\thalvion\tbrenner-logistik", "expected 5 tab-separated fields"),
        ("halvion\tbuyout\thalvion\tbrenner-logistik\t+", "unknown family \"buyout\""),
        ("halvion\tacquisition\thalvion\tbrenner-logistik\tyes", "polarity \"yes\""),
        ("halvion\tstatement\thalvion\tbrenner-logistik\t+", "has no object"),
        ("halvion\tacquisition\thalvion\t-\t+", "needs an object"),
    ];
    for (bad, message) in rows {
        let text = format!("# gold\nhalvion\tacquisition\thalvion\tbrenner-logistik\t+\n{bad}\n");
        std::fs::write(ws.path("bad.facts.tsv"), text).expect("write gold");
        let output = ws.run(&["eval", "--gold", "bad.facts.tsv", "--store", "store"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{bad:?}: {stderr}");
        assert!(stderr.contains("bad.facts.tsv:3: "), "{bad:?}: {stderr}");
        assert!(stderr.contains(message), "{bad:?}: expected {message:?} in {stderr}");
        assert!(output.stdout.is_empty(), "{bad:?}: no report on a bad gold file");
    }
}

#[test]
fn fact_gold_naming_a_document_not_in_the_store_fails() {
    let ws = Workspace::new();
    build_articles(&ws);
    let gold = "halvion\tacquisition\thalvion\tbrenner-logistik\t+\n\
                # the store holds halvion and oracle only\n\
                elsewhere\tacquisition\thalvion\tbrenner-logistik\t+\n";
    std::fs::write(ws.path("missing.facts.tsv"), gold).expect("write gold");
    let output = ws.run(&["eval", "--gold", "missing.facts.tsv", "--store", "store"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("missing.facts.tsv:3: document \"elsewhere\" is not in the store"),
        "{stderr}"
    );
}

fn assert_fact_f1(ws: &Workspace, gold: &str, minimum: f64) {
    let path = repo().join("tests/gold").join(gold);
    let report = eval_json(ws, path.to_str().expect("utf-8 path"), "store");
    let f1 = number(&report, &["overall", "f1"]);
    assert!(f1 >= minimum, "{gold}: fact F1 {f1:.3} < {minimum}: {report:#}");
}

#[test]
fn seed_facts_score_at_least_085() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    assert_fact_f1(&ws, "seeds.facts.tsv", 0.85);
}

#[test]
fn deal_facts_score_at_least_070_on_paragraphs_annotated_before_tuning() {
    let ws = Workspace::new();
    let deals = repo().join("tests/fixtures/deals");
    ws.ok(&["build", deals.to_str().expect("utf-8 path"), "--store", "store"]);
    assert_fact_f1(&ws, "deals.facts.tsv", 0.70);
}
