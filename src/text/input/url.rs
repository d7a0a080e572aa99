//! Article URLs: checked, normalised, and turned into the document id, so that one article
//! reached through two files (a feed item and its saved page, two exports of one data set) is
//! one document.
//!
//! Only absolute `http` and `https` URLs name an article. Normalising keeps what a server reads
//! and drops what only the reader's visit added: the fragment and `utm_*` tracking parameters;
//! the `url` crate lower-cases the host and drops a default port. The id does not depend on the
//! scheme or a trailing slash either, as sites serve one page under both.

use url::Url;

use crate::text::slug::stable_hash;

/// `raw` as an absolute `http(s)` URL without fragment and tracking parameters, or `None` when
/// it is none.
pub(crate) fn normalise(raw: &str) -> Option<String> {
    let mut url = Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    let tracked = url.query_pairs().any(|(key, _)| key.starts_with("utm_"));
    if tracked {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(key, _)| !key.starts_with("utm_"))
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    Some(url.into())
}

/// The document id of a normalised URL: its host without `www.`, then a hash of the rest
/// (`example.de-3f2a9c0d1e2b4a5c`), readable in tables and short whatever the path.
pub(crate) fn document_id(normalised: &str) -> String {
    let rest = normalised.split_once("://").map_or(normalised, |(_, rest)| rest);
    let host = rest.split(['/', '?', ':']).next().unwrap_or(rest);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let without_slash = match rest.strip_suffix('/') {
        Some(shorter) if shorter.contains('/') => shorter,
        _ => rest,
    };
    let key = without_slash.strip_prefix("www.").unwrap_or(without_slash);
    format!("{host}-{}", stable_hash(&[key]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_urls() {
        let rows = [
            ("https://Example.DE/a/b.html", Some("https://example.de/a/b.html")),
            ("https://example.de:443/a#comments", Some("https://example.de/a")),
            ("https://example.de/a?utm_source=rss&id=7", Some("https://example.de/a?id=7")),
            ("https://example.de/a?utm_source=rss", Some("https://example.de/a")),
            ("  http://example.de/a  ", Some("http://example.de/a")),
            ("ftp://example.de/a", None),
            ("/relative/path.html", None),
            ("keine URL", None),
        ];
        for (raw, expected) in rows {
            assert_eq!(normalise(raw).as_deref(), expected, "{raw}");
        }
    }

    #[test]
    fn one_article_one_id() {
        let id = |raw: &str| document_id(&normalise(raw).expect("a URL"));
        let page = id("https://www.example.de/wirtschaft/oracle-tiktok.html");
        assert!(page.starts_with("example.de-") && page.len() == "example.de-".len() + 16);
        for same in [
            "http://www.example.de/wirtschaft/oracle-tiktok.html",
            "https://example.de/wirtschaft/oracle-tiktok.html?utm_medium=feed",
            "https://www.example.de/wirtschaft/oracle-tiktok.html#kommentare",
        ] {
            assert_eq!(id(same), page, "{same}");
        }
        assert_eq!(id("https://example.de/a/"), id("https://example.de/a"));
        assert_ne!(id("https://example.de/wirtschaft/oracle-walmart.html"), page);
    }
}
