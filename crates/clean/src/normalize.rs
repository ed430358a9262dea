//! Line normalisation: Unicode NFC, invisible characters out, exotic spaces to a plain
//! space, runs of spaces collapsed, machine-translation hyphen splits repaired.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalise one line (paragraph) of an article. Typographic quotes are kept: the stored
/// text stays what the outlet printed; matching keys fold them later.
///
/// - Unicode NFC (composed accents compare equal to precomposed ones).
/// - Zero-width characters, word joiners, byte-order marks and soft hyphens removed.
/// - NBSP, thin/narrow/ideographic and other exotic spaces, tabs and stray line breaks
///   become a plain space; runs collapse to one space; the line is trimmed.
/// - "mid -May" → "mid-May": a space before a hyphen that directly follows a word
///   character and directly precedes a letter is a machine-translation split of a
///   compound. A bullet ("- item" at the start), a spaced dash ("a - b") and a negative
///   number ("at -5") do not match the rule.
pub fn normalize_line(line: &str) -> String {
    if is_normal_ascii(line) {
        return line.to_string();
    }
    let nfc: Cow<'_, str> = match is_nfc_quick(line.chars()) {
        IsNormalized::Yes => Cow::Borrowed(line),
        _ => Cow::Owned(line.nfc().collect()),
    };
    let mut out = String::with_capacity(nfc.len());
    let mut chars = nfc.chars().filter(|c| !is_invisible(*c)).peekable();
    while let Some(c) = chars.next() {
        if is_space(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if c == '-' && out.ends_with(' ') && chars.peek().is_some_and(|n| n.is_alphabetic()) {
            repair_split_hyphen(&mut out);
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Fast path (most lines of English news): plain ASCII that the full pass would return
/// unchanged — no control characters, no doubled/leading/trailing space, no " -x".
fn is_normal_ascii(line: &str) -> bool {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut prev = 0u8;
    for (i, &b) in bytes.iter().enumerate() {
        let suspicious = !(0x20..0x80).contains(&b)
            || (b == b' ' && prev == b' ')
            || (b == b'-' && prev == b' ' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic));
        if suspicious {
            return false;
        }
        prev = b;
    }
    true
}

/// `out` ends with a space and a hyphen + letter follows: drop the space when a word
/// character precedes it ("cease -fire"), keep it otherwise ("- item", ": -x").
fn repair_split_hyphen(out: &mut String) {
    let before_space = out[..out.len() - 1].chars().next_back();
    if before_space.is_some_and(char::is_alphanumeric) {
        out.pop();
    }
}

/// Characters with no visible width that only break matching.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}' // zero-width space
            | '\u{200C}' // zero-width non-joiner
            | '\u{200D}' // zero-width joiner
            | '\u{2060}' // word joiner
            | '\u{FEFF}' // byte-order mark / zero-width no-break space
    )
}

/// Any kind of space, tab or line break (all become one plain space).
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00A0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_split_compounds() {
        assert_eq!(normalize_line("in mid -May"), "in mid-May");
        assert_eq!(normalize_line("a cease -fire"), "a cease-fire");
        assert_eq!(normalize_line("long -term peace"), "long-term peace");
        assert_eq!(normalize_line("has -or -proposed"), "has-or-proposed");
    }

    #[test]
    fn keeps_bullets_dashes_and_negative_numbers() {
        assert_eq!(normalize_line("- item one"), "- item one");
        assert_eq!(normalize_line("-item"), "-item");
        assert_eq!(normalize_line("Gaza - Doha talks"), "Gaza - Doha talks");
        assert_eq!(normalize_line("fell to -5 degrees"), "fell to -5 degrees");
        assert_eq!(normalize_line("said: -not now"), "said: -not now");
    }

    #[test]
    fn spaces_and_invisibles() {
        assert_eq!(
            normalize_line(" \u{FEFF}Cease\u{00AD}fire\u{00A0}\u{00A0}talks\t\tresume\u{200B} "),
            "Ceasefire talks resume"
        );
        assert_eq!(normalize_line("a\u{202F}b\u{3000}c\r"), "a b c");
        assert_eq!(normalize_line("   "), "");
    }

    #[test]
    fn nfc_and_quotes_kept() {
        assert_eq!(normalize_line("Gen\u{0065}\u{0300}ve"), "Gen\u{00E8}ve");
        assert_eq!(
            normalize_line("\u{201C}No deal\u{201D}, he said"),
            "\u{201C}No deal\u{201D}, he said"
        );
    }

    #[test]
    fn fast_path_agrees_with_full_pass() {
        for s in [
            "plain words here.",
            "a  b",
            " a",
            "a ",
            "a -b",
            "a - b",
            "x\ty",
            "- item",
        ] {
            let fast = is_normal_ascii(s);
            if fast {
                assert_eq!(normalize_line(s), s, "{s:?}");
            }
        }
        assert!(is_normal_ascii("plain words here."));
        assert!(!is_normal_ascii("a -b"));
    }

    #[test]
    fn idempotent_on_examples() {
        for s in ["mid -May  talks", " - a -b ", "x\u{00A0}-y"] {
            let once = normalize_line(s);
            assert_eq!(normalize_line(&once), once);
        }
    }
}
