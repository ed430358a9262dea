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
    let ascii = if word.is_ascii() {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(deunicode(word))
    };
    let letters: Vec<u8> = ascii
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let mut folded = Vec::with_capacity(letters.len());
    let mut i = 0;
    while i < letters.len() {
        let (out, used) = fold_at(&letters[i..]);
        folded.extend_from_slice(out);
        i += used;
    }
    folded.dedup();
    drop_silent_final_e(&mut folded);
    String::from_utf8(folded).unwrap_or_default()
}

/// The first byte of [`name_key`] without allocating, for ASCII words (a cheap filter
/// before computing whole keys); `None` for other words.
pub fn key_initial(word: &str) -> Option<u8> {
    let mut buf = [0u8; 4];
    let mut n = 0;
    for b in word.bytes() {
        if !b.is_ascii() {
            return None;
        }
        if b.is_ascii_alphabetic() && n < buf.len() {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    (n > 0).then(|| fold_at(&buf[..n]).0[0])
}

/// Fold the letters at the start of `rest`: the folded bytes and how many were consumed.
fn fold_at(rest: &[u8]) -> (&'static [u8], usize) {
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
    for (from, to) in DIGRAPHS {
        if rest.starts_with(from) {
            return (to, from.len());
        }
    }
    const SINGLE: &[u8; 26] = b"abcdefghiiklmnopkrstuvvkiz";
    let i = usize::from(rest[0].wrapping_sub(b'a')).min(25);
    (std::slice::from_ref(&SINGLE[i]), 1)
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
    if shorter < 4 || a[0] != b[0] || a[a.len() - 2..] != b[b.len() - 2..] {
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
