//! RSS 2.0 and Atom feeds, read by `feed-rs`: each item is one article, its text the item's
//! content (`content:encoded`, Atom `<content>`) or else its summary (`<description>`,
//! `<summary>`), HTML made plain text; its headline, link, date and authors the item's own, its
//! publisher the feed's title and its language the item's or the feed's.
//!
//! An item without content or summary is an error naming the item (counted from 1); the other
//! items are still read. A feed that is no well-formed RSS or Atom fails as a whole.

use chrono::{DateTime, TimeZone, Utc};
use feed_rs::model::{Entry as Item, Text};

use super::{Entry, Origin, Place, document, html, published};
use crate::error::{Error, Result};
use crate::text::document::{Document, DocumentRules, PartialDate};

/// The documents of a feed, each or the error naming its item; an error when the feed cannot be
/// read at all.
pub(super) fn read(
    bytes: &[u8],
    origin: &Origin,
    rules: &DocumentRules,
) -> Result<Vec<Result<Document>>, String> {
    let parser = feed_rs::parser::Builder::new().timestamp_parser(printed_day).build();
    let feed = parser.parse(bytes).map_err(|e| format!("not an RSS or Atom feed: {e}"))?;
    let publisher = feed.title.as_ref().map(plain).filter(|t| !t.is_empty());
    let mut documents = Vec::new();
    for (i, item) in feed.entries.into_iter().enumerate() {
        let place = Place::item(i + 1);
        let read = entry(item, publisher.as_deref(), feed.language.as_deref())
            .map_err(|message| Error::record(&origin.path, place.name(), message));
        documents.push(read.and_then(|entry| document(entry, origin, Some(place), rules)));
    }
    Ok(documents)
}

/// The article of one item.
fn entry(item: Item, publisher: Option<&str>, language: Option<&str>) -> Result<Entry, String> {
    let content = item.content.and_then(|c| c.body).map(|body| html::fragment_text(&body));
    let summary = item.summary.as_ref().map(plain);
    let text = content
        .filter(|t| !t.trim().is_empty())
        .or(summary.filter(|t| !t.trim().is_empty()))
        .ok_or("no content or summary to read")?;
    let mut entry = Entry { text, ..Entry::default() };
    entry.meta.headline = item.title.as_ref().map(plain).filter(|t| !t.is_empty());
    let link = item.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"));
    entry.meta.url = link.map(|l| l.href.clone());
    entry.meta.publisher = publisher.map(String::from);
    entry.meta.language = item.language.or_else(|| language.map(String::from));
    entry.date =
        item.published.or(item.updated).and_then(|stamp| published::day(stamp.date_naive()));
    // RSS's <author> is an e-mail address, with the name in parentheses if at all.
    entry.authors = (item.authors.into_iter())
        .filter_map(|person| Some(person.name?.trim().to_string()))
        .filter(|name| !name.is_empty() && !name.contains('@'))
        .collect();
    Ok(entry)
}

/// A feed's text as plain text: HTML markup (which RSS descriptions hold whatever their type
/// says) read as [`html::fragment_text`] reads it.
fn plain(text: &Text) -> String {
    let html = text.content_type.to_string().contains("html");
    if html || text.content.contains('<') {
        html::fragment_text(&text.content)
    } else {
        text.content.trim().to_string()
    }
}

/// feed-rs's timestamps, read as [`published::parse`] reads every date: the day printed, in the
/// publisher's zone. feed-rs keeps a UTC time, so the day is kept at its noon, which the item
/// reading above takes the day of again.
fn printed_day(raw: &str) -> Option<DateTime<Utc>> {
    let PartialDate { year, month, day } = published::parse(raw)?;
    Utc.with_ymd_and_hms(year, month.unwrap_or(1), day.unwrap_or(1), 12, 0, 0).single()
}
