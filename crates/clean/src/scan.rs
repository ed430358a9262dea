//! One fast pass over the words of a line, with their lookup keys and whether they open a
//! sentence. Same word definition as `stancemap_model::text::words` (alphanumeric runs
//! with inner apostrophes and hyphens), but without per-word allocation: the key is built
//! in a reusable buffer. This pass runs over every byte of every article.

use stancemap_model::text::fold_char;

/// A word of a line.
pub(crate) struct Word<'t> {
    pub(crate) start: usize,
    pub(crate) text: &'t str,
    /// Lower-case, apostrophes folded (valid only during the callback).
    pub(crate) key: &'t str,
    /// First word, or the text since the previous word holds `.`, `!`, `?`, `:` or `…`.
    pub(crate) initial: bool,
}

/// Call `f` for every word of `line`, in order.
pub(crate) fn scan_words(line: &str, f: impl FnMut(&Word<'_>)) {
    if line.is_ascii() {
        scan_ascii(line, f);
    } else {
        scan_unicode(line, f);
    }
}

/// The common case, on bytes: no char decoding, no Unicode tables. A word's key is its
/// own text when it holds no capital and no backtick (most words of prose); only the
/// others are lower-cased, once, into a reused buffer.
fn scan_ascii(line: &str, mut f: impl FnMut(&Word<'_>)) {
    let bytes = line.as_bytes();
    let mut key = String::with_capacity(32);
    let mut start: Option<usize> = None;
    let mut needs_fold = false;
    let mut initial = true;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            start.get_or_insert(i);
            needs_fold |= b.is_ascii_uppercase();
            continue;
        }
        let joiner = matches!(b, b'\'' | b'-' | b'`');
        if start.is_some() && joiner && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
            needs_fold |= b == b'`';
            continue;
        }
        if let Some(s) = start.take() {
            emit_ascii(&mut f, line, s, i, needs_fold, &mut key, initial);
            needs_fold = false;
            initial = false;
        }
        if matches!(b, b'.' | b'!' | b'?' | b':') {
            initial = true;
        }
    }
    if let Some(s) = start {
        emit_ascii(&mut f, line, s, line.len(), needs_fold, &mut key, initial);
    }
}

/// Emit an ASCII word; its key is the text itself unless it needs lower-casing or
/// backtick folding.
fn emit_ascii(
    f: &mut impl FnMut(&Word<'_>),
    line: &str,
    start: usize,
    end: usize,
    needs_fold: bool,
    key: &mut String,
    initial: bool,
) {
    let text = &line[start..end];
    if !needs_fold {
        emit(f, line, start, end, text, initial);
        return;
    }
    key.clear();
    key.extend(text.bytes().map(|b| match b {
        b'`' => '\'',
        b => char::from(b.to_ascii_lowercase()),
    }));
    emit(f, line, start, end, key, initial);
}

fn scan_unicode(line: &str, mut f: impl FnMut(&Word<'_>)) {
    let mut key = String::with_capacity(32);
    let mut start: Option<usize> = None;
    let mut initial = true;
    let mut iter = line.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            push_key_char(&mut key, c);
            continue;
        }
        if start.is_some()
            && is_inner_joiner(c)
            && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            push_key_char(&mut key, c);
            continue;
        }
        if let Some(s) = start.take() {
            emit(&mut f, line, s, i, &key, initial);
            key.clear();
            initial = false;
        }
        if matches!(c, '.' | '!' | '?' | ':' | '\u{2026}') {
            initial = true;
        }
    }
    if let Some(s) = start {
        emit(&mut f, line, s, line.len(), &key, initial);
    }
}

fn emit(
    f: &mut impl FnMut(&Word<'_>),
    line: &str,
    start: usize,
    end: usize,
    key: &str,
    initial: bool,
) {
    f(&Word {
        start,
        text: &line[start..end],
        key,
        initial,
    });
}

fn push_key_char(key: &mut String, c: char) {
    if c.is_ascii() {
        key.push(c.to_ascii_lowercase());
    } else {
        key.extend(fold_char(c).to_lowercase());
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(fold_char(c), '\'' | '-')
}

/// FxHash (rustc's hasher, from `rustc-hash`): the stopword map is hit once per word of
/// every article and its keys are short, trusted vocabulary, so SipHash's DoS resistance
/// buys nothing.
pub(crate) type FxBuild = rustc_hash::FxBuildHasher;

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(line: &str) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        scan_words(line, |w| {
            out.push((w.text.to_string(), w.key.to_string(), w.initial))
        });
        out
    }

    #[test]
    fn same_words_as_model() {
        for line in [
            "Mid-May: Ukraine\u{2019}s envoy -- 30 days.",
            "\u{201C}No,\u{201D} he said. Don't -- 'quoted' x-",
            "",
            "é-à l'été",
            "Plain ASCII: it's a cease-fire -- x- 'q' `b`a 3.5 U.S. end",
        ] {
            let ours: Vec<(usize, String)> = {
                let mut v = Vec::new();
                scan_words(line, |w| v.push((w.start, w.text.to_string())));
                v
            };
            let model: Vec<(usize, String)> = stancemap_model::text::words(line)
                .map(|(s, w)| (s, w.to_string()))
                .collect();
            assert_eq!(ours, model, "{line}");
        }
    }

    #[test]
    fn ascii_keys_are_word_keys() {
        let line = "The EU's `Deal` -- it's x-Ray, NATO and don`t 3Rd-party.";
        scan_words(line, |w| {
            assert_eq!(w.key, crate::config::word_key(w.text), "{}", w.text);
        });
    }

    #[test]
    fn keys_and_sentence_starts() {
        let got = collect("Kyiv\u{2019}s Plan. Talks: Resume now");
        assert_eq!(
            got,
            vec![
                ("Kyiv\u{2019}s".into(), "kyiv's".into(), true),
                ("Plan".into(), "plan".into(), false),
                ("Talks".into(), "talks".into(), true),
                ("Resume".into(), "resume".into(), true),
                ("now".into(), "now".into(), false),
            ]
        );
    }
}
