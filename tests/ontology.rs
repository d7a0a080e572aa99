//! The vocabulary file `ontology/newsgraph.ttl` is a complete ontology for what a build writes:
//! it loads in rdflib, declares every predicate and class of the built graph with English and
//! German labels and a comment, gives our properties domains and ranges, aligns to the standard
//! vocabularies, and describes external terms without redefining them.

mod common;

use std::path::{Path, PathBuf};

use common::{Workspace, python, repo};

fn ontology() -> PathBuf {
    repo().join("ontology").join("newsgraph.ttl")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Python helpers shared by the checks: the ontology graph and what "declared" means.
const PRELUDE: &str = r#"
import sys, rdflib
from rdflib.namespace import RDF, RDFS, OWL, XSD
NG = "https://w3id.org/newsgraph/ns#"
onto = rdflib.Graph().parse(sys.argv[1], format="turtle")

def labels(term, lang):
    return [l for l in onto.objects(term, RDFS.label) if getattr(l, "language", None) == lang]

def undeclared(term):
    """What a declaration of term lacks: English and German labels, a comment."""
    missing = []
    if not labels(term, "en"): missing.append("rdfs:label@en")
    if not labels(term, "de"): missing.append("rdfs:label@de")
    if (term, RDFS.comment, None) not in onto: missing.append("rdfs:comment")
    return missing
"#;

fn run_check(check: &str, args: &[&str]) -> String {
    let script = format!("{PRELUDE}\n{check}");
    let mut all = vec![path_str_owned(&ontology())];
    all.extend(args.iter().map(|a| a.to_string()));
    let args: Vec<&str> = all.iter().map(String::as_str).collect();
    python(&script, &args)
}

fn path_str_owned(path: &Path) -> String {
    path_str(path).to_string()
}

#[test]
fn the_ontology_loads_in_rdflib_and_declares_its_own_terms() {
    let out = run_check(
        r#"
assert len(onto) > 500, len(onto)
assert not any(isinstance(t, rdflib.BNode) for triple in onto for t in triple), "blank nodes"
assert (rdflib.URIRef("https://w3id.org/newsgraph/ns"), RDF.type, OWL.Ontology) in onto
for term in sorted(set(onto.subjects()) | set(o for o in onto.objects() if isinstance(o, rdflib.URIRef))):
    if str(term).startswith(NG) and undeclared(term):
        print(term, *undeclared(term))
"#,
        &[],
    );
    assert!(out.trim().is_empty(), "newsgraph terms without labels or comment:\n{out}");
}

#[test]
fn every_predicate_and_class_of_the_seeds_graph_is_declared() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let nq = ws.path("seeds.nq");
    ws.ok(&["export", "--format", "nq", "--store", "store", "-o", path_str(&nq)]);
    let out = run_check(
        r#"
dataset = rdflib.Dataset()
dataset.parse(sys.argv[2], format="nquads")
vocabulary = rdflib.URIRef("https://w3id.org/newsgraph/id/graph/vocabulary")
# The vocabulary graph speaks RDF, RDFS and OWL about the terms; those language terms are not
# part of the data model. Everything else, in every graph, is.
language = (str(RDF), str(RDFS), str(OWL))
used = {}
for s, p, o, g in dataset.quads((None, None, None, None)):
    in_vocabulary = g == vocabulary
    def note(term, kind):
        if in_vocabulary and str(term).startswith(language):
            return
        used.setdefault(term, kind)
    if p == RDF.type:
        note(o, "class")
    else:
        note(p, "predicate")
print("count", len(used))
for term, kind in sorted(used.items()):
    if undeclared(term):
        print(kind, term, *undeclared(term))
"#,
        &[path_str(&nq)],
    );
    let mut lines = out.lines();
    let count: usize = lines
        .next()
        .and_then(|l| l.strip_prefix("count "))
        .and_then(|n| n.parse().ok())
        .expect("count line");
    assert!(count > 80, "only {count} predicates and classes in the seeds graph");
    let missing: Vec<&str> = lines.collect();
    assert!(
        missing.is_empty(),
        "used in the graph, not declared in newsgraph.ttl:\n{}",
        missing.join("\n")
    );
}

/// A property used on unrelated classes cannot name one domain without owl:unionOf (a blank
/// node, which the vocabulary graph does not allow); its comment says so.
const NO_DOMAIN: &[&str] = &[
    "confidence",
    "datePrecision",
    "recipient",
    "value",
    "seller",
    "theme",
    "share",
    "court",
    "status",
    "date",
    "deadline",
    "deadlinePrecision",
];

#[test]
fn newsgraph_properties_have_domains_and_ranges() {
    let out = run_check(
        r#"
no_domain = set(sys.argv[2].split(","))
def inherited(prop, predicate, seen=()):
    if (prop, predicate, None) in onto:
        return True
    return any(inherited(parent, predicate, seen + (prop,))
               for parent in onto.objects(prop, RDFS.subPropertyOf)
               if str(parent).startswith(NG) and parent not in seen)
for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
    for prop in sorted(onto.subjects(RDF.type, kind)):
        if not str(prop).startswith(NG):
            continue
        local = str(prop)[len(NG):]
        if not inherited(prop, RDFS.range):
            print(local, "has no rdfs:range")
        if local in no_domain:
            if "No domain" not in str(onto.value(prop, RDFS.comment)):
                print(local, "has no domain and its comment does not say why")
        elif not inherited(prop, RDFS.domain):
            print(local, "has no rdfs:domain")
"#,
        &[&NO_DOMAIN.join(",")],
    );
    assert!(out.trim().is_empty(), "{out}");
}

#[test]
fn external_terms_are_described_not_redefined() {
    let out = run_check(
        r#"
allowed = {RDF.type, RDFS.isDefinedBy, RDFS.label, RDFS.comment}
for s, p, o in sorted(onto):
    if isinstance(s, rdflib.URIRef) and not str(s).startswith(NG) and str(s) != NG[:-1]:
        if p not in allowed:
            print("asserts", p, "on", s)
        if p == RDF.type and (s, RDFS.isDefinedBy, None) not in onto:
            print(s, "has no rdfs:isDefinedBy")
"#,
        &[],
    );
    assert!(out.trim().is_empty(), "{out}");
}

#[test]
fn alignment_targets_are_declared_and_cover_the_standard_vocabularies() {
    let out = run_check(
        r#"
axioms = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
          OWL.inverseOf, OWL.sameAs, RDFS.domain, RDFS.range)
datatypes = (str(XSD), str(RDF.langString), str(RDFS.Literal))
namespaces = set()
for p in axioms:
    for s, o in onto.subject_objects(p):
        if str(o).startswith(datatypes):
            continue
        if undeclared(o):
            print("target", o, "of", p, "on", s, "lacks", *undeclared(o))
        if p not in (RDFS.domain, RDFS.range) and not str(o).startswith(NG):
            namespaces.add(str(o).rsplit('#', 1)[0] if '#' in str(o) else str(o).rsplit('/', 1)[0])
for expected in ("https://schema.org", "http://www.w3.org/ns/prov",
                 "http://www.w3.org/2004/02/skos/core", "http://www.w3.org/2006/time",
                 "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core"):
    if expected not in namespaces:
        print("no alignment to", expected, "in", sorted(namespaces))
"#,
        &[],
    );
    assert!(out.trim().is_empty(), "{out}");
}
