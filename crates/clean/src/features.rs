//! Per-line signals for boilerplate classification. Each signal is computed once per
//! line in a single pass over its words; `classify` combines them.

use std::borrow::Cow;

use stancemap_model::text::fold_char;

use crate::config::{push_word_key, CleanConfig, LangMask};
use crate::scan::{scan_words, Marks, Word};
use crate::truecase::{CaseProfile, SightingSink};

/// Phrases are only tried on lines of at most this many words: prompts, credits and
/// cookie notices are short; a 60-word paragraph that mentions "subscribers" is prose.
pub(crate) const MAX_PHRASE_WORDS: usize = 40;
/// A time stamp or date counts only within the first few tokens of a line (after a list
/// marker): "- Yesterday 18:40 headline", "12 May 2025 | ...".
const STAMP_WINDOW: usize = 4;

/// The signals of one non-empty line.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineFeatures {
    pub(crate) chars: usize,
    pub(crate) words: usize,
    /// Per language bit: how many words of the line are stopwords of that language.
    pub(crate) stop_hits: Vec<u16>,
    /// Highest matching boilerplate phrase weight (0 when none or the line is long).
    pub(crate) phrase_weight: f32,
    /// Starts with a list marker ("-", "•", …) followed by a space.
    pub(crate) list_marker: bool,
    /// A clock time or a number + relative-time word near the start.
    pub(crate) time_stamp: bool,
    /// A date near the start ("12 May", "2025-05-12", "12/05/2025").
    pub(crate) date_start: bool,
    /// Tokens that look like URLs, e-mail addresses or handles.
    pub(crate) url_tokens: usize,
    /// Stand-alone separators between items ("Home | World | Europe", "News › Politics"):
    /// menus and breadcrumbs.
    pub(crate) separators: usize,
    /// Ends like a sentence (., !, ?, …, optionally followed by a closing quote/bracket).
    pub(crate) terminal_punct: bool,
    /// Every word with letters starts with a capital (or is all caps): "Related Posts".
    pub(crate) all_capitalised: bool,
    /// Opens with a link heading and a colon and has no sentence ending: "Related: Tanker
    /// rates ease as exports recover".
    pub(crate) link_line: bool,
    /// Capitalisation counts for Title-Case detection (English stopwords).
    pub(crate) case: CaseProfile,
}

impl LineFeatures {
    /// Share of words that are stopwords of the language with bit `lang`.
    pub(crate) fn stopword_density(&self, lang: Option<usize>) -> f32 {
        match lang {
            Some(bit) if self.words > 0 => {
                f32::from(self.stop_hits.get(bit).copied().unwrap_or(0)) / self.words as f32
            }
            _ => 0.0,
        }
    }

    /// Stopword hits of the language with bit `lang`.
    pub(crate) fn hits(&self, lang: usize) -> u16 {
        self.stop_hits.get(lang).copied().unwrap_or(0)
    }
}

/// Compute the signals of one normalised, non-empty line, and show its words to `sink`
/// (the same word pass gives the case statistics).
pub(crate) fn line_features(
    cfg: &CleanConfig,
    line: &str,
    sink: &mut SightingSink,
) -> LineFeatures {
    let mut f = LineFeatures {
        chars: if line.is_ascii() {
            line.len()
        } else {
            line.chars().count()
        },
        stop_hits: vec![0; cfg.stopwords.language_count()],
        ..LineFeatures::default()
    };
    let mut all_capitalised = true;
    let en = cfg.stopwords.language_bit("en").map_or(0, |bit| 1 << bit);
    let mut url_hint = false;
    let marks = scan_words(line, |w| {
        f.words += 1;
        let mask = cfg.stopwords.mask_of(w);
        add_hits(&mut f.stop_hits, mask);
        f.case.add(w, mask & en != 0);
        sink.add(w);
        if w.starts_lower() {
            all_capitalised = false;
        }
        url_hint |= near_web_address(line.as_bytes(), w);
    });
    f.all_capitalised = all_capitalised && f.words > 0;
    if url_hint || marks.has(Marks::URL) {
        f.url_tokens = count_url_tokens(line);
    }
    if marks.has(Marks::SEPARATOR) {
        f.separators = count_separators(line);
    }
    f.terminal_punct = ends_like_sentence(line);
    scan_line_start(cfg, line, &mut f);
    if !f.time_stamp && !f.terminal_punct {
        f.time_stamp = ends_with_relative_time(cfg, line);
    }
    if f.words <= MAX_PHRASE_WORDS && !cfg.phrases.is_empty() {
        f.phrase_weight = cfg.phrase_weight(&phrase_key(line));
    }
    f.link_line = !f.terminal_punct && cfg.opens_with_link_heading(line);
    f
}

/// What phrases are matched against: the normalised line with typographic quotes and
/// dashes folded to ASCII (the phrase set is case-insensitive, so no lower-casing; the
/// line is already space-collapsed). ASCII lines are used as they are.
fn phrase_key(line: &str) -> Cow<'_, str> {
    if line.is_ascii() {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(line.chars().map(fold_char).collect())
    }
}

/// Is `w` the "www" of "www." or the "com" of ".com"? A line without a slash, an
/// at-sign or such a word holds no URL-like token (the word scan says so for nothing).
fn near_web_address(line: &[u8], w: &Word<'_>) -> bool {
    let text = w.text.as_bytes();
    let end = w.start + text.len();
    (text.last() == Some(&b'w') && text.ends_with(b"www") && line.get(end) == Some(&b'.'))
        || (text.first() == Some(&b'c')
            && text.starts_with(b"com")
            && w.start > 0
            && line.get(w.start - 1) == Some(&b'.'))
}

/// Menu and breadcrumb separators standing alone between words (not a leading marker).
/// Called only for lines the word scan saw a separator character in.
fn count_separators(line: &str) -> usize {
    line.split(' ')
        .skip(1)
        .filter(|t| {
            matches!(
                *t,
                "|" | ">" | "\u{203A}" | "\u{00BB}" | "/" | "\u{2022}" | "\u{00B7}"
            )
        })
        .count()
}

/// Called only for lines with a slash, an at-sign, a "www." or a ".com" (prose almost
/// never has one; the word scan tells).
fn count_url_tokens(line: &str) -> usize {
    line.split(' ').filter(|t| looks_like_url(t)).count()
}

fn add_hits(hits: &mut [u16], mask: LangMask) {
    if mask == 0 {
        return;
    }
    // Visit only the set bits: a stopword belongs to one or two languages.
    let mut rest = mask;
    while rest != 0 {
        let bit = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        if let Some(count) = hits.get_mut(bit) {
            *count = count.saturating_add(1);
        }
    }
}

/// List marker, time stamp and date at the start of the line.
fn scan_line_start(cfg: &CleanConfig, line: &str, f: &mut LineFeatures) {
    let first = before_nth_space(line, 1);
    let rest = line.get(first.len() + 1..).unwrap_or("");
    let after_marker = if cfg.list_markers.contains(first) {
        f.list_marker = true;
        rest
    } else {
        line
    };
    // Time stamps and dates all contain a digit; most lines have none up front. The
    // first tokens are the text before the window's last space: looked at in place.
    let head_text = before_nth_space(after_marker, STAMP_WINDOW);
    if !head_text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let head: Vec<&str> = after_marker.split(' ').take(STAMP_WINDOW).collect();
    let window: Vec<String> = head
        .into_iter()
        .map(|t| {
            let trimmed = t.trim_matches(|c: char| {
                matches!(c, ',' | '|' | '(' | ')' | '[' | ']' | '-' | '—' | '–')
            });
            let mut key = String::new();
            push_word_key(&mut key, trimmed);
            key
        })
        .collect();
    let has_number = window.iter().any(|t| is_small_number(t));
    let has_relative = window.iter().any(|t| cfg.relative_time_words.contains(t));
    f.time_stamp = window.iter().any(|t| is_clock_time(t)) || (has_number && has_relative);
    f.date_start = window.iter().any(|t| is_numeric_date(t))
        || (has_number
            && window
                .iter()
                .any(|t| cfg.month_words.contains(t.trim_end_matches('.'))));
}

/// A relative time stamp closing a line that is not a sentence: link lists often put the
/// age after the headline ("Talks resume in Jeddah — 3 weeks ago", "Strike vote | 2 h").
/// Clock times are not taken here: prose headings end in them too rarely to matter and
/// schedules ("Talks resume at 10:00") would be lost.
fn ends_with_relative_time(cfg: &CleanConfig, line: &str) -> bool {
    // A small number starts with a digit; most lines end without one.
    let trim = |t: &str| {
        t.trim_matches(|c: char| !c.is_alphanumeric())
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_digit)
    };
    // No digit in the last tokens (most lines): no token of them starts with one.
    if !after_nth_last_space(line, STAMP_WINDOW)
        .bytes()
        .any(|b| b.is_ascii_digit())
        || !line.rsplit(' ').take(STAMP_WINDOW).any(trim)
    {
        return false;
    }
    let mut tail: Vec<String> = line
        .rsplit(' ')
        .take(STAMP_WINDOW)
        .map(|t| {
            let mut key = String::new();
            push_word_key(&mut key, t.trim_matches(|c: char| !c.is_alphanumeric()));
            key
        })
        .collect();
    tail.reverse();
    tail.iter().any(|t| is_small_number(t))
        && tail.iter().any(|t| cfg.relative_time_words.contains(t))
}

/// The text of the first `n` tokens of `line` (split at single spaces): up to its
/// `n`-th space.
fn before_nth_space(line: &str, n: usize) -> &str {
    // A byte loop: spaces are a few bytes apart, where a searcher call costs more.
    let at = line
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b' ')
        .nth(n.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    line.get(..at).unwrap_or(line)
}

/// The text of the last `n` tokens of `line`: after its `n`-th space from the end.
fn after_nth_last_space(line: &str, n: usize) -> &str {
    let from = line
        .bytes()
        .enumerate()
        .rev()
        .filter(|(_, b)| *b == b' ')
        .nth(n.saturating_sub(1))
        .map_or(0, |(at, _)| at + 1);
    line.get(from..).unwrap_or(line)
}

/// "18:00", "9:45", "18h30", "18.00h" — a time of day.
fn is_clock_time(token: &str) -> bool {
    let t = token.trim_end_matches(['h', '.', ':']);
    let Some((h, m)) = t.split_once([':', 'h', '.']) else {
        return false;
    };
    let m = m.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    (1..=2).contains(&h.len())
        && m.len() == 2
        && h.bytes().all(|b| b.is_ascii_digit())
        && m.bytes().all(|b| b.is_ascii_digit())
        && h.parse::<u8>().is_ok_and(|h| h < 24)
        && m.parse::<u8>().is_ok_and(|m| m < 60)
}

/// "2025-05-12", "12/05/2025", "12.05.2025", "12/05/25".
fn is_numeric_date(token: &str) -> bool {
    let parts: Vec<&str> = token
        .split(['-', '/', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() == 3
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4 || p.len() == 2)
        && parts.iter().all(|p| (1..=4).contains(&p.len()))
}

/// 1 to 4 digits, optionally ordinal ("12", "3rd", "1er", "5."): days, counts of hours.
fn is_small_number(token: &str) -> bool {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    (1..=4).contains(&digits)
        && token[digits..]
            .chars()
            .all(|c| c.is_alphabetic() || c == '.')
        && token.len() - digits <= 3
}

fn looks_like_url(token: &str) -> bool {
    // Fast exit: almost every token is a plain word.
    if !token.contains(['.', '@', '/']) {
        return false;
    }
    let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '/');
    t.starts_with("http://")
        || t.starts_with("https://")
        || t.starts_with("www.")
        || (t.starts_with('@') && t.len() > 1)
        || (t.contains('@') && t.contains('.'))
        || [".com", ".org", ".net", ".html", ".php", ".co.uk"]
            .iter()
            .any(|s| t.ends_with(s) || t.split('/').next().is_some_and(|host| host.ends_with(s)))
}

fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(|c: char| {
        matches!(
            c,
            '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{00BB}' | '*'
        )
    });
    trimmed.ends_with(['.', '!', '?', '\u{2026}'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(line: &str) -> LineFeatures {
        line_features(&CleanConfig::default(), line, &mut SightingSink::default())
    }

    #[test]
    fn time_stamps_and_list_markers() {
        let f = feats("- Yesterday 18:40 Port strike ends after pay offer");
        assert!(f.list_marker && f.time_stamp);
        assert!(feats("2 hours ago Dockers vote on deal").time_stamp);
        assert!(feats("• vor 3 Stunden Tarifrunde vertagt").time_stamp);
        assert!(!feats("- Negotiators met for 18 hours in Doha.").time_stamp);
        assert!(!feats("Yesterday the envoys met again in Muscat.").time_stamp);
        assert!(feats("Dock talks resume in Oakland \u{2014} 3 weeks ago").time_stamp);
        assert!(!feats("The envoys first met 3 weeks ago.").time_stamp);
        assert!(!feats("-5 degrees in Kyiv").list_marker);
    }

    #[test]
    fn dates_at_start() {
        assert!(feats("12 May 2025 | Tariff talks").date_start);
        assert!(feats("2025-05-12 Tariff talks").date_start);
        assert!(feats("March 3, 2024 - Union update").date_start);
        assert!(!feats("Talks resumed on 12 May in Geneva.").date_start);
    }

    #[test]
    fn clock_time_shapes() {
        for ok in ["18:00", "9:45", "18h30", "07.15"] {
            assert!(is_clock_time(ok), "{ok}");
        }
        for bad in ["25:00", "1:5", "2024", "18", "3.5"] {
            assert!(!is_clock_time(bad), "{bad}");
        }
    }

    #[test]
    fn urls_punctuation_capitals() {
        let f = feats("Follow @gazaenvoy or visit www.example.org/news");
        assert_eq!(f.url_tokens, 2);
        assert_eq!(feats("Visit www.example.org today").url_tokens, 1);
        assert_eq!(
            feats("See Example.com and awww.x.net for more").url_tokens,
            2
        );
        assert_eq!(feats("It is a .company matter, wwwhat.").url_tokens, 0);
        assert_eq!(feats("Home | World | Middle East").separators, 2);
        assert_eq!(feats("Home \u{00BB} World \u{00BB} Asia").separators, 2);
        assert_eq!(feats("News \u{203A} Politics \u{203A} Trade").separators, 2);
        assert_eq!(feats("- a talk | one").separators, 1);
        assert!(feats("He said \u{201C}no.\u{201D}").terminal_punct);
        assert!(!feats("Most Read Stories").terminal_punct);
        assert!(feats("Most Read Stories").all_capitalised);
        assert!(!feats("Most read stories").all_capitalised);
    }

    #[test]
    fn stopword_hits_per_language() {
        let cfg = CleanConfig::default();
        let f = line_features(&cfg, "Lire aussi", &mut SightingSink::default());
        let fr = cfg.stopwords.language_bit("fr").unwrap();
        let en = cfg.stopwords.language_bit("en").unwrap();
        assert_eq!(f.hits(fr), 1);
        assert_eq!(f.hits(en), 0);
        let g = line_features(
            &cfg,
            "The union said it would not sign the deal",
            &mut SightingSink::default(),
        );
        assert!(g.stopword_density(Some(en)) > 0.5);
        assert_eq!(g.stopword_density(None), 0.0);
    }

    #[test]
    fn token_windows_are_the_split_tokens() {
        for line in [
            "",
            "a",
            "a b",
            "- 12 May 2025 | x y",
            "one two three four five six",
        ] {
            for n in 1..6 {
                let head: Vec<&str> = line.split(' ').take(n).collect();
                assert_eq!(before_nth_space(line, n), head.join(" "), "{line:?} {n}");
                let mut tail: Vec<&str> = line.rsplit(' ').take(n).collect();
                tail.reverse();
                assert_eq!(
                    after_nth_last_space(line, n),
                    tail.join(" "),
                    "{line:?} {n}"
                );
            }
        }
    }

    #[test]
    fn phrases_only_on_short_lines() {
        assert!(feats("Advertisement").phrase_weight >= 1.0);
        let long = format!("Subscribe {}", "word ".repeat(50));
        assert_eq!(feats(&long).phrase_weight, 0.0);
    }
}
