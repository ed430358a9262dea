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
    normalize_cow(line).into_owned()
}

/// [`normalize_line`], borrowing the line when it is normal already (most lines are).
pub(crate) fn normalize_cow(line: &str) -> Cow<'_, str> {
    if is_normal(line) {
        return Cow::Borrowed(line);
    }
    Cow::Owned(normalize_slow(line))
}

fn normalize_slow(line: &str) -> String {
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

/// Fast path (most lines of news): text that the full pass would return unchanged — no
/// control character, no doubled/leading/trailing space, no " -x", no exotic space or
/// invisible character, and NFC. Decided on bytes; only non-ASCII characters are
/// decoded, and only a character outside Latin (below U+0300, where nothing changes
/// under NFC) and general punctuation (typographic quotes, dashes, ellipsis) makes the
/// whole line take the NFC quick check.
fn is_normal(line: &str) -> bool {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut check_nfc = false;
    let mut i = 0;
    while i < bytes.len() {
        // Eight plain ASCII bytes at a time; anything else is looked at byte by byte.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let after_space = i > 0 && bytes[i - 1] == b' ';
            if quiet_ascii(chunk) && !(after_space && matches!(chunk[0], b' ' | b'-')) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b >= 0x80 {
            let Some(c) = line[i..].chars().next() else {
                return false;
            };
            if is_space(c) || is_invisible(c) {
                return false;
            }
            check_nfc |= !nfc_stable(c);
            i += c.len_utf8();
            continue;
        }
        let suspicious = match b {
            0..=0x1F => true,
            // Looking back, so a pair split by an eight-byte step is still seen.
            b' ' => i > 0 && bytes[i - 1] == b' ',
            // " -x": a split compound to repair (or a bullet, which the slow pass keeps).
            b'-' => {
                i > 0
                    && bytes[i - 1] == b' '
                    && bytes
                        .get(i + 1)
                        .is_some_and(|n| n.is_ascii_alphabetic() || *n >= 0x80)
            }
            _ => false,
        };
        if suspicious {
            return false;
        }
        i += 1;
    }
    !check_nfc || matches!(is_nfc_quick(line.chars()), IsNormalized::Yes)
}

/// Eight bytes that are ASCII, not control characters, and hold no space followed by a
/// space or a hyphen: nothing [`is_normal`] looks for (a space or hyphen opening the
/// chunk is checked against the byte before it by the caller). Word-at-a-time tests on
/// bytes below 0x80, where adding 0x60 cannot carry into the next byte.
fn quiet_ascii(chunk: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(chunk);
    let x = u64::from_le_bytes(bytes);
    if x & HIGH != 0 {
        return false;
    }
    // High bit of each byte set when the byte is at least 0x20.
    let printable = x.wrapping_add(0x6060_6060_6060_6060) & HIGH;
    if printable != HIGH {
        return false;
    }
    // High bit set exactly where the byte equals `b`.
    let equal = |b: u8| {
        let y = x ^ (u64::from(b) * 0x0101_0101_0101_0101);
        !(((y & LOW7) + LOW7) | y | LOW7)
    };
    let spaces = equal(b' ');
    let space_or_hyphen = spaces | equal(b'-');
    (spaces << 8) & space_or_hyphen == 0
}

/// Characters NFC leaves alone in any context: Latin-1 and Latin Extended (below the
/// combining marks at U+0300) and general punctuation (U+2010-U+2027, U+2030-U+205E;
/// the spaces and invisibles of that block are caught before).
fn nfc_stable(c: char) -> bool {
    c < '\u{0300}'
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || ('\u{2030}'..='\u{205E}').contains(&c)
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
            "\u{201C}Caf\u{00E9}\u{201D} \u{2014} na\u{00EF}ve\u{2026}",
            "\u{2126} Kelvin \u{212A} \u{00C5}",
            "a\u{2000}b \u{2028}",
            "a  b",
            " a",
            "a ",
            "a -b",
            "a - b",
            "x\ty",
            "- item",
        ] {
            let fast = is_normal(s);
            if fast {
                assert_eq!(normalize_slow(s), s, "{s:?}");
            }
        }
        assert!(is_normal("plain words here."));
        assert!(is_normal(
            "\u{201C}Caf\u{00E9}\u{201D} \u{2014} na\u{00EF}ve\u{2026}"
        ));
        assert!(!is_normal("a -b"));
        assert!(!is_normal("a -\u{00E9}t\u{00E9}"));
        assert!(!is_normal("a\u{00A0}b"));
        assert!(!is_normal("Gen\u{0065}\u{0300}ve"));
        assert!(!is_normal("x\u{200B}y"));
    }

    #[test]
    fn eight_byte_steps_agree_with_byte_steps() {
        let cases = [
            "Negotiators met in Doha on Sunday, where mediators pressed on.",
            "Negotiators met in Doha on  Sunday, where mediators pressed on.",
            "Negotiators met in Doha on Sunday -where mediators pressed on.",
            "Negotiators met in Doha on Sunday - where mediators pressed on.",
            "Negotiators met in Doha\ton Sunday, where mediators pressed on.",
            "Negotiators met in Doha \u{2014} on Sunday, where\u{00A0}mediators met.",
            "Negotiators met in Doha on Sunday, where mediators pressed on. ",
            "abcdefg  hijklmnop",
            "abcdefgh -ijklmnop",
            "abcdefg -hijklmnop",
        ];
        for s in cases {
            let by_bytes = normalize_slow(s) == s;
            assert_eq!(is_normal(s), by_bytes, "{s:?}");
        }
    }

    /// The byte-by-byte test `is_normal` was before it took eight bytes at a time.
    fn is_normal_by_bytes(line: &str) -> bool {
        let bytes = line.as_bytes();
        if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
            return false;
        }
        let mut check_nfc = false;
        for (i, c) in line.char_indices() {
            if !c.is_ascii() {
                if is_space(c) || is_invisible(c) {
                    return false;
                }
                check_nfc |= !nfc_stable(c);
                continue;
            }
            let next = bytes.get(i + 1);
            let suspicious = match c {
                '\0'..='\u{1F}' => true,
                ' ' => next == Some(&b' '),
                '-' => {
                    i > 0
                        && bytes[i - 1] == b' '
                        && next.is_some_and(|n| n.is_ascii_alphabetic() || *n >= 0x80)
                }
                _ => false,
            };
            if suspicious {
                return false;
            }
        }
        !check_nfc || matches!(is_nfc_quick(line.chars()), IsNormalized::Yes)
    }

    proptest::proptest! {
        #[test]
        fn eight_byte_steps_agree_with_the_byte_test(
            line in "[ab \t.\u{e9}\u{a0}\u{301}\u{2019}-]{0,40}"
        ) {
            proptest::prop_assert_eq!(is_normal(&line), is_normal_by_bytes(&line));
        }
    }

    #[test]
    fn nfc_stable_characters_pass_the_nfc_quick_check_alone() {
        let ranges = [
            ('\u{0080}', '\u{02FF}'),
            ('\u{2010}', '\u{2027}'),
            ('\u{2030}', '\u{205E}'),
        ];
        for (lo, hi) in ranges {
            for c in (lo..=hi).filter(|c| nfc_stable(*c)) {
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            }
        }
    }

    #[test]
    fn idempotent_on_examples() {
        for s in ["mid -May  talks", " - a -b ", "x\u{00A0}-y"] {
            let once = normalize_line(s);
            assert_eq!(normalize_line(&once), once);
        }
    }
}
