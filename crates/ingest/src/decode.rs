//! Bytes to text: BOM, declared charset, UTF-8 validity, `chardetng` guess; plus the
//! binary sniff that runs before any of it.

use encoding_rs::{Encoding, UTF_8};
use stancemap_model::Diagnostic;

/// How many leading bytes the binary sniff and the charset prescan look at. 8 KiB covers
/// the `<head>` of real pages and is enough to see NULs of any binary format.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// Share of control bytes (other than tab, newlines, form feed, escape) in the sniffed
/// prefix above which the input is called binary. Text has none; compressed and image
/// data has about 12% (32 of 256 byte values), so 5% separates them with margin while
/// tolerating a few stray control characters in a badly exported text.
const MAX_CONTROL_SHARE: f64 = 0.05;

/// Decoded text with the diagnostics that describe how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a charset label may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// JSON is UTF-8 by definition (RFC 8259).
    AlwaysUtf8,
    /// HTML may declare its charset in a `<meta>` tag.
    HtmlMeta,
    /// Plain text: nothing declared, guess if not UTF-8.
    Guess,
}

/// Does the prefix look like binary data (NUL bytes, many control characters)?
/// UTF-16 with a BOM is text full of NULs, so callers check the BOM first.
pub fn looks_binary(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(pos) = head.iter().position(|&b| b == 0) {
        return Some(format!("NUL byte at offset {pos}"));
    }
    let controls = head.iter().filter(|&&b| is_binary_control(b)).count();
    let share = controls as f64 / head.len().max(1) as f64;
    (share > MAX_CONTROL_SHARE).then(|| {
        format!(
            "{:.0}% control characters in the first {} bytes",
            share * 100.0,
            head.len()
        )
    })
}

fn is_binary_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B) || b == 0x7F
}

/// The encoding announced by a byte-order mark, with the BOM length.
pub fn bom_encoding(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// Decode bytes to text. Valid UTF-8 always wins (a page that declares windows-1252 but
/// is valid UTF-8 with non-ASCII characters is mislabelled far more often than not);
/// otherwise the BOM, then the declared charset, then `chardetng` decide.
pub fn decode(bytes: &[u8], charset: CharsetSource) -> Decoded {
    if let Some((encoding, bom_len)) = bom_encoding(bytes) {
        return decode_with(encoding, &bytes[bom_len..], "byte-order mark");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            diagnostics: Vec::new(),
        };
    }
    if charset == CharsetSource::AlwaysUtf8 || mostly_utf8(bytes) {
        return decode_with(UTF_8, bytes, "UTF-8 with invalid bytes");
    }
    if charset == CharsetSource::HtmlMeta {
        if let Some(encoding) = declared_html_charset(bytes) {
            if encoding != UTF_8 {
                return decode_with(encoding, bytes, "declared in <meta>");
            }
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    decode_with(encoding, bytes, "guessed by chardetng")
}

/// Invalid UTF-8 with at least four valid multi-byte characters per invalid sequence is
/// UTF-8 with damage, not a legacy encoding: legacy single-byte text almost never forms
/// valid multi-byte sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (valid_multibyte, invalid) = utf8_census(bytes);
    valid_multibyte >= invalid * 4
}

/// Count (valid multi-byte characters, invalid sequences) of a byte string.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let mut rest = bytes;
    let (mut multibyte, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => return (multibyte + count_multibyte(valid), invalid),
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                multibyte += std::str::from_utf8(valid).map_or(0, count_multibyte);
                invalid += 1;
                let skip = e.error_len().unwrap_or(after.len());
                rest = &after[skip..];
            }
        }
    }
}

fn count_multibyte(text: &str) -> usize {
    text.chars().filter(|c| !c.is_ascii()).count()
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], how: &str) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut diagnostics = Vec::new();
    if encoding != UTF_8 {
        diagnostics.push(Diagnostic::info(
            "encoding",
            format!("decoded as {} ({how})", encoding.name()),
        ));
    }
    if had_errors {
        let replaced = if encoding == UTF_8 {
            utf8_census(bytes).1
        } else {
            text.chars().filter(|&c| c == '\u{FFFD}').count()
        };
        diagnostics.push(Diagnostic::warning(
            "invalid-bytes",
            format!(
                "{replaced} invalid byte sequence(s) replaced with U+FFFD while decoding as {}",
                encoding.name()
            ),
        ));
    }
    Decoded {
        text: text.into_owned(),
        diagnostics,
    }
}

/// The HTML charset prescan, simplified: the first `charset=` in the first
/// [`SNIFF_BYTES`] bytes (covers `<meta charset=..>` and the `http-equiv` content form).
pub fn declared_html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let needle = b"charset=";
    let at = lower.windows(needle.len()).position(|w| w == needle)?;
    let value = &head[at + needle.len()..];
    let value = value
        .iter()
        .position(|&b| !matches!(b, b'"' | b'\'' | b' '))
        .map_or(&value[..0], |start| &value[start..]);
    let end = value
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b' ' | b';' | b'>' | b'/'))
        .unwrap_or(value.len());
    Encoding::for_label(&value[..end])
}

/// `\r\n` and lone `\r` to `\n`.
pub fn normalise_newlines(text: String) -> String {
    // Most inputs have no CR at all: return them without copying.
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("Zürich".as_bytes(), CharsetSource::Guess).text,
            "Zürich"
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Genève".as_bytes());
        let d = decode(&bom, CharsetSource::Guess);
        assert_eq!(d.text, "Genève");
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn utf16_both_byte_orders() {
        let text = "Doha talks résumé";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le, CharsetSource::Guess).text, text);
        assert_eq!(decode(&be, CharsetSource::Guess).text, text);
    }

    #[test]
    fn declared_legacy_charset_is_used() {
        let bytes = b"<meta charset=\"windows-1252\"><p>Caf\xe9 talks \x93soon\x94</p>";
        let d = decode(bytes, CharsetSource::HtmlMeta);
        assert!(d.text.contains("Café talks \u{201C}soon\u{201D}"));
        assert!(d.diagnostics[0].message.contains("windows-1252"));
    }

    #[test]
    fn http_equiv_charset_is_found() {
        let bytes = b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-2'>";
        assert_eq!(
            declared_html_charset(bytes).map(|e| e.name()),
            Some("ISO-8859-2")
        );
    }

    #[test]
    fn damaged_utf8_is_repaired_with_a_count() {
        let mut bytes = "Négociations à Genève: « accord » près".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(b" fin");
        let d = decode(&bytes, CharsetSource::Guess);
        assert!(d.text.contains("Genève") && d.text.contains('\u{FFFD}'));
        assert!(d.diagnostics[0].message.starts_with("1 invalid"));
    }

    #[test]
    fn json_invalid_bytes_stay_utf8() {
        let d = decode(b"{\"t\":\"caf\xe9\"}", CharsetSource::AlwaysUtf8);
        assert!(d.text.contains('\u{FFFD}'));
        assert_eq!(d.diagnostics[0].code, "invalid-bytes");
    }

    #[test]
    fn binary_sniff() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00").is_some());
        assert!(looks_binary(&[0x01; 100]).is_some());
        assert!(looks_binary(b"Plain words\n\tindented\r\n").is_none());
    }

    #[test]
    fn newline_normalisation() {
        assert_eq!(normalise_newlines("a\r\nb\rc\n".into()), "a\nb\nc\n");
    }
}
