//! Graphviz output: a [`Diagram`] written as DOT, and DOT rendered to SVG.
//!
//! This is the only module that knows Graphviz: shapes, colours, attribute names, the escaping
//! rules of quoted strings, what the pure-Rust renderer (layout-rs) understands, and how to call
//! the system `dot`. [`crate::commands`] decides *what* to draw (which entities, relations and
//! events, with which labels) and hands over a [`Diagram`]; this module decides *how* it looks.
//!
//! We write DOT ourselves instead of using petgraph's `Dot` because that does not escape
//! attribute strings and its output may change between versions; the golden test pins ours.
//!
//! Choices for readability and stability:
//! - Left to right (`rankdir=LR`): relation labels are phrases ("made an offer for") that read
//!   along horizontal edges, and German/English labels are wider than tall.
//! - One shape and colour pair per entity category, light fills with dark borders and black text
//!   (contrast well above WCAG AA), so the diagram also reads in greyscale by shape: rounded box =
//!   organisation, double box = government body, ellipse = person, note = product, tab = place,
//!   folder = news medium. Events are small grey rounded boxes with smaller text, so entities
//!   stay the landmarks; role edges are thin and grey, relations dark, negated facts dashed red.
//! - Edge width grows with the number of supporting statements (capped), the exact counts are
//!   in the tooltip (an SVG `<title>`), so evidence is visible without cluttering labels.
//! - A legend cluster lists only the node and edge styles the diagram uses.
//! - Node ids are derived from the node's key (an IRI): `n_<slug of the last segment>` for
//!   entities, `e_…` for events, `l_…` for literals; when two keys share a last segment both
//!   take the last two segments, and what still collides gets `_2`, `_3`, … in key order. Nodes
//!   and edges are written sorted, so the same diagram always gives byte-identical DOT.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

use crate::knowledge::Category;
use crate::text::slug::slug;

/// A drawing: nodes and edges with their labels and kinds, independent of Graphviz syntax.
#[derive(Debug, Clone, Default)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub legend: Legend,
}

/// A node; `key` identifies it (an IRI) and is what edges refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub key: String,
    pub label: String,
    pub style: NodeStyle,
    /// Shown on hover in SVG; may contain newlines.
    pub tooltip: String,
}

/// An edge between two node keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
    pub style: EdgeStyle,
    /// How many statements support it: drawn as line width.
    pub support: usize,
    /// False for symmetric relations (competes with, merged with): drawn without arrow head.
    pub directed: bool,
    pub tooltip: String,
}

/// What kind of thing a node is, which decides its shape and colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeStyle {
    Entity(Category),
    /// An entity of unknown category.
    UnknownEntity,
    Event,
    /// Any other IRI (in diagrams of query results).
    Resource,
    Literal,
}

/// What kind of link an edge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeStyle {
    Relation,
    /// A fact the text denies.
    Negative,
    /// An event folded into one edge from its agent to its theme.
    Event,
    /// From an event node to an entity filling one of its roles.
    Role,
    /// A triple of a query result.
    Triple,
}

/// Legend captions, by style; only the styles the diagram uses are shown.
#[derive(Debug, Clone, Default)]
pub struct Legend {
    pub title: String,
    pub nodes: BTreeMap<NodeStyle, String>,
    pub edges: BTreeMap<EdgeStyle, String>,
}

/// Why a diagram could not be rendered to SVG.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "Graphviz `dot` was not found on the PATH (install Graphviz, or drop `--renderer dot` to \
         use the built-in renderer)"
    )]
    GraphvizMissing,
    #[error("Graphviz `dot` failed ({status}): {stderr}")]
    GraphvizFailed { status: String, stderr: String },
    #[error("running Graphviz `dot`: {0}")]
    Io(#[from] std::io::Error),
    #[error("built-in SVG renderer: {0}")]
    Builtin(String),
}

/// Who reads the DOT: Graphviz, or layout-rs, which understands a subset and escapes for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    Graphviz,
    LayoutRs,
}

/// The diagram as Graphviz DOT, sorted and byte-stable.
pub fn write_dot(diagram: &Diagram) -> String {
    write(diagram, Reader::Graphviz)
}

/// The diagram as SVG laid out by layout-rs, in-process and without a system Graphviz.
pub fn svg_builtin(diagram: &Diagram) -> Result<String, RenderError> {
    // layout-rs panics on a graph without nodes ("Sorting an empty graph"); a store without
    // entities still gets its (empty) picture.
    if diagram.nodes.is_empty() {
        return Ok(EMPTY_SVG.to_string());
    }
    let dot = write(diagram, Reader::LayoutRs);
    // layout-rs asserts and unwraps internally; a panic there must become an error, not an abort
    // of the whole command.
    std::panic::catch_unwind(|| {
        let mut parser = layout::gv::DotParser::new(&dot);
        let ast = parser.process()?;
        let mut builder = layout::gv::GraphBuilder::new();
        builder.visit_graph(&ast);
        let mut graph = builder.get();
        let mut svg = layout::backends::svg::SVGWriter::new();
        graph.do_it(false, false, false, &mut svg);
        Ok::<_, String>(svg.finalize())
    })
    .map_err(|_| RenderError::Builtin("the layout engine crashed".into()))?
    .map(|svg| sort_style_block(&svg))
    .map_err(RenderError::Builtin)
}

/// The built-in renderer's picture of a diagram without nodes.
const EMPTY_SVG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\
                         <svg width=\"8\" height=\"8\" viewBox=\"0 0 8 8\" \
                         xmlns=\"http://www.w3.org/2000/svg\"></svg>\n";

/// layout-rs writes its font classes from a HashMap, in a different order on every run; sorted,
/// the same diagram gives the same SVG bytes.
fn sort_style_block(svg: &str) -> String {
    let (Some(start), Some(end)) = (svg.find("<style>\n"), svg.find("</style>")) else {
        return svg.to_string();
    };
    let start = start + "<style>\n".len();
    if end < start {
        return svg.to_string();
    }
    let mut rules: Vec<&str> = svg[start..end].lines().collect();
    rules.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..start]);
    for rule in rules {
        out.push_str(rule);
        out.push('\n');
    }
    out.push_str(&svg[end..]);
    out
}

/// The diagram as SVG laid out by the system's Graphviz `dot -Tsvg`.
pub fn svg_graphviz(diagram: &Diagram) -> Result<String, RenderError> {
    let dot = write_dot(diagram);
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(RenderError::GraphvizMissing);
        }
        Err(e) => return Err(e.into()),
    };
    // Feed stdin from a thread: `dot` may start writing before it has read everything.
    let mut stdin = child.stdin.take().ok_or_else(|| std::io::Error::other("no stdin pipe"))?;
    let feeder = std::thread::spawn(move || stdin.write_all(dot.as_bytes()));
    let output = child.wait_with_output()?;
    feeder.join().map_err(|_| std::io::Error::other("writing to `dot` failed"))??;
    if !output.status.success() {
        return Err(RenderError::GraphvizFailed {
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    String::from_utf8(output.stdout).map_err(|e| RenderError::Builtin(e.to_string()))
}

/// A DOT quoted string. Graphviz reads `\"` as a quote and then interprets escapes in labels
/// (`\n` a centred line break, `\\` a backslash, `\N` the node name, …), so backslashes are
/// doubled; `&` is written as an entity because Graphviz passes entities like `&amp;` through to
/// SVG verbatim. Control characters other than newline and tab would break the line-oriented
/// syntax or draw as garbage: tabs become spaces, the rest is dropped, and so are U+FFFE and
/// U+FFFF, which both renderers would copy into the SVG where XML forbids them. Everything else
/// (umlauts, angle brackets) stays as UTF-8: inside a quoted string `<` and `>` have no meaning.
fn quote(text: &str, reader: Reader) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            // layout-rs escapes for SVG itself; an entity would show up literally there.
            '&' if reader == Reader::Graphviz => out.push_str("&amp;"),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Graphviz attributes of a node style: shape, fill, border, and extras.
fn node_attributes(style: NodeStyle) -> Vec<(&'static str, &'static str)> {
    let (shape, fill, border) = node_look(style);
    let mut attributes = vec![("shape", shape), ("fillcolor", fill), ("color", border)];
    match style {
        NodeStyle::Entity(Category::Organization) => attributes.push(("style", "rounded,filled")),
        // A double border: public bodies stand out from companies of the same colour family.
        NodeStyle::Entity(Category::Government) => {
            attributes.extend([("style", "filled"), ("peripheries", "2")]);
        }
        NodeStyle::Event => attributes.extend([
            ("style", "rounded,filled"),
            ("fontsize", "9"),
            ("height", "0.3"),
            ("margin", "0.06,0.02"),
        ]),
        NodeStyle::Literal => attributes.push(("style", "dashed,filled")),
        _ => attributes.push(("style", "filled")),
    }
    attributes
}

/// Shape, fill and border colour of a node style.
fn node_look(style: NodeStyle) -> (&'static str, &'static str, &'static str) {
    match style {
        NodeStyle::Entity(Category::Organization) => ("box", "#dae8fc", "#1f4e79"),
        NodeStyle::Entity(Category::Government) => ("box", "#d5e8d4", "#2d6a2d"),
        NodeStyle::Entity(Category::Person) => ("ellipse", "#ffe6cc", "#9c4a00"),
        NodeStyle::Entity(Category::Product) => ("note", "#fff2cc", "#7f6000"),
        NodeStyle::Entity(Category::Place) => ("tab", "#e1d5e7", "#5b3a75"),
        NodeStyle::Entity(Category::Media) => ("folder", "#f8cecc", "#8b1a1a"),
        NodeStyle::UnknownEntity => ("box", "#ffffff", "#404040"),
        NodeStyle::Event => ("box", "#eeeeee", "#7f7f7f"),
        NodeStyle::Resource => ("ellipse", "#ffffff", "#555555"),
        NodeStyle::Literal => ("box", "#fafafa", "#999999"),
    }
}

/// Graphviz attributes of an edge style.
fn edge_attributes(style: EdgeStyle) -> Vec<(&'static str, &'static str)> {
    match style {
        EdgeStyle::Relation => vec![("color", "#333333"), ("fontcolor", "#333333")],
        EdgeStyle::Negative => {
            vec![("color", "#b22222"), ("fontcolor", "#b22222"), ("style", "dashed")]
        }
        EdgeStyle::Event => vec![("color", "#1f4e79"), ("fontcolor", "#1f4e79")],
        EdgeStyle::Role => vec![
            ("color", "#8c8c8c"),
            ("fontcolor", "#595959"),
            ("fontsize", "8"),
            ("arrowsize", "0.5"),
        ],
        EdgeStyle::Triple => vec![("color", "#333333"), ("fontcolor", "#333333")],
    }
}

/// Line width for the number of supporting statements: 1 for one, +0.5 each up to 3.
fn pen_width(support: usize) -> String {
    let extra = support.saturating_sub(1).min(4);
    format!("{:.1}", 1.0 + 0.5 * extra as f64)
}

/// `[a=…, b=…]` with every value quoted.
fn attribute_list(attributes: &[(&str, String)], reader: Reader) -> String {
    let inner: Vec<String> =
        attributes.iter().map(|(name, value)| format!("{name}={}", quote(value, reader))).collect();
    format!("[{}]", inner.join(", "))
}

fn write(diagram: &Diagram, reader: Reader) -> String {
    let ids = node_ids(&diagram.nodes);
    let mut out = String::new();
    out.push_str("// newsgraph diagram: entities, relations and events (generated)\n");
    out.push_str("digraph newsgraph {\n");
    match reader {
        Reader::Graphviz => {
            out.push_str(
                "  graph [rankdir=LR, charset=\"UTF-8\", fontname=\"Helvetica\", fontsize=10, \
                 nodesep=0.25, ranksep=0.6, pad=0.2];\n",
            );
            out.push_str(
                "  node [fontname=\"Helvetica\", fontsize=11, margin=\"0.12,0.05\", \
                 penwidth=1.2];\n",
            );
            out.push_str("  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n");
        }
        // layout-rs reads integer sizes only and ignores fonts.
        Reader::LayoutRs => {
            out.push_str("  graph [rankdir=LR];\n");
            out.push_str("  node [fontsize=12];\n");
            out.push_str("  edge [fontsize=10];\n");
        }
    }
    write_legend(&mut out, diagram, reader);

    let mut nodes: Vec<(&str, &Node)> =
        diagram.nodes.iter().filter_map(|n| Some((ids.get(n.key.as_str())?.as_str(), n))).collect();
    nodes.sort_by(|a, b| a.0.cmp(b.0));
    nodes.dedup_by(|a, b| a.0 == b.0);
    for (id, node) in nodes {
        let mut attributes = vec![("label", node.label.clone())];
        attributes.extend(styled_node(node.style, reader));
        if reader == Reader::Graphviz {
            attributes.push(("tooltip", node.tooltip.clone()));
            attributes.push(("class", node_class(node.style)));
        }
        out.push_str(&format!("  {id} {};\n", attribute_list(&attributes, reader)));
    }

    let mut edges: Vec<(&str, &str, &Edge)> = diagram
        .edges
        .iter()
        .filter_map(|e| {
            Some((ids.get(e.from.as_str())?.as_str(), ids.get(e.to.as_str())?.as_str(), e))
        })
        .collect();
    edges.sort_by(|a, b| {
        (a.0, a.1, &a.2.label, a.2.style, &a.2.tooltip).cmp(&(
            b.0,
            b.1,
            &b.2.label,
            b.2.style,
            &b.2.tooltip,
        ))
    });
    for (from, to, edge) in edges {
        let mut attributes = vec![("label", edge.label.clone())];
        attributes.extend(styled_edge(edge.style, reader));
        match reader {
            Reader::Graphviz => {
                if edge.style != EdgeStyle::Role {
                    attributes.push(("penwidth", pen_width(edge.support)));
                }
                if !edge.directed {
                    attributes.push(("dir", "none".to_string()));
                }
                attributes.push(("tooltip", edge.tooltip.clone()));
                // Graphviz shows an edge's tooltip only on the line; the label should say it too.
                attributes.push(("labeltooltip", edge.tooltip.clone()));
            }
            Reader::LayoutRs => {
                if edge.support > 2 {
                    attributes.push(("penwidth", "2".to_string()));
                }
            }
        }
        out.push_str(&format!("  {from} -> {to} {};\n", attribute_list(&attributes, reader)));
    }
    out.push_str("}\n");
    out
}

/// A node style's attributes as the reader understands them.
fn styled_node(style: NodeStyle, reader: Reader) -> Vec<(&'static str, String)> {
    match reader {
        Reader::Graphviz => {
            node_attributes(style).into_iter().map(|(k, v)| (k, v.to_string())).collect()
        }
        // layout-rs knows box, circle, doublecircle and records, and sizes circles by the
        // longest label, so every node is a box; colours carry the category.
        Reader::LayoutRs => {
            let (_, fill, border) = node_look(style);
            let mut attributes = vec![
                ("shape", "box".to_string()),
                ("fillcolor", fill.to_string()),
                ("color", border.to_string()),
            ];
            if style == NodeStyle::Event {
                attributes.push(("fontsize", "10".to_string()));
            }
            attributes
        }
    }
}

/// An edge style's attributes as the reader understands them.
fn styled_edge(style: EdgeStyle, reader: Reader) -> Vec<(&'static str, String)> {
    let attributes = edge_attributes(style);
    let understood: &[&str] = match reader {
        Reader::Graphviz => &["color", "fontcolor", "style", "fontsize", "arrowsize"],
        // layout-rs reads color, style=dashed, integer fontsize and penwidth, and label.
        Reader::LayoutRs => &["color", "style", "fontsize"],
    };
    attributes
        .into_iter()
        .filter(|(k, _)| understood.contains(k))
        .map(|(k, v)| (k, v.to_string()))
        .collect()
}

/// The SVG class of a node (Graphviz copies `class` into the SVG), for CSS and tests.
fn node_class(style: NodeStyle) -> String {
    match style {
        NodeStyle::Entity(category) => format!("entity {}", category.name().to_lowercase()),
        NodeStyle::UnknownEntity => "entity".into(),
        NodeStyle::Event => "event".into(),
        NodeStyle::Resource => "resource".into(),
        NodeStyle::Literal => "literal".into(),
    }
}

/// The legend: one sample node per node style used, one sample edge per edge style used.
fn write_legend(out: &mut String, diagram: &Diagram, reader: Reader) {
    let node_styles: BTreeSet<NodeStyle> = diagram.nodes.iter().map(|n| n.style).collect();
    let edge_styles: BTreeSet<EdgeStyle> = diagram.edges.iter().map(|e| e.style).collect();
    let nodes: Vec<(NodeStyle, &String)> =
        node_styles.iter().filter_map(|s| Some((*s, diagram.legend.nodes.get(s)?))).collect();
    let edges: Vec<(EdgeStyle, &String)> =
        edge_styles.iter().filter_map(|s| Some((*s, diagram.legend.edges.get(s)?))).collect();
    if nodes.is_empty() && edges.is_empty() {
        return;
    }
    match reader {
        Reader::Graphviz => {
            out.push_str("  subgraph cluster_legend {\n");
            out.push_str(&format!(
                "    graph [label={}, labeljust=l, style=\"rounded\", color=\"#999999\", \
                 fontsize=10];\n",
                quote(&diagram.legend.title, reader)
            ));
            out.push_str("    node [fontsize=9];\n");
            for (i, (style, caption)) in nodes.iter().enumerate() {
                let mut attributes = vec![("label", (*caption).clone())];
                attributes.extend(styled_node(*style, reader));
                attributes.push(("tooltip", (*caption).clone()));
                out.push_str(&format!(
                    "    legend_node_{i} {};\n",
                    attribute_list(&attributes, reader)
                ));
                // Invisible links lay the samples out in one row instead of a tall column.
                if i > 0 {
                    out.push_str(&format!(
                        "    legend_node_{} -> legend_node_{i} [style=invis];\n",
                        i - 1
                    ));
                }
            }
            for (i, (style, caption)) in edges.iter().enumerate() {
                let point = "[shape=point, width=0.05, color=\"#999999\"]";
                out.push_str(&format!("    legend_edge_{i}_from {point};\n"));
                out.push_str(&format!("    legend_edge_{i}_to {point};\n"));
                let mut attributes = vec![("label", (*caption).clone())];
                attributes.extend(styled_edge(*style, reader));
                if *style != EdgeStyle::Role {
                    attributes.push(("penwidth", pen_width(1)));
                }
                out.push_str(&format!(
                    "    legend_edge_{i}_from -> legend_edge_{i}_to {};\n",
                    attribute_list(&attributes, reader)
                ));
            }
            out.push_str("  }\n");
        }
        // layout-rs draws no clusters, no point shapes and no invisible edges: the legend is a
        // column of samples hanging off a title node, tied to it by white (unseen) edges for
        // the node styles and by sample edges for the edge styles.
        Reader::LayoutRs => {
            let title = [("label", diagram.legend.title.clone()), ("shape", "box".into())];
            out.push_str(&format!("  legend {};\n", attribute_list(&title, reader)));
            for (i, (style, caption)) in nodes.iter().enumerate() {
                let mut attributes = vec![("label", (*caption).clone())];
                attributes.extend(styled_node(*style, reader));
                out.push_str(&format!(
                    "  legend_node_{i} {};\n",
                    attribute_list(&attributes, reader)
                ));
                out.push_str(&format!("  legend -> legend_node_{i} [color=\"white\"];\n"));
            }
            for (i, (style, caption)) in edges.iter().enumerate() {
                let sample = [("label", String::new()), ("shape", "box".into())];
                out.push_str(&format!("  legend_edge_{i} {};\n", attribute_list(&sample, reader)));
                let mut attributes = vec![("label", (*caption).clone())];
                attributes.extend(styled_edge(*style, reader));
                out.push_str(&format!(
                    "  legend -> legend_edge_{i} {};\n",
                    attribute_list(&attributes, reader)
                ));
            }
        }
    }
}

/// Stable, unique DOT identifiers for the nodes, by key (see the module doc).
fn node_ids(nodes: &[Node]) -> BTreeMap<&str, String> {
    let mut keys: Vec<(&str, NodeStyle)> =
        nodes.iter().map(|n| (n.key.as_str(), n.style)).collect();
    keys.sort();
    keys.dedup_by(|a, b| a.0 == b.0);
    let prefix = |style: NodeStyle| match style {
        NodeStyle::Event => "e",
        NodeStyle::Literal => "l",
        _ => "n",
    };
    let candidate = |key: &str, style: NodeStyle, segments: usize| {
        format!("{}_{}", prefix(style), identifier(&last_segments(key, segments)))
    };
    let mut shared: BTreeMap<String, usize> = BTreeMap::new();
    for (key, style) in &keys {
        *shared.entry(candidate(key, *style, 1)).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut ids = BTreeMap::new();
    for (key, style) in keys {
        let short = candidate(key, style, 1);
        let mut id = if shared.get(&short).copied().unwrap_or(0) > 1 {
            candidate(key, style, 2)
        } else {
            short
        };
        if taken.contains(&id) {
            let base = id.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
        }
        taken.insert(id.clone());
        ids.insert(key, id);
    }
    ids
}

/// The last `n` path segments of an IRI (or of any key), joined by '/'.
fn last_segments(key: &str, n: usize) -> String {
    let segments: Vec<&str> = key.split(['/', '#', ':']).filter(|s| !s.is_empty()).collect();
    let start = segments.len().saturating_sub(n);
    segments[start..].join("/")
}

/// A DOT identifier body: a lower-case ASCII slug with '_' between words, at most 48 bytes.
fn identifier(text: &str) -> String {
    let mut id = slug(text).replace('-', "_");
    // Slugs are ASCII, so any byte offset is a char boundary.
    id.truncate(48);
    let id = id.trim_end_matches('_').to_string();
    if id.is_empty() { "x".into() } else { id }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(key: &str, label: &str, style: NodeStyle) -> Node {
        Node { key: key.into(), label: label.into(), style, tooltip: label.into() }
    }

    fn edge(from: &str, to: &str, label: &str) -> Edge {
        Edge {
            from: from.into(),
            to: to.into(),
            label: label.into(),
            style: EdgeStyle::Relation,
            support: 1,
            directed: true,
            tooltip: label.into(),
        }
    }

    /// The labels every escaping rule is checked against: quotes, backslashes (also trailing,
    /// and before letters that Graphviz would read as escapes), angle brackets, ampersands,
    /// umlauts, newlines, tabs and other control characters.
    pub const TRICKY: &str = "Zeile 1\nA \"B\" <C> \\ Ö & \\N \\l\t\u{7}ende\\";

    #[test]
    fn quoting_escapes_what_graphviz_reads_specially() {
        for (text, expected) in [
            ("plain", r#""plain""#),
            ("Müller & Söhne", r#""Müller &amp; Söhne""#),
            ("say \"hi\"", r#""say \"hi\"""#),
            ("a\\b", r#""a\\b""#),
            ("trailing\\", r#""trailing\\""#),
            ("<b>bold</b>", r#""<b>bold</b>""#),
            ("two\nlines", r#""two\nlines""#),
            ("tab\there", r#""tab here""#),
            ("bell\u{7}\r\u{1b}", r#""bell""#),
            ("\\N", r#""\\N""#),
        ] {
            assert_eq!(quote(text, Reader::Graphviz), expected, "{text:?}");
        }
        assert_eq!(quote("A & B", Reader::LayoutRs), r#""A & B""#);
    }

    #[test]
    fn ids_are_slugs_made_unique_deterministically() {
        let nodes = vec![
            node("https://x/id/entity/oracle", "Oracle", NodeStyle::Entity(Category::Organization)),
            node("https://x/id/event/offer/oracle--tiktok", "offer", NodeStyle::Event),
            node("https://x/id/event/acquisition/oracle--tiktok", "acq", NodeStyle::Event),
            node("https://x/a/Ö", "Ö", NodeStyle::Resource),
            node("https://x/b/Ö", "Ö", NodeStyle::Resource),
            node("https://x/b/oe", "oe", NodeStyle::Resource),
            node("", "empty", NodeStyle::Resource),
        ];
        let ids = node_ids(&nodes);
        assert_eq!(ids["https://x/id/entity/oracle"], "n_oracle");
        assert_eq!(ids["https://x/id/event/offer/oracle--tiktok"], "e_offer_oracle_tiktok");
        assert_eq!(
            ids["https://x/id/event/acquisition/oracle--tiktok"],
            "e_acquisition_oracle_tiktok"
        );
        assert_eq!(ids["https://x/a/Ö"], "n_a_oe");
        // Same slug: the key that sorts first ('o' < 'Ö' in UTF-8) keeps the plain id.
        assert_eq!(ids["https://x/b/oe"], "n_b_oe");
        assert_eq!(ids["https://x/b/Ö"], "n_b_oe_2");
        assert_eq!(ids[""], "n_x");
        let mut reversed = nodes.clone();
        reversed.reverse();
        assert_eq!(node_ids(&reversed), ids, "ids do not depend on input order");
    }

    /// A diagram whose every label, tooltip and legend caption is [`TRICKY`].
    pub fn tricky_diagram() -> Diagram {
        let style = NodeStyle::Entity(Category::Person);
        let mut legend = Legend { title: TRICKY.into(), ..Legend::default() };
        legend.nodes.insert(style, TRICKY.into());
        legend.edges.insert(EdgeStyle::Relation, TRICKY.into());
        Diagram {
            nodes: vec![node("urn:a", TRICKY, style), node("urn:b", "B", style)],
            edges: vec![edge("urn:a", "urn:b", TRICKY)],
            legend,
        }
    }

    #[test]
    fn output_is_sorted_and_independent_of_input_order() {
        let style = NodeStyle::Entity(Category::Organization);
        let mut diagram = Diagram {
            nodes: vec![node("urn:z", "Z", style), node("urn:a", "A", style)],
            edges: vec![edge("urn:z", "urn:a", "r"), edge("urn:a", "urn:z", "r")],
            legend: Legend::default(),
        };
        let first = write_dot(&diagram);
        diagram.nodes.reverse();
        diagram.edges.reverse();
        assert_eq!(write_dot(&diagram), first);
        let a = first.find("  n_a [").expect("node a");
        let z = first.find("  n_z [").expect("node z");
        assert!(a < z, "{first}");
    }

    #[test]
    fn tricky_labels_stay_inside_their_quotes() {
        let dot = write_dot(&tricky_diagram());
        // Every statement line ends its attribute list: no label broke out of its string.
        for line in dot.lines().filter(|l| l.contains("label=")) {
            assert!(line.trim_end().ends_with("];"), "{line}");
        }
        assert!(dot.contains(r#"label="Zeile 1\nA \"B\" <C> \\ Ö &amp; \\N \\l ende\\""#), "{dot}");
        assert!(!dot.contains('\u{7}'));
    }

    #[test]
    fn graphviz_accepts_tricky_labels() {
        // Graphviz is an optional tool for unit tests; the integration tests require it.
        let svg = match svg_graphviz(&tricky_diagram()) {
            Err(RenderError::GraphvizMissing) => return,
            result => result.expect("dot renders"),
        };
        assert!(svg.contains("A &quot;B&quot; &lt;C&gt; \\ Ö &amp; \\N \\l ende\\"), "{svg}");
    }

    #[test]
    fn builtin_svg_is_byte_stable() {
        let first = svg_builtin(&tricky_diagram()).expect("layout-rs renders");
        for _ in 0..5 {
            assert_eq!(svg_builtin(&tricky_diagram()).expect("layout-rs renders"), first);
        }
    }

    #[test]
    fn builtin_renderer_draws_tricky_labels() {
        let svg = svg_builtin(&tricky_diagram()).expect("layout-rs renders");
        assert!(svg.contains("A &quot;B&quot; &lt;C&gt; \\ Ö &amp; \\N \\l ende\\"), "{svg}");
    }
}
