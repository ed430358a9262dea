//! Transliteration-aware name keys and the bounded fuzzy comparison built on them.
//!
//! A key is what stays of a name when the usual romanisation differences are taken out,
//! so "Zelenskyy", "Zelensky" and "Zelenskiy" share a key and "Umjerow" / "Umierov" /
//! "Umerov" differ by at most one letter. Rules, applied in this order to one word:
//! 1. diacritics and non-Latin scripts to ASCII (`deunicode`): "Šefčovič" → "sefcovic";
//! 2. lower case, keep letters only;
//! 3. digraphs, left to right: `tsch`/`tch` → `ch`, then `ch`/`kh`/`sh`… see
//!    `fold_at`: `kh`/`ch` → `h`, `gh`/`q`/`ck` → `k`, `ou` → `u`, `ph` → `f`,
//!    `w` → `v`, `y`/`j` → `i`, `dj`/`dzh` → `j`-less `i`;
//! 4. doubled letters collapse ("Galliamov" → "galiamov");
//! 5. endings: a final `e` after a consonant is dropped (French "Burhane" →
//!    "burhan"), and the adjectival endings `-ii`/`-i` stay a single `i`.

use deunicode::deunicode;

/// The transliteration key of one name word (see module docs).
pub fn name_key(word: &str) -> String {
    let mut key = Vec::with_capacity(word.len());
    name_key_into(word, &mut key);
    String::from_utf8(key).unwrap_or_default()
}

/// [`name_key`] into a reused buffer (cleared first); the key is ASCII. The tagger calls
/// this for every capitalised word that may be a surname, so it does not allocate for
/// ASCII words.
pub fn name_key_into(word: &str, key: &mut Vec<u8>) {
    key.clear();
    if word.is_ascii() {
        fold_letters(word.as_bytes(), key);
    } else {
        fold_letters(deunicode(word).as_bytes(), key);
    }
    key.dedup();
    drop_silent_final_e(key);
}

/// Rules 2 and 3: lower-case letters only, digraphs folded, appended to `out`. Folding
/// never lengthens (every replacement is at most as long as what it replaces), so it runs
/// in place behind the read position.
fn fold_letters(ascii: &[u8], out: &mut Vec<u8>) {
    let from = out.len();
    out.extend(
        ascii
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .map(u8::to_ascii_lowercase),
    );
    let (mut read, mut write) = (from, from);
    while read < out.len() {
        let (folded, used) = fold_at(&out[read..]);
        out[write..write + folded.len()].copy_from_slice(folded);
        write += folded.len();
        read += used;
    }
    out.truncate(write);
}

/// The first byte of [`name_key`] without allocating, for ASCII words (a cheap filter
/// before computing whole keys); `None` for other words.
pub fn key_initial(word: &str) -> Option<u8> {
    if !word.is_ascii() {
        return None;
    }
    // The longest digraph is 4 letters: the first four letters decide the first byte.
    let mut buf = [0u8; 4];
    let mut n = 0;
    for b in word.bytes().filter(u8::is_ascii_alphabetic).take(buf.len()) {
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    (n > 0).then(|| fold_at(&buf[..n]).0[0])
}

/// The key initials ([`key_initial`]) an ASCII word whose first letter is the lower-case
/// `letter` can have: the letter's own fold, and the folds of the digraphs starting with
/// it (see [`fold_at`]). A filter that needs no folding at all.
pub fn possible_key_initials(letter: u8) -> &'static [u8] {
    match letter {
        b't' => b"th",
        b'd' => b"di",
        b'k' => b"kh",
        b'c' => b"chk",
        b'g' => b"gk",
        b'p' => b"pf",
        b'o' => b"ou",
        b'a'..=b'z' => {
            const SINGLE: &[u8; 26] = b"abcdefghiiklmnopkrstuvvkiz";
            std::slice::from_ref(&SINGLE[usize::from(letter - b'a')])
        }
        _ => b"",
    }
}

/// Fold the letters at the start of `rest`: the folded bytes and how many were consumed.
fn fold_at(rest: &[u8]) -> (&'static [u8], usize) {
    // Slice patterns, longest digraph first: compiled to byte compares (prefix tests with
    // `starts_with` went through `memcmp`, ~5 % of tagging).
    match rest {
        [b't', b's', b'c', b'h', ..] => (b"h", 4),
        [b'd', b'z', b'h', ..] => (b"i", 3),
        [b't', b'c', b'h', ..] => (b"h", 3),
        [b's', b'c', b'h', ..] => (b"sh", 3),
        [b'k', b'h', ..] | [b'c', b'h', ..] => (b"h", 2),
        [b'g', b'h', ..] | [b'c', b'k', ..] => (b"k", 2),
        [b'p', b'h', ..] => (b"f", 2),
        [b'o', b'u', ..] => (b"u", 2),
        [b'd', b'j', ..] => (b"i", 2),
        _ => {
            const SINGLE: &[u8; 26] = b"abcdefghiiklmnopkrstuvvkiz";
            let i = usize::from(rest[0].wrapping_sub(b'a')).min(25);
            (std::slice::from_ref(&SINGLE[i]), 1)
        }
    }
}

/// French and German transcriptions add a silent final `e` ("Burhane", "Sinouare").
fn drop_silent_final_e(key: &mut Vec<u8>) {
    if key.len() > 4 && key.last() == Some(&b'e') {
        let before = key[key.len() - 2];
        if !matches!(before, b'a' | b'e' | b'i' | b'o' | b'u') {
            key.pop();
        }
    }
}

/// Levenshtein distance between two byte strings, stopping early above `bound`
/// (returns `bound + 1` then).
pub fn bounded_edit_distance(a: &[u8], b: &[u8], bound: usize) -> usize {
    if a.len().abs_diff(b.len()) > bound {
        return bound + 1;
    }
    // Name keys are short: two rows on the stack, no allocation, for keys up to 63 bytes.
    const MAX: usize = 64;
    if b.len() >= MAX {
        return bounded_edit_distance_long(a, b, bound);
    }
    let mut prev = [0usize; MAX];
    let mut cur = [0usize; MAX];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > bound {
            return bound + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn bounded_edit_distance_long(a: &[u8], b: &[u8], bound: usize) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(bound + 1)
}

/// How far two keys may be apart and still name the same person.
///
/// Thresholds: a key shorter than 4 letters must be equal (too many short surnames
/// collide: "Li"/"Lee", "Kim"/"Kin"); otherwise one edit ("Umerov"/"Umierov"); two edits
/// only when the longer key has 8 letters or more ("Zensky"/"Zelensky", a mistranslation
/// dropping a syllable). Two edits on 6-letter names merge different people
/// ("Peskov"/"Petrov").
pub fn allowed_distance(shorter_len: usize, longer_len: usize) -> usize {
    if shorter_len < 4 {
        0
    } else if longer_len >= 8 {
        2
    } else {
        1
    }
}

/// Do two surname keys name the same person?
///
/// Besides the edit bound, both keys must start with the same letter and end with the
/// same two letters: transliteration noise sits in the middle of a name ("Umjerow"), while
/// a different ending is a different name ("Zelenko" is not "Zelensky" although both are
/// two edits away from it).
pub fn surname_keys_match(a: &str, b: &str) -> bool {
    if a == b {
        return !a.is_empty();
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let shorter = a.len().min(b.len());
    if shorter < 4 || a[0] != b[0] {
        return false;
    }
    // Last two bytes compared one by one (a slice compare is a `memcmp` call).
    if a[a.len() - 1] != b[b.len() - 1] || a[a.len() - 2] != b[b.len() - 2] {
        return false;
    }
    let bound = allowed_distance(shorter, a.len().max(b.len()));
    bounded_edit_distance(a, b, bound) <= bound
}

/// Are two first names compatible: equal keys, or one is an initial of the other.
pub fn first_names_compatible(a: &str, b: &str) -> bool {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return true;
    }
    if ka == kb {
        return true;
    }
    let is_initial = |w: &str| w.trim_end_matches('.').chars().count() == 1;
    (is_initial(a) || is_initial(b)) && ka.as_bytes()[0] == kb.as_bytes()[0]
        || surname_keys_match(&ka, &kb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The key as first written: a letter vector, then a digraph table scanned with
    /// `starts_with`. The in-place, slice-pattern version must agree with it.
    fn reference_key(word: &str) -> String {
        const DIGRAPHS: &[(&[u8], &[u8])] = &[
            (b"tsch", b"h"),
            (b"dzh", b"i"),
            (b"tch", b"h"),
            (b"sch", b"sh"),
            (b"kh", b"h"),
            (b"ch", b"h"),
            (b"gh", b"k"),
            (b"ck", b"k"),
            (b"ph", b"f"),
            (b"ou", b"u"),
            (b"dj", b"i"),
        ];
        const SINGLE: &[u8; 26] = b"abcdefghiiklmnopkrstuvvkiz";
        let letters: Vec<u8> = deunicode(word)
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| b.to_ascii_lowercase())
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        'letters: while i < letters.len() {
            for (from, to) in DIGRAPHS {
                if letters[i..].starts_with(from) {
                    out.extend_from_slice(to);
                    i += from.len();
                    continue 'letters;
                }
            }
            out.push(SINGLE[usize::from(letters[i] - b'a')]);
            i += 1;
        }
        out.dedup();
        drop_silent_final_e(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    proptest! {
        #[test]
        fn key_matches_reference(word in "[A-Za-z\\-' ]{0,14}|[a-zšžčéöüñ]{1,10}|(tsch|dzh|sch|ch|kh|gh|ou|dj|[a-z]){1,8}") {
            prop_assert_eq!(name_key(&word), reference_key(&word));
            prop_assert_eq!(
                key_initial(&word),
                if word.is_ascii() { name_key(&word).bytes().next() } else { None }
            );
        }
    }

    fn same(a: &str, b: &str) -> bool {
        surname_keys_match(&name_key(a), &name_key(b))
    }

    #[test]
    fn romanisation_variants_share_or_nearly_share_a_key() {
        for (a, b) in [
            ("Zelenskyy", "Zelensky"),
            ("Zelenskiy", "Zelensky"),
            ("Zelenskyi", "Zelenskyy"),
            ("Zensky", "Zelensky"),
            ("Umerov", "Umjerow"),
            ("Umierov", "Umerov"),
            ("Galliamov", "Galljamow"),
            ("Medinsky", "Medinskiy"),
            ("Araghchi", "Araqchi"),
            ("Araghtschi", "Araghchi"),
            ("Hemedti", "Hemeti"),
            ("Burhan", "Burhane"),
            ("Netanyahu", "Netanyahou"),
            ("Sinwar", "Sinouar"),
            ("Šefčovič", "Sefcovic"),
        ] {
            assert!(same(a, b), "{a} / {b}: {} vs {}", name_key(a), name_key(b));
        }
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("Zelenko", "Zelensky"),
            ("Rubio", "Rubin"),
            ("Putin", "Pushkin"),
            ("Kim", "Kin"),
            ("Lavrov", "Lavrin"),
            ("Peskov", "Petrov"),
        ] {
            assert!(!same(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn possible_key_initials_cover_every_word_start() {
        // Every four-letter start (the longest digraph) of every first letter.
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                for c in b'a'..=b'z' {
                    for d in [b'a', b'h', b'j', b'k', b'u', b'z'] {
                        let w = [a.to_ascii_uppercase(), b, c, d];
                        let w = std::str::from_utf8(&w).unwrap();
                        let initial = key_initial(w).unwrap();
                        assert!(possible_key_initials(a).contains(&initial), "{w}");
                    }
                }
            }
        }
    }

    #[test]
    fn key_initial_agrees_with_name_key() {
        for w in [
            "Zelensky",
            "Khalid",
            "Chernov",
            "Yermak",
            "Jordan",
            "Ghani",
            "Qasem",
            "Wang",
            "Xi",
            "Tschernow",
            "Ouattara",
        ] {
            assert_eq!(key_initial(w), name_key(w).bytes().next(), "{w}");
        }
        assert_eq!(key_initial("Šefčovič"), None);
    }

    #[test]
    fn keys_fold_digraphs_and_doubles() {
        assert_eq!(name_key("Galliamov"), name_key("Galljamow"));
        assert_eq!(name_key("Araqchi"), name_key("Araghchi"));
        assert_eq!(name_key("Zelenskyy"), "zelenski");
    }

    #[test]
    fn first_name_initials_are_compatible() {
        assert!(first_names_compatible("V.", "Volodymyr"));
        assert!(first_names_compatible("Sergei", "Sergey"));
        assert!(!first_names_compatible("Hunter", "Joe"));
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(bounded_edit_distance(b"kitten", b"sitting", 5), 3);
        assert_eq!(bounded_edit_distance(b"abcdef", b"uvwxyz", 2), 3);
        let long = [b'a'; 70];
        let mut other = long;
        other[3] = b'b';
        assert_eq!(bounded_edit_distance(&long, &other, 2), 1);
    }
}
