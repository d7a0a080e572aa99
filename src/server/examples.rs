//! The shipped competency queries (`queries/*.rq`), compiled in as the query page's examples.
//!
//! `tests/serve.rs` checks that every file in `queries/` is listed here.

/// (name, SPARQL text), in the order the page lists them.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("acquisitions", include_str!("../../queries/acquisitions.rq")),
    ("approvals", include_str!("../../queries/approvals.rq")),
    ("documents", include_str!("../../queries/documents.rq")),
    ("entities", include_str!("../../queries/entities.rq")),
    ("evidence", include_str!("../../queries/evidence.rq")),
    ("founders", include_str!("../../queries/founders.rq")),
    ("government-actions", include_str!("../../queries/government-actions.rq")),
    ("lawsuits", include_str!("../../queries/lawsuits.rq")),
    ("mentions", include_str!("../../queries/mentions.rq")),
    ("mergers", include_str!("../../queries/mergers.rq")),
    ("offers", include_str!("../../queries/offers.rq")),
    ("ownership", include_str!("../../queries/ownership.rq")),
    ("partnerships", include_str!("../../queries/partnerships.rq")),
    ("precedents", include_str!("../../queries/precedents.rq")),
    ("rejections", include_str!("../../queries/rejections.rq")),
    ("roles", include_str!("../../queries/roles.rq")),
    ("statements", include_str!("../../queries/statements.rq")),
    ("support", include_str!("../../queries/support.rq")),
    ("timeline", include_str!("../../queries/timeline.rq")),
];

/// The question a query answers: its opening comment up to the first question mark.
pub fn title(sparql: &str) -> String {
    let mut text = String::new();
    for line in sparql.lines().map(str::trim).take_while(|l| l.starts_with('#')).take(3) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line.trim_start_matches('#').trim());
        if let Some(end) = text.find('?') {
            text.truncate(end + 1);
            break;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{EXAMPLES, title};

    #[test]
    fn every_example_asks_a_question() {
        for (name, sparql) in EXAMPLES {
            assert!(title(sparql).ends_with('?'), "{name}: {:?}", title(sparql));
        }
        assert_eq!(title("# Who?\n# More.\nSELECT"), "Who?");
        assert_eq!(title("# Which bans and\n# when? Rows.\nSELECT"), "Which bans and when?");
    }
}
