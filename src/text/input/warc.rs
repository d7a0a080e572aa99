//! WARC archives (ISO 28500), as web crawls publish news (`.warc`, or `.warc.gz` with each
//! record its own gzip member, told by its first bytes): each `response` record holding an HTML
//! page with status 2xx is read as a saved page (see `html`), with the URL it was fetched from
//! (`WARC-Target-URI`) and the charset of its HTTP head. Requests, metadata, `warcinfo`, redirects, images and style
//! sheets are no articles and are passed over.
//!
//! The `warc` crate splits the records; a reader around it counts the bytes it consumes, so an
//! error names the record (counted from 1, every type) and its byte offset in the archive (the
//! uncompressed one for `.warc.gz`). A page without article text is an error of its record and
//! the archive goes on; a truncated or malformed record ends the archive, since nothing tells
//! where a next record would start, and the records before it are kept.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use warc::{RawRecordHeader, WarcHeader, WarcReader};

use super::{Origin, Place, document, html};
use crate::error::{Error, Result};
use crate::text::document::{Document, DocumentRules};

/// Headers an HTTP response may have beyond which httparse gives up.
const MAX_HTTP_HEADERS: usize = 128;

/// The start of a gzip stream: a `.warc.gz` is told by its content, not its name.
pub(super) const GZIP_MAGIC: &[u8] = b"\x1f\x8b";

/// The documents of a WARC archive, each or the error naming its record; an error when it cannot
/// be read at all.
pub(super) fn read(
    mut source: Box<dyn BufRead>,
    origin: &Origin,
    rules: &DocumentRules,
) -> Result<Vec<Result<Document>>, String> {
    let offset = Rc::new(Cell::new(0_u64));
    let head = source.fill_buf().map_err(|e| format!("cannot read: {e}"))?;
    let reader: Box<dyn BufRead> = if head.starts_with(GZIP_MAGIC) {
        let decoder = libflate::gzip::MultiDecoder::new(source)
            .map_err(|e| format!("not a gzip archive: {e}"))?;
        Box::new(BufReader::new(decoder))
    } else {
        source
    };
    let counted = Counted { inner: reader, offset: Rc::clone(&offset) };
    let mut records = WarcReader::new(counted).iter_raw_records();
    let mut documents = Vec::new();
    let mut number = 0;
    loop {
        let start = offset.get();
        number += 1;
        let place = Place::record(number);
        let at = format!("{} at byte offset {start}", place.name());
        let record = records.next();
        let error = |message: String| Error::record(&origin.path, at.clone(), message);
        match record {
            None if offset.get() > start => {
                documents.push(Err(error("truncated: the archive ends inside its header".into())));
                break;
            }
            None => break,
            Some(Err(warc::Error::UnexpectedEOB)) => {
                documents.push(Err(error("truncated: the archive ends inside its content".into())));
                break;
            }
            Some(Err(e)) => {
                documents.push(Err(error(format!("malformed record ({e}); the rest is not read"))));
                break;
            }
            Some(Ok((header, body))) => match page(&header, &body) {
                Ok(None) => {}
                Ok(Some(entry)) => documents.push(document(entry, origin, Some(place), rules)),
                Err(message) => documents.push(Err(error(message))),
            },
        }
    }
    Ok(documents)
}

/// The article of a record: `None` for a record that is no HTML page (a request, an image, a
/// redirect).
fn page(header: &RawRecordHeader, body: &[u8]) -> Result<Option<super::Entry>, String> {
    let value = |name: WarcHeader| {
        header.headers.get(&name).map(|v| String::from_utf8_lossy(v).trim().to_string())
    };
    if value(WarcHeader::WarcType).as_deref() != Some("response") {
        return Ok(None);
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HTTP_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let head = match response.parse(body) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Err("the HTTP response's head is cut off".into()),
        // A response record of another protocol (dns:, ftp:) holds no HTTP head.
        Err(_) => return Ok(None),
    };
    if !response.code.is_some_and(|code| (200..300).contains(&code)) {
        return Ok(None);
    }
    let field = |name: &str| {
        (response.headers.iter())
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = field("content-type").unwrap_or_default();
    if !content_type.contains("html") {
        return Ok(None);
    }
    if let Some(encoding) = field("content-encoding").filter(|e| e != "identity") {
        return Err(format!("the page is stored compressed (Content-Encoding: {encoding})"));
    }
    let charset = content_type
        .split(';')
        .find_map(|part| part.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"').to_string());
    let address = value(WarcHeader::TargetURI).map(|uri| uri.trim_matches(['<', '>']).to_string());
    html::page(&body[head..], charset.as_deref(), address.as_deref()).map(Some)
}

/// A reader that counts the bytes its user consumes, which the `warc` reader does not tell.
struct Counted<R> {
    inner: R,
    offset: Rc<Cell<u64>>,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.offset.set(self.offset.get() + n as u64);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.offset.set(self.offset.get() + amount as u64);
        self.inner.consume(amount);
    }
}
