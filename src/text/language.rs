//! The language of a text: declared by its input (a `language` field, `<html lang>`, a feed's
//! `<language>`) or detected by `whatlang`, as a primary language subtag (`de`), so that the
//! analysis reads only texts in the language of its rules.

use whatlang::Lang;

/// The ISO 639-3 codes `whatlang` detects and their ISO 639-1 tags.
const TAGS: &[(Lang, &str)] = &[
    (Lang::Afr, "af"),
    (Lang::Aka, "ak"),
    (Lang::Amh, "am"),
    (Lang::Ara, "ar"),
    (Lang::Aze, "az"),
    (Lang::Bel, "be"),
    (Lang::Ben, "bn"),
    (Lang::Bul, "bg"),
    (Lang::Cat, "ca"),
    (Lang::Ces, "cs"),
    (Lang::Cmn, "zh"),
    (Lang::Cym, "cy"),
    (Lang::Dan, "da"),
    (Lang::Deu, "de"),
    (Lang::Ell, "el"),
    (Lang::Eng, "en"),
    (Lang::Epo, "eo"),
    (Lang::Est, "et"),
    (Lang::Fin, "fi"),
    (Lang::Fra, "fr"),
    (Lang::Guj, "gu"),
    (Lang::Heb, "he"),
    (Lang::Hin, "hi"),
    (Lang::Hrv, "hr"),
    (Lang::Hun, "hu"),
    (Lang::Hye, "hy"),
    (Lang::Ind, "id"),
    (Lang::Ita, "it"),
    (Lang::Jav, "jv"),
    (Lang::Jpn, "ja"),
    (Lang::Kan, "kn"),
    (Lang::Kat, "ka"),
    (Lang::Khm, "km"),
    (Lang::Kor, "ko"),
    (Lang::Lat, "la"),
    (Lang::Lav, "lv"),
    (Lang::Lit, "lt"),
    (Lang::Mal, "ml"),
    (Lang::Mar, "mr"),
    (Lang::Mkd, "mk"),
    (Lang::Mya, "my"),
    (Lang::Nep, "ne"),
    (Lang::Nld, "nl"),
    (Lang::Nob, "nb"),
    (Lang::Ori, "or"),
    (Lang::Pan, "pa"),
    (Lang::Pes, "fa"),
    (Lang::Pol, "pl"),
    (Lang::Por, "pt"),
    (Lang::Ron, "ro"),
    (Lang::Rus, "ru"),
    (Lang::Sin, "si"),
    (Lang::Slk, "sk"),
    (Lang::Slv, "sl"),
    (Lang::Sna, "sn"),
    (Lang::Spa, "es"),
    (Lang::Srp, "sr"),
    (Lang::Swe, "sv"),
    (Lang::Tam, "ta"),
    (Lang::Tel, "te"),
    (Lang::Tgl, "tl"),
    (Lang::Tha, "th"),
    (Lang::Tuk, "tk"),
    (Lang::Tur, "tr"),
    (Lang::Ukr, "uk"),
    (Lang::Urd, "ur"),
    (Lang::Uzb, "uz"),
    (Lang::Vie, "vi"),
    (Lang::Yid, "yi"),
    (Lang::Zul, "zu"),
];

/// Detection reads at most this many bytes: the opening paragraphs tell the language as well
/// as the whole text, and a long text would cost time for nothing.
pub(crate) const SAMPLE_BYTES: usize = 1024;

/// Fewer words than this are too few to tell a language by: a short text is read as the rules'
/// language rather than skipped on a guess.
const MIN_WORDS: usize = 40;

/// The language of `text` as `whatlang` detects it, when it is sure (its own reliability
/// verdict) and the text long enough; `None` otherwise.
pub(crate) fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().count() < MIN_WORDS {
        return None;
    }
    let info = whatlang::detect(sample).filter(whatlang::Info::is_reliable)?;
    TAGS.iter().find(|(lang, _)| *lang == info.lang()).map(|(_, tag)| *tag)
}

/// The primary language subtag of a declared language: `de` of `de-DE`, `de_AT`, `DE` and of
/// the three-letter codes `deu` and `ger`; `None` for what is no language tag.
pub(crate) fn primary_tag(declared: &str) -> Option<String> {
    let primary = declared.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        2 => Some(primary),
        3 => {
            // The bibliographic codes that differ from the terminological ones whatlang uses.
            let code = match primary.as_str() {
                "ger" => "deu",
                "fre" => "fra",
                "dut" => "nld",
                "cze" => "ces",
                "gre" => "ell",
                "chi" => "cmn",
                "zho" => "cmn",
                "per" => "pes",
                "fas" => "pes",
                "rum" => "ron",
                "slo" => "slk",
                "arm" => "hye",
                "geo" => "kat",
                "mac" => "mkd",
                "bur" => "mya",
                "wel" => "cym",
                "nor" => "nob",
                other => other,
            };
            let lang = Lang::from_code(code)?;
            TAGS.iter().find(|(l, _)| *l == lang).map(|(_, tag)| (*tag).to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_tags() {
        let rows = [
            ("de", Some("de")),
            ("de-DE", Some("de")),
            ("de_AT", Some("de")),
            ("EN-us", Some("en")),
            ("ger", Some("de")),
            ("deu", Some("de")),
            ("eng", Some("en")),
            ("", None),
            ("deutsch", None),
            ("1x", None),
        ];
        for (declared, expected) in rows {
            assert_eq!(primary_tag(declared).as_deref(), expected, "{declared}");
        }
    }

    #[test]
    fn detection_is_sure_or_silent() {
        let german = "Der Softwarekonzern Oracle hat ein Angebot für das US-Geschäft der \
                      Videoplattform TikTok abgegeben. Die Regierung in Washington prüft den \
                      Vorschlag, sagte der Finanzminister am Montag dem Fernsehsender. Zuvor \
                      hatte der Mutterkonzern Bytedance eine Übernahme durch Microsoft \
                      abgelehnt, wie beide Unternehmen bestätigten.";
        let english = "The software company Oracle has made an offer for the US business of \
                       the video platform TikTok. The government in Washington is reviewing \
                       the proposal, the Treasury Secretary told the broadcaster on Monday. \
                       Earlier, the parent company ByteDance had rejected a takeover by \
                       Microsoft, as both companies confirmed.";
        assert_eq!(detect(german), Some("de"));
        assert_eq!(detect(english), Some("en"));
        assert_eq!(detect("Oracle kauft TikTok."), None, "too short to tell");
    }
}
