//! Saved web pages: the article's main text without the page around it (navigation, teasers,
//! cookie banners, comments), and what the page says of the article.
//!
//! The main text is found by `dom_smoothie`, a port of Mozilla's Readability (Firefox's reader
//! view), on html5ever's parser; its paragraphs, headings and list items become the lines of
//! the text, separated by blank lines. A page passes only when Readability's own test of
//! whether a page holds an article says so; a page of links and teasers is an error, not a
//! document of menu words. The metadata come from schema.org JSON-LD (`NewsArticle`: headline,
//! author, publisher, `datePublished`), else Open Graph and `article:published_time`, else
//! `<title>`; the URL from `<link rel="canonical">`, `og:url` or the JSON-LD `url`, the language
//! from `<html lang>`.

use std::sync::LazyLock;

use dom_smoothie::{Config, Readability, TextMode};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

use super::{Entry, published};

/// A `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` near the
/// start of a page.
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?([a-z0-9_.:-]+)"#).expect("valid regex")
});

/// Readability's test of a page holding an article sums a score over its paragraphs longer than
/// this many chars; its defaults (140 chars, a score of 20) refuse short news items of a few
/// plain paragraphs, which these accept.
const MIN_PARAGRAPH_CHARS: usize = 80;
const MIN_READABLE_SCORE: f32 = 10.0;

/// The article of a page. `charset` is what the HTTP head declared (a WARC response's), and
/// `address` the URL it was fetched from, used when the page names none of its own.
pub(super) fn page(
    bytes: &[u8],
    charset: Option<&str>,
    address: Option<&str>,
) -> Result<Entry, String> {
    let html = decode(bytes, charset);
    let document = dom_query::Document::from(html.as_str());
    let attribute = |selector: &str, name: &str| {
        document.select(selector).attr(name).map(|value| value.trim().to_string())
    };
    let canonical = attribute(r#"link[rel~="canonical"]"#, "href");
    let og_url = attribute(r#"meta[property="og:url"]"#, "content");
    let printed = take_bylines(&document);
    let config = Config {
        text_mode: TextMode::Formatted,
        readable_min_content_length: MIN_PARAGRAPH_CHARS,
        readable_min_score: MIN_READABLE_SCORE,
        ..Config::default()
    };
    let mut readability = Readability::with_document(document, None, Some(config))
        .map_err(|e| format!("cannot read the page: {e}"))?;
    if !readability.is_probably_readable() {
        return Err("no article text (no paragraphs of prose on the page)".into());
    }
    let article = readability.parse().map_err(|e| format!("no article text (readability: {e})"))?;
    let text = article.text_content.trim().to_string();
    if text.is_empty() {
        return Err("no article text (the main part of the page is empty)".into());
    }
    let mut entry = Entry { text, ..Entry::default() };
    let page_url = absolute(canonical.as_deref(), og_url.as_deref().or(address))
        .or(og_url)
        .or(article.url)
        .or_else(|| address.map(String::from));
    entry.meta.url = page_url;
    entry.meta.headline = Some(article.title.trim().to_string()).filter(|t| !t.is_empty());
    entry.meta.publisher = article.site_name.filter(|s| !s.trim().is_empty());
    entry.meta.language = article.lang;
    entry.date = article.published_time.as_deref().and_then(published::parse);
    entry.bylines =
        article.byline.into_iter().chain(printed).filter(|b| !b.trim().is_empty()).collect();
    Ok(entry)
}

/// Elements that hold a byline: Readability's own marks of one (`rel="author"`, an `author`
/// item property, "byline", "author" or "dateline" in a class or id).
const BYLINE: &str = r#"[rel="author"], [itemprop~="author"], [class*="byline"], [id*="byline"],
    [class*="author"], [class*="dateline"]"#;

/// Readability's longest byline, in chars: a longer element is an author's box or prose.
const MAX_BYLINE_CHARS: usize = 100;

/// Takes the page's bylines out of it and returns their text. Readability leaves a byline in
/// the article when the metadata already name the author, and it would be read as prose.
fn take_bylines(document: &dom_query::Document) -> Vec<String> {
    let mut bylines = Vec::new();
    for node in document.select(BYLINE).nodes() {
        let text = node.text();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() && text.chars().count() < MAX_BYLINE_CHARS {
            bylines.push(text);
            node.remove_from_parent();
        }
    }
    bylines
}

/// The text of an HTML fragment (a feed item's content): its block elements as lines separated
/// by blank lines, white space collapsed, markup and entities resolved.
pub(super) fn fragment_text(html: &str) -> String {
    let fragment = dom_query::Document::fragment(html);
    fragment.formatted_text().trim().to_string()
}

/// `link` made absolute against `base` when it is relative.
fn absolute(link: Option<&str>, base: Option<&str>) -> Option<String> {
    let link = link?;
    if let Ok(url) = url::Url::parse(link) {
        return Some(url.into());
    }
    let base = url::Url::parse(base?).ok()?;
    base.join(link).ok().map(Into::into)
}

/// The page's text: by its byte-order mark, else the charset declared in the HTTP head or the
/// page's `<meta>`, else UTF-8 when the bytes are UTF-8, else windows-1252 (what browsers
/// assume for a page that declares nothing). Bytes the encoding lacks become U+FFFD.
fn decode(bytes: &[u8], charset: Option<&str>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let head = &bytes[..bytes.len().min(4096)];
    let declared = charset.map(|c| c.as_bytes().to_vec()).or_else(|| {
        META_CHARSET.captures(head).and_then(|c| c.get(1)).map(|m| m.as_bytes().to_vec())
    });
    let encoding = declared.and_then(|label| Encoding::for_label(&label));
    match encoding {
        Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
        None if std::str::from_utf8(bytes).is_ok() => UTF_8.decode(bytes).0.into_owned(),
        None => WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Gr\xf6\xdfe</body>";
        assert!(decode(latin1, None).contains("Größe"));
        assert!(decode(b"<p>Gr\xf6\xdfe</p>", None).contains("Größe"), "windows-1252 fallback");
        assert!(decode("<p>Größe</p>".as_bytes(), None).contains("Größe"));
        assert!(decode(b"<p>Gr\xf6\xdfe</p>", Some("ISO-8859-1")).contains("Größe"));
    }

    #[test]
    fn fragments_keep_paragraphs() {
        let html = "<p>Oracle  kauft\n TikTok.</p><p>Microsoft &amp; Walmart <b>nicht</b>.</p>";
        assert_eq!(fragment_text(html), "Oracle kauft TikTok.\n\nMicrosoft & Walmart nicht.");
    }

    #[test]
    fn relative_canonical_links() {
        let base = Some("https://example.de/wirtschaft/");
        assert_eq!(absolute(Some("/a.html"), base).as_deref(), Some("https://example.de/a.html"));
        assert_eq!(absolute(Some("https://x.de/b"), None).as_deref(), Some("https://x.de/b"));
        assert_eq!(absolute(Some("/a.html"), None), None);
    }
}
