//! Content negotiation: which of the representations we offer the client's `Accept` prefers.
//!
//! Each offer is a media type with the value it stands for, in the server's order of preference.
//! An offer's quality is the `q` of the most specific media range that matches it (`text/turtle`
//! before `text/*` before `*/*`); the offer with the highest quality wins, ties go to the earlier
//! offer. No `Accept` header means "anything": the first offer.

/// One media range of an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
struct MediaRange {
    kind: String,
    subtype: String,
    /// Quality in thousandths, 0..=1000.
    quality: u16,
}

impl MediaRange {
    /// How specifically this range matches `kind/subtype`: 3 exact, 2 `kind/*`, 1 `*/*`.
    fn specificity(&self, kind: &str, subtype: &str) -> Option<u8> {
        if self.kind == "*" && self.subtype == "*" {
            Some(1)
        } else if self.kind.eq_ignore_ascii_case(kind) && self.subtype == "*" {
            Some(2)
        } else if self.kind.eq_ignore_ascii_case(kind) && self.subtype.eq_ignore_ascii_case(subtype)
        {
            Some(3)
        } else {
            None
        }
    }
}

/// The media ranges of an `Accept` header; malformed ranges are skipped.
fn parse_accept(header: &str) -> Vec<MediaRange> {
    header
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let (kind, subtype) = parts.next()?.trim().split_once('/')?;
            let (kind, subtype) = (kind.trim(), subtype.trim());
            if kind.is_empty() || subtype.is_empty() || (kind == "*" && subtype != "*") {
                return None;
            }
            let mut quality = 1000;
            for parameter in parts {
                if let Some((name, value)) = parameter.split_once('=')
                    && name.trim().eq_ignore_ascii_case("q")
                {
                    quality = parse_quality(value.trim())?;
                }
            }
            Some(MediaRange { kind: kind.to_string(), subtype: subtype.to_string(), quality })
        })
        .collect()
}

/// `q` values as RFC 9110 writes them: 0, 0.5, 1.000 …
fn parse_quality(value: &str) -> Option<u16> {
    let number: f64 = value.parse().ok()?;
    (0.0..=1.0).contains(&number).then(|| (number * 1000.0).round() as u16)
}

/// The offer the client prefers, or `None` if it accepts none of them (answer 406).
pub fn choose<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<T> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offers.first().map(|(_, value)| *value);
    };
    let ranges = parse_accept(accept);
    let mut best: Option<(u16, T)> = None;
    for (media_type, value) in offers {
        let Some((kind, subtype)) = media_type.split_once('/') else { continue };
        let quality = ranges
            .iter()
            .filter_map(|r| r.specificity(kind, subtype).map(|s| (s, r.quality)))
            .max_by_key(|(specificity, _)| *specificity)
            .map_or(0, |(_, quality)| quality);
        if quality > 0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, *value));
        }
    }
    best.map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::choose;

    const OFFERS: &[(&str, &str)] =
        &[("text/turtle", "ttl"), ("application/n-triples", "nt"), ("text/html", "html")];

    macro_rules! negotiates {
        ($($name:ident: $accept:expr => $expected:expr,)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(choose($accept, OFFERS), $expected, "Accept: {:?}", $accept);
            }
        )*};
    }

    negotiates! {
        no_header_gives_first_offer: None::<&str> => Some("ttl"),
        anything_gives_first_offer: Some("*/*") => Some("ttl"),
        exact_type_wins: Some("application/n-triples") => Some("nt"),
        browser_gets_html: Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            => Some("html"),
        quality_orders: Some("text/turtle;q=0.5, application/n-triples") => Some("nt"),
        specific_range_overrides_wildcard: Some("text/*;q=0.9, text/turtle;q=0.1") => Some("html"),
        zero_quality_refuses: Some("text/turtle;q=0, */*;q=0.1") => Some("nt"),
        nothing_acceptable: Some("image/png") => None,
        malformed_ranges_are_skipped: Some("garbage, text/html;q=abc, text/html") => Some("html"),
        case_insensitive: Some("Text/HTML") => Some("html"),
    }
}
