//! Every input form against the same article as a text file: a JSON Lines export with its own
//! field names, an HTML page with heavy boilerplate, an Atom and an RSS feed, a WARC archive of
//! three pages, and standard input must each give the text file's facts, with their metadata in
//! the graph. The tests write every input themselves, from the seed articles' paragraphs.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Workspace, query_path, repo, value};

/// A seed article's paragraphs, without its first (a teaser with a photo credit or the header
/// date); the last ends with the credit trailer that dates it.
fn paragraphs(seed: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("seeds").join(seed)).expect("seed article");
    text.split("\n\n").skip(1).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

const OFFER: &str = "003_4b787456bdec2b56.txt";
const LOST: &str = "004_1e5a82cf51b8f3c3.txt";
const PARTNER: &str = "002_01b988951eb231e9.txt";

/// The article as a text file reads it: paragraphs separated by blank lines.
fn text_of(paragraphs: &[String]) -> String {
    paragraphs.join("\n\n")
}

/// A paragraph too short to be one, without a sentence end: a subheading.
fn is_heading(paragraph: &str) -> bool {
    paragraph.chars().count() < 60 && !paragraph.ends_with(['.', '"', ')'])
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The article's body as HTML: paragraphs and subheadings.
fn body_html(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| {
            let tag = if is_heading(p) { "h2" } else { "p" };
            format!("<{tag}>{}</{tag}>\n", escape_html(p))
        })
        .collect()
}

/// Words of the boilerplate around the article on the page: none may reach the text.
const BOILERPLATE: &[&str] =
    &["Cookies", "akzeptieren", "Startseite", "Mehr zum Thema", "Leser123", "Impressum", "Abo"];

/// A news page as sites serve them: cookie banner, navigation, the article with its byline,
/// a teaser box, comments and a footer; metadata in `<title>`, Open Graph, a canonical link and
/// schema.org JSON-LD.
fn page(headline: &str, url: &str, paragraphs: &[String]) -> String {
    let comment = "Leser123 schrieb am Dienstag: Das ist doch alles nur Theater, Microsoft hätte \
                   die App einfach kaufen sollen, und Oracle ist der falsche Partner für so eine \
                   Plattform, finde ich jedenfalls. Mal sehen, was der Präsident noch sagt.";
    format!(
        r#"<!DOCTYPE html>
<html lang="de-DE"><head><meta charset="utf-8">
<title>{headline} | Tagesblatt</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Tagesblatt">
<meta property="og:title" content="{headline}">
<meta property="article:published_time" content="2020-09-15T10:00:00+02:00">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{headline}", "datePublished": "2020-09-15T10:00:00+02:00",
 "author": {{"@type": "Person", "name": "Anna Berg"}},
 "publisher": {{"@type": "Organization", "name": "Tagesblatt"}}}}</script>
<style>.nav {{ display: flex; }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent banner"><p>Wir verwenden Cookies, um Ihnen das
beste Nutzungserlebnis zu bieten. Mit dem Klick auf „Alle akzeptieren“ stimmen Sie zu.</p>
<button>Alle akzeptieren</button></div>
<header class="site-header"><a href="/">Startseite</a>
<nav class="nav menu"><ul><li><a href="/politik">Politik</a></li><li><a href="/wirtschaft">
Wirtschaft</a></li><li><a href="/digital">Digital</a></li><li><a href="/abo">Abo</a></li></ul>
</nav></header>
<main><article class="article">
<h1>{headline}</h1>
<p class="byline">Von Anna Berg</p>
{body}</article>
<aside class="teaser related sidebar"><h3>Mehr zum Thema</h3><ul>
<li><a href="/a">Walmart steigt bei Flipkart ein</a></li>
<li><a href="/b">Microsoft kauft Github</a></li></ul></aside>
<section id="comments" class="comments"><h3>Kommentare</h3>
<div class="comment"><p>{comment}</p></div></section>
</main>
<footer class="footer"><p>© 2020 Tagesblatt · Impressum · Datenschutz · Abo</p></footer>
<script>window.tracking = true;</script>
</body></html>
"#,
        body = body_html(paragraphs),
    )
}

/// A WARC record (CRLF header lines, Content-Length, two CRLF after the block).
fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\n\
         WARC-Date: 2020-09-15T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

/// A crawl of `pages` (URL, HTML): a warcinfo record, then a request and a response per page.
fn warc(pages: &[(String, String)]) -> Vec<u8> {
    let info = "software: newsgraph tests\r\nformat: WARC File Format 1.0\r\n";
    let mut archive = warc_record("warcinfo", "", info.as_bytes());
    for (url, html) in pages {
        let request = format!("GET {url} HTTP/1.1\r\nHost: example.de\r\n\r\n");
        archive.extend(warc_record("request", url, request.as_bytes()));
        let response = [
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n".as_slice(),
            html.as_bytes(),
        ]
        .concat();
        archive.extend(warc_record("response", url, &response));
    }
    archive
}

/// The facts of document `id` as evidence.rq lists them, without the columns that name the
/// document or its statement node: what must be equal between two forms of one article.
fn facts(ws: &Workspace, store: &str, id: &str) -> Vec<BTreeMap<String, String>> {
    let bind = format!("document={id}");
    let rows = ws.query_json_bound(store, &query_path("evidence.rq"), &[&bind]);
    let mut rows: Vec<BTreeMap<String, String>> = rows
        .iter()
        .map(|row| {
            (row.keys())
                .filter(|var| !matches!(var.as_str(), "document" | "statement"))
                .map(|var| (var.clone(), value(row, var).to_string()))
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// The columns of documents.rq.
const DOCUMENT_COLUMNS: &[&str] =
    &["document", "date", "author", "sources", "sentences", "headline", "url", "publisher"];

/// The documents.rq rows by document id, every column present ("" when unbound).
fn documents(ws: &Workspace, store: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let rows = ws.query_json(store, &query_path("documents.rq"));
    rows.iter()
        .map(|row| {
            let fields =
                DOCUMENT_COLUMNS.iter().map(|c| (c.to_string(), value(row, c).to_string()));
            (value(row, "document").to_string(), fields.collect())
        })
        .collect()
}

/// The id of the one document whose row has `column` = `wanted`.
fn id_where(
    docs: &BTreeMap<String, BTreeMap<String, String>>,
    column: &str,
    wanted: &str,
) -> String {
    let ids: Vec<&String> =
        docs.iter().filter(|(_, row)| row[column] == wanted).map(|(id, _)| id).collect();
    assert_eq!(ids.len(), 1, "one document with {column} = {wanted}: {docs:#?}");
    ids[0].clone()
}

/// Rows of a SELECT query written for the test.
fn select(ws: &Workspace, store: &str, sparql: &str) -> Vec<BTreeMap<String, String>> {
    let file = ws.query_file("q.rq", sparql);
    ws.query_json(store, &file)
        .iter()
        .map(|row| row.keys().map(|k| (k.clone(), value(row, k).to_string())).collect())
        .collect()
}

/// The text stored as a document's NIF context: the text its offsets count.
fn stored_text(ws: &Workspace, store: &str, id: &str) -> String {
    let rows = select(
        ws,
        store,
        &format!(
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n\
             PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n\
             PREFIX ng: <https://w3id.org/newsgraph/ns#>\n\
             SELECT ?text WHERE {{ ?doc dcterms:identifier \"{id}\" ; ng:context ?c . \
             ?c nif:isString ?text }}"
        ),
    );
    assert_eq!(rows.len(), 1, "{id}: {rows:?}");
    rows[0]["text"].clone()
}

/// Asserts that document `id` tells exactly the facts of the text file `reference`, and some.
fn same_facts(ws: &Workspace, store: &str, id: &str, reference: &str) {
    let expected = facts(ws, store, reference);
    assert!(expected.len() >= 5, "the reference article tells facts: {expected:?}");
    let got = facts(ws, store, id);
    assert_eq!(got, expected, "{id} against {reference}");
}

#[test]
fn a_json_lines_export_with_its_own_field_names_gives_the_text_files_facts() {
    let ws = Workspace::new();
    let offer = paragraphs(OFFER);
    std::fs::write(ws.path("offer.txt"), text_of(&offer)).expect("write");
    let record = serde_json::json!({
        "story": text_of(&offer),
        "heading": "Oracle greift nach TikTok",
        "meta": {"published": "2020-09-15T10:00:00+02:00", "outlet": "Tagesblatt"},
        "link": "https://www.example.de/wirtschaft/oracle-tiktok.html?utm_source=export",
        "writers": [{"name": "Anna Berg"}, "Tom Kurz"],
        "lang": "de",
    });
    // The defaults would take this line's "text" and "title"; the export names its own.
    let decoy = serde_json::json!({"text": "Nur ein Test.", "title": "x", "story": text_of(&offer),
                                   "heading": "Zweite Zeile"});
    std::fs::write(ws.path("export.jsonl"), format!("{record}\n\n{decoy}\n")).expect("write");
    ws.ok(&[
        "build",
        "offer.txt",
        "export.jsonl",
        "--store",
        "store",
        "--field",
        "text=story",
        "--field",
        "title=heading",
        "--field",
        "date=meta.published",
        "--field",
        "source=meta.outlet",
        "--field",
        "author=writers",
        "--field",
        "url=link",
    ]);
    let docs = documents(&ws, "store");
    let id = id_where(&docs, "headline", "Oracle greift nach TikTok");
    assert!(id.starts_with("example.de-"), "the id comes from the URL: {id}");
    let row = &docs[&id];
    assert_eq!(row["url"], "https://www.example.de/wirtschaft/oracle-tiktok.html");
    assert_eq!(row["publisher"], "Tagesblatt");
    assert_eq!(row["date"], "2020-09-15");
    let mut authors: Vec<&str> = row["author"].split(", ").collect();
    authors.sort_unstable();
    assert_eq!(authors, ["Anna Berg", "Tom Kurz"]);
    same_facts(&ws, "store", &id, "offer");
    // A line without URL or id is named after the file and its line.
    assert!(docs.contains_key("export-3"), "{docs:#?}");
    assert_eq!(stored_text(&ws, "store", &id), text_of(&offer));
}

#[test]
fn an_html_page_gives_its_article_paragraphs_without_the_page_around_them() {
    let ws = Workspace::new();
    let offer = paragraphs(OFFER);
    std::fs::write(ws.path("offer.txt"), text_of(&offer)).expect("write");
    let url = "https://www.example.de/wirtschaft/oracle-tiktok.html";
    std::fs::write(ws.path("page.html"), page("Oracle greift nach TikTok", url, &offer))
        .expect("write");
    ws.ok(&["build", "offer.txt", "page.html", "--store", "store"]);
    let docs = documents(&ws, "store");
    let id = id_where(&docs, "url", url);
    let text = stored_text(&ws, "store", &id);
    assert_eq!(text, text_of(&offer), "the extracted text is the article's paragraphs");
    for word in BOILERPLATE {
        assert!(!text.contains(word), "{word:?} of the page reached the text");
    }
    let row = &docs[&id];
    assert_eq!(row["headline"], "Oracle greift nach TikTok");
    assert_eq!(row["publisher"], "Tagesblatt");
    assert_eq!(row["date"], "2020-09-15");
    assert_eq!(row["author"], "Anna Berg");
    same_facts(&ws, "store", &id, "offer");
}

/// An Atom feed of the articles, each entry's HTML content in full.
fn atom(items: &[(&str, &str, &[String])]) -> String {
    let entries: String = items
        .iter()
        .map(|(title, url, paragraphs)| {
            format!(
                "<entry><title>{title}</title><link rel=\"alternate\" href=\"{url}\"/>\
                 <id>{url}</id><published>2020-09-15T10:00:00+02:00</published>\
                 <updated>2020-09-15T11:00:00+02:00</updated><author><name>Anna Berg</name>\
                 </author><summary>Kurz gefasst.</summary>\
                 <content type=\"html\">{}</content></entry>\n",
                escape_html(&body_html(paragraphs))
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" \
         xml:lang=\"de\"><title>Tagesblatt Wirtschaft</title><id>urn:tagesblatt</id>\
         <updated>2020-09-15T11:00:00+02:00</updated>\n{entries}</feed>\n"
    )
}

/// An RSS 2.0 feed: `content:encoded` holds the full text, `description` a summary; an item may
/// have a description only.
fn rss(items: &[(&str, &str, Option<&[String]>, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(title, url, paragraphs, description)| {
            let content = paragraphs.map_or(String::new(), |p| {
                format!("<content:encoded><![CDATA[{}]]></content:encoded>", body_html(p))
            });
            format!(
                "<item><title>{title}</title><link>{url}</link><guid>{url}</guid>\
                 <pubDate>Tue, 15 Sep 2020 10:00:00 +0200</pubDate>\
                 <description>{}</description>{content}</item>\n",
                escape_html(description)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
         <title>Tagesblatt</title><link>https://www.example.de/</link>\
         <description>Nachrichten</description><language>de-de</language>\n{items}\
         </channel></rss>\n"
    )
}

#[test]
fn atom_and_rss_feed_items_give_the_text_files_facts() {
    let ws = Workspace::new();
    let (offer, lost) = (paragraphs(OFFER), paragraphs(LOST));
    std::fs::write(ws.path("offer.txt"), text_of(&offer)).expect("write");
    std::fs::write(ws.path("lost.txt"), text_of(&lost)).expect("write");
    let atom_url = "https://www.example.de/atom/oracle.html";
    let atom_feed = atom(&[("Oracle greift nach TikTok", atom_url, &offer)]);
    std::fs::write(ws.path("news.atom"), atom_feed).expect("write");
    let rss_url = "https://www.example.de/rss/microsoft.html";
    let summary_url = "https://www.example.de/rss/kurz.html";
    let summary = "Microsoft hat den Bieterstreit um TikTok verloren, berichten US-Medien.";
    let rss_feed = rss(&[
        ("Microsoft verliert", rss_url, Some(&lost), "Microsoft verliert den Bieterstreit."),
        ("Kurzmeldung", summary_url, None, summary),
    ]);
    std::fs::write(ws.path("news.rss"), rss_feed).expect("write");
    ws.ok(&["build", ".", "--store", "store"]);
    let docs = documents(&ws, "store");
    let atom_id = id_where(&docs, "url", atom_url);
    assert_eq!(stored_text(&ws, "store", &atom_id), text_of(&offer));
    assert_eq!(docs[&atom_id]["author"], "Anna Berg");
    assert_eq!(docs[&atom_id]["date"], "2020-09-15");
    assert_eq!(docs[&atom_id]["publisher"], "Tagesblatt Wirtschaft");
    same_facts(&ws, "store", &atom_id, "offer");
    let rss_id = id_where(&docs, "url", rss_url);
    assert_eq!(stored_text(&ws, "store", &rss_id), text_of(&lost));
    assert_eq!(docs[&rss_id]["headline"], "Microsoft verliert");
    assert_eq!(docs[&rss_id]["publisher"], "Tagesblatt");
    same_facts(&ws, "store", &rss_id, "lost");
    // An item without content is read from its summary.
    let summary_id = id_where(&docs, "url", summary_url);
    assert_eq!(stored_text(&ws, "store", &summary_id), summary);
}

#[test]
fn a_warc_archive_of_three_pages_gives_each_pages_facts() {
    let ws = Workspace::new();
    let seeds = [("offer", OFFER), ("lost", LOST), ("partner", PARTNER)];
    let mut pages = Vec::new();
    for (name, seed) in seeds {
        let article = paragraphs(seed);
        std::fs::write(ws.path(&format!("{name}.txt")), text_of(&article)).expect("write");
        let url = format!("https://www.example.de/{name}.html");
        pages.push((url.clone(), page(&format!("Artikel {name}"), &url, &article)));
    }
    let archive = warc(&pages);
    std::fs::write(ws.path("crawl.warc"), &archive).expect("write");
    // The same archive as crawls publish it: each record its own gzip member.
    let mut gzipped = Vec::new();
    let mut at = 0;
    let lines: Vec<&[u8]> = archive.split_inclusive(|&b| b == b'\n').collect();
    for record in lines.chunk_by(|_, next| !next.starts_with(b"WARC/1.0")) {
        let bytes: Vec<u8> = record.concat();
        at += bytes.len();
        let mut encoder = libflate::gzip::Encoder::new(Vec::new()).expect("gzip");
        encoder.write_all(&bytes).expect("gzip");
        gzipped.extend(encoder.finish().into_result().expect("gzip"));
    }
    assert_eq!(at, archive.len());
    let gz = ws.path("gz");
    std::fs::create_dir(&gz).expect("mkdir");
    std::fs::write(gz.join("crawl.warc.gz"), &gzipped).expect("write");

    for (store, input) in [("store", "crawl.warc"), ("gzstore", "gz/crawl.warc.gz")] {
        let out =
            ws.ok(&["build", "offer.txt", "lost.txt", "partner.txt", input, "--store", store]);
        assert!(out.contains("6 documents"), "{out}");
        let docs = documents(&ws, store);
        for ((name, seed), (url, _)) in seeds.iter().zip(&pages) {
            let id = id_where(&docs, "url", url);
            assert_eq!(stored_text(&ws, store, &id), text_of(&paragraphs(seed)), "{input} {url}");
            same_facts(&ws, store, &id, name);
        }
    }
    // A gzipped archive on standard input is told by its first bytes.
    let piped = build_stdin(&ws, &gzipped, &["-", "--store", "piped"]);
    assert!(piped.status.success(), "{}", String::from_utf8_lossy(&piped.stderr));
    let piped_docs = documents(&ws, "piped");
    for (url, _) in &pages {
        id_where(&piped_docs, "url", url);
    }
    // Each page names its record as its source.
    let sources = select(
        &ws,
        "store",
        "PREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX schema: <https://schema.org/>\n\
         SELECT ?url ?source WHERE { ?doc schema:url ?url ; prov:wasDerivedFrom ?source }",
    );
    let mut got: Vec<(String, String)> =
        sources.iter().map(|r| (r["url"].clone(), r["source"].clone())).collect();
    got.sort();
    let base = "https://w3id.org/newsgraph/id/source/crawl.warc#record=";
    let expected = vec![
        ("https://www.example.de/lost.html".to_string(), format!("{base}5")),
        ("https://www.example.de/offer.html".to_string(), format!("{base}3")),
        ("https://www.example.de/partner.html".to_string(), format!("{base}7")),
    ];
    assert_eq!(got, expected);
}

/// Runs `newsgraph build - ...` in the workspace with `input` on standard input.
fn build_stdin(ws: &Workspace, input: &[u8], args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("build")
        .args(args)
        .current_dir(ws.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsgraph runs");
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    child.wait_with_output().expect("newsgraph ends")
}

#[test]
fn standard_input_is_read_as_json_lines_or_text() {
    let ws = Workspace::new();
    let offer = paragraphs(OFFER);
    std::fs::write(ws.path("offer.txt"), text_of(&offer)).expect("write");
    ws.ok(&["build", "offer.txt", "--store", "store"]);
    let line = serde_json::json!({"text": text_of(&offer), "title": "Oracle greift nach TikTok"});
    let out = build_stdin(&ws, format!("{line}\n").as_bytes(), &["-", "--store", "store"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = build_stdin(&ws, text_of(&offer).as_bytes(), &["-", "--store", "store"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = documents(&ws, "store");
    assert_eq!(docs["stdin-1"]["headline"], "Oracle greift nach TikTok");
    same_facts(&ws, "store", "stdin-1", "offer");
    same_facts(&ws, "store", "stdin", "offer");
    let sources = select(
        &ws,
        "store",
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n\
         PREFIX dcterms: <http://purl.org/dc/terms/>\n\
         SELECT ?id ?source WHERE { ?doc dcterms:identifier ?id ; prov:wasDerivedFrom ?source }",
    );
    let source_of = |id: &str| {
        sources.iter().find(|r| r["id"] == id).map(|r| r["source"].clone()).unwrap_or_default()
    };
    assert_eq!(source_of("stdin-1"), "https://w3id.org/newsgraph/id/source/stdin#line=1");
    assert_eq!(source_of("stdin"), "https://w3id.org/newsgraph/id/source/stdin");
    assert_eq!(source_of("offer"), "https://w3id.org/newsgraph/id/source/offer.txt");
}

#[test]
fn a_feed_item_and_its_page_with_one_url_are_one_document() {
    let ws = Workspace::new();
    let offer = paragraphs(OFFER);
    let url = "https://www.example.de/wirtschaft/oracle-tiktok.html";
    let teaser = "Oracle greift nach der Videoplattform TikTok.";
    // The feed links the page with a tracking parameter; the page names itself canonically.
    let linked = format!("{url}?utm_source=rss&amp;utm_medium=feed");
    std::fs::write(ws.path("feed.rss"), rss(&[("Oracle greift zu", &linked, None, teaser)]))
        .expect("write");
    std::fs::write(ws.path("page.html"), page("Oracle greift nach TikTok", url, &offer))
        .expect("write");
    std::fs::write(ws.path("offer.txt"), text_of(&offer)).expect("write");
    let out = ws.ok(&["build", "feed.rss", "page.html", "offer.txt", "--store", "store"]);
    assert!(out.contains("\n2 documents"), "{out}");
    let docs = documents(&ws, "store");
    let id = id_where(&docs, "url", url);
    // The page's full text, the feed's headline (the first input), both files as sources.
    assert_eq!(stored_text(&ws, "store", &id), text_of(&offer));
    assert_eq!(docs[&id]["headline"], "Oracle greift zu");
    same_facts(&ws, "store", &id, "offer");
    let sources = select(
        &ws,
        "store",
        &format!(
            "PREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX schema: <https://schema.org/>\n\
             SELECT ?source WHERE {{ ?doc schema:url <{url}> ; prov:wasDerivedFrom ?source }} \
             ORDER BY ?source"
        ),
    );
    let sources: Vec<&str> = sources.iter().map(|r| r["source"].as_str()).collect();
    assert_eq!(
        sources,
        [
            "https://w3id.org/newsgraph/id/source/feed.rss#item=1",
            "https://w3id.org/newsgraph/id/source/page.html"
        ]
    );
    // Read again from the page alone, the document is replaced, not doubled.
    ws.ok(&["build", "page.html", "--store", "store"]);
    let again = documents(&ws, "store");
    assert_eq!(again.len(), 2, "{again:#?}");
    assert_eq!(id_where(&again, "url", url), id);
}

#[test]
fn bad_records_are_reported_with_their_place_and_the_rest_is_built() {
    let ws = Workspace::new();
    let (offer, lost) = (paragraphs(OFFER), paragraphs(LOST));
    let dir = ws.path("in");
    std::fs::create_dir(&dir).expect("mkdir");
    let good = |url: &str, p: &[String]| serde_json::json!({"text": text_of(p), "url": url});
    let first = good("https://www.example.de/1.html", &offer).to_string();
    let second = good("https://www.example.de/2.html", &lost).to_string();
    std::fs::write(dir.join("export.jsonl"), format!("{first}\n{second}\n")).expect("write");
    ws.ok(&["build", "in", "--store", "store"]);
    let before = documents(&ws, "store");
    assert_eq!(before.len(), 2, "{before:#?}");

    // Now the export's first line breaks and a line without text follows the second, and every
    // other form has a bad record of its own.
    let broken = first.replacen("\"text\":", "\"text\"", 1);
    let export = format!("{broken}\n{second}\n{{\"title\": \"ohne Text\"}}\n");
    std::fs::write(dir.join("export.jsonl"), export).expect("write");
    let menu = "<html><body><nav><ul><li><a href=\"/a\">Politik</a></li><li><a href=\"/b\">\
                Wirtschaft</a></li></ul></nav><footer>Impressum</footer></body></html>";
    std::fs::write(dir.join("menu.html"), menu).expect("write");
    let feed = rss(&[
        ("Leer", "https://www.example.de/leer.html", None, ""),
        ("Voll", "https://www.example.de/voll.html", Some(&lost), "Microsoft verliert."),
    ]);
    std::fs::write(dir.join("news.rss"), feed).expect("write");
    let pages: Vec<(String, String)> = [("x", &offer), ("y", &lost)]
        .iter()
        .map(|(n, p)| (format!("https://www.example.de/{n}.html"), page(n, "", p)))
        .collect();
    let archive = warc(&pages);
    let cut = archive.len() - 2000;
    std::fs::write(dir.join("crawl.warc"), &archive[..cut]).expect("write");
    let last_record = archive.windows(8).rposition(|w| w == b"WARC/1.0").expect("a record");

    let output = ws.run(&["build", "in", "--store", "store"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let path = |name: &str| Path::new("in").join(name).display().to_string();
    for expected in [
        format!("{}: line 1: not valid JSON at column ", path("export.jsonl")),
        format!("{}: line 3: no article text (none of the fields text, body", path("export.jsonl")),
        format!("{}: no article text", path("menu.html")),
        format!("{}: item 1: no content or summary to read", path("news.rss")),
        format!(
            "{}: record 5 at byte offset {last_record}: truncated: the archive ends inside its \
             content",
            path("crawl.warc")
        ),
        "newsgraph: 5 of 8 documents failed".to_string(),
    ] {
        assert!(stderr.contains(&expected), "missing {expected:?} in:\n{stderr}");
    }
    let after = documents(&ws, "store");
    // The line that broke keeps its old document; the rest of each file is built.
    assert!(after.contains_key(&id_where(&before, "url", "https://www.example.de/1.html")));
    for url in [
        "https://www.example.de/2.html",
        "https://www.example.de/voll.html",
        "https://www.example.de/x.html",
    ] {
        id_where(&after, "url", url);
    }
    assert_eq!(after.len(), 4, "{after:#?}");
}

#[test]
fn an_article_in_another_language_is_stored_with_its_metadata_but_not_read() {
    let ws = Workspace::new();
    let english = "Oracle has made an offer for the US business of TikTok, the government in \
                   Washington said on Monday. The proposal is now being reviewed by the Treasury, \
                   Secretary Steven Mnuchin told the broadcaster CNBC. Earlier, ByteDance had \
                   rejected a takeover of the app by Microsoft, which had been supported by \
                   Walmart. President Donald Trump threatens to ban the app in the United States.";
    let declared = serde_json::json!({"text": english, "title": "Oracle bids", "language": "en",
                                      "url": "https://example.com/oracle"});
    let detected = serde_json::json!({"text": english, "title": "Oracle bids again"});
    std::fs::write(ws.path("world.jsonl"), format!("{declared}\n{detected}\n")).expect("write");
    let output = ws.run(&["build", "world.jsonl", "--store", "store"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.matches("newsgraph: note: world.jsonl: ").count(), 2, "{stderr}");
    assert!(stderr.contains("the text is in \"en\", not \"de\""), "{stderr}");
    let docs = documents(&ws, "store");
    assert_eq!(docs.len(), 2);
    for row in docs.values() {
        assert_eq!(row["sentences"], "0", "nothing is read: {row:?}");
        assert!(row["headline"].starts_with("Oracle bids"));
        assert!(facts(&ws, "store", &row["document"]).is_empty());
        assert_eq!(stored_text(&ws, "store", &row["document"]), english);
    }
    let languages = select(
        &ws,
        "store",
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n\
         SELECT ?language WHERE { ?doc dcterms:identifier ?id ; dcterms:language ?language }",
    );
    assert!(languages.len() == 2 && languages.iter().all(|r| r["language"] == "en"));
}
