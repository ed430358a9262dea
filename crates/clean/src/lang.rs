//! Document language: `whatlang` over the start of the text, mapped to ISO 639-1.

use whatlang::Lang;

/// Upper bound on what whatlang reads; the caller samples less (see the crate docs).
const DETECT_BYTES: usize = 4096;

/// What the detector said about a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Detected {
    /// ISO 639-1 code (or ISO 639-3 when the language has no two-letter code).
    pub(crate) code: String,
    pub(crate) reliable: bool,
}

/// Detect the language of `text` (only its first [`DETECT_BYTES`] bytes are read).
pub(crate) fn detect(text: &str) -> Option<Detected> {
    let head = prefix_on_char_boundary(text, DETECT_BYTES);
    let info = whatlang::detect(head)?;
    Some(Detected {
        code: iso_639_1(info.lang()).to_string(),
        reliable: info.is_reliable(),
    })
}

fn prefix_on_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// whatlang speaks ISO 639-3; the rest of stancemap speaks ISO 639-1.
fn iso_639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        let en = "The union and the port operator agreed on Tuesday to resume talks over \
                  wages after a strike that lasted nine days and left ships waiting.";
        let de = "Die Gewerkschaft und die Arbeitgeber haben sich am Dienstag darauf \
                  geeinigt, die Tarifverhandlungen nach dem Streik fortzusetzen.";
        assert_eq!(detect(en).map(|d| d.code), Some("en".to_string()));
        assert_eq!(detect(de).map(|d| d.code), Some("de".to_string()));
    }

    #[test]
    fn prefix_respects_char_boundaries() {
        let s = "é".repeat(3000);
        let p = prefix_on_char_boundary(&s, DETECT_BYTES);
        assert!(p.len() <= DETECT_BYTES && p.len().is_multiple_of(2));
    }
}
