//! stancemap-clean: a [`RawArticle`] (one paragraph per line) in, clean paragraphs out —
//! boilerplate lines taken out, text normalised, Title-Case paragraphs restored to
//! sentence case, document language detected. Pure: no IO, no clock, no randomness.
//!
//! # Design decisions
//!
//! **Boilerplate is decided per line by general signals, not by a list of known lines.**
//! The method is jusText's (Pomikálek 2011) adapted to plain text, where there are no
//! links or tags:
//!
//! 1. Every non-empty line gets signals (module `features`): length in characters and
//!    words, stopword hits for every language of `data/stopwords.toml`, a leading list
//!    marker, a time stamp or date among its first 4 tokens, URL-like tokens, sentence-final
//!    punctuation, every word capitalised, and the highest weight of the
//!    `data/boilerplate.toml` phrase patterns it matches (phrases are only tried on lines
//!    of ≤ 40 words: a long paragraph mentioning "subscribers" is prose).
//! 2. The signals add up to *boilerplate evidence*: phrase weight + list marker 0.25 +
//!    time stamp 0.6 + leading date 0.4 + URL density > 0.2 → 1.0 + ≥ 2 stand-alone
//!    separators in ≤ 20 words ("Home | World | Europe") → 1.0 + a line whose stopwords
//!    are all of another language than the document's (0.6 when short, 0.3 when long) +
//!    a short line with every word capitalised and no sentence ending 0.2. The weights are
//!    set so that no single weak signal condemns a line (a bulleted sentence, a dateline,
//!    one French word) but two together do ("- Yesterday 18:40 headline" = 0.85 + short).
//!    A time stamp in front of a prose sentence (a live blog entry) counts half.
//! 3. Initial class, jusText's defaults: evidence ≥ 1.0 → bad. Lines under 70 chars
//!    (`length_low`) are *short*, or *bad* with evidence ≥ 0.5, or *near-good* when they
//!    read as a sentence (terminal punctuation, ≥ 4 words, stopword density ≥ 0.20) so a
//!    one-sentence closing paragraph survives. Longer lines: stopword density ≥ 0.24 and
//!    more than 200 chars, or ≥ 120 chars ending like a sentence (wire copy's one-sentence
//!    paragraphs) → *good*; density ≥ 0.20 → *near-good*; else *bad* (a headline
//!    list or a menu has few function words). jusText's 0.30 / 0.32 assume stoplists of
//!    several hundred words; with our 110-200-word lists news prose measures 0.27 and up,
//!    headline lists 0.0-0.25. Evidence ≥ 0.5 caps a line at near-good. Without a
//!    stopword list for the document language the density thresholds are 0 (jusText's
//!    length-only fallback).
//! 4. Position: lines after the last good line are the *tail*; there evidence ≥ 0.5 is
//!    enough to be bad, and a trailing run of ≥ 3 list-like lines (list marker, time stamp,
//!    or ≤ 20 words without sentence ending) is a link list and bad. Anywhere in the
//!    document, the list-like lines right after a heading that a phrase decides alone
//!    ("Related coverage:", "Most read") are its links and are removed; a line with a
//!    sentence ending (and no list marker) ends the list; a link heading with its link
//!    on the same line ("Related: <headline>", `link_headings` in the data) is one too.
//!    They are removed after smoothing, so they change no other line's context.
//! 5. Headings (jusText's "good headings"): a short or low-density line of ≤ 20 words
//!    without sentence ending and with evidence < 0.5 that is followed by a good line
//!    within 200 characters becomes near-good, so section headings stay.
//! 6. Inline prompts do not cut the article: a short bad line with evidence ≥ 0.5 alone
//!    between non-bad lines ("Advertisement", "Read more: …") is a *prompt*, removed but
//!    skipped when smoothing looks for neighbours.
//! 7. Context smoothing (jusText): a short line between good lines is good, between bad
//!    ones bad; mixed, it is good only when a near-good line separates it from the bad
//!    side. A near-good line is bad only when both neighbours are bad. Document edges
//!    count as bad. Only good lines are kept.
//! 8. When the format declared no title, the first line is the title position: it is
//!    kept when its evidence is < 0.5 and it has ≤ 25 words, whatever its neighbours.
//!    If nothing but that would be kept, every line with evidence < 0.5 is kept instead
//!    (a short article is better than none) and an Info diagnostic says so.
//!
//! **Normalisation** ([`normalize_line`]) is applied to every line before classification
//! and is what the kept text consists of: NFC, invisible characters out, exotic spaces to
//! one space, machine-translation hyphen splits ("cease -fire") repaired, typographic
//! quotes kept.
//!
//! **Title Case** ("Talks Will Resume On Monday") is detected per paragraph from the
//! capitalisation of non-sentence-initial words: (share of capitalised non-stopwords) +
//! (share of capitalised stopwords) ≥ 0.75, with ≥ 2 capitalised stopwords, ≥ 5 counted
//! content words and > 12 words (shorter lines are headlines, legitimately in Title
//! Case). Normal paragraphs stay below 0.66 even when full of names and titles, because
//! names are capitalised but function words never are. A detected paragraph is restored
//! to sentence case: sentence-initial words (first word, or after `.`, `!`, `?`, `:`, `…`)
//! keep their case; acronyms, "I", initials ("J.") and words that evidence calls proper
//! nouns keep their capital; every other capitalised word is lower-cased. Evidence is
//! the document's own normal-case paragraphs (> 12 words and Title-Case score < 0.6, so
//! half-re-typed text cannot vouch for itself), then the corpus [`CaseStats`]: a word is a
//! proper noun when it was seen capitalised mid-sentence more often than in lower case.
//! A word seen nowhere (and not a stopword) keeps its capital only when an evidenced
//! proper noun follows it across a single space ("Steve Witkoff", "Envoy Witkoff"):
//! first names and titles precede names. Otherwise it is lower-cased. (The price: an
//! unseen verb before a name, "Told Reuters", keeps its capital, and an unseen second
//! word of a name, "European Commission", loses it; corpus statistics make such words
//! seen. Looking backwards too was tried and lost more verbs after subjects, "Sefcovic
//! Told", than it saved.) Acronyms count as capital evidence, so a re-typed "Nato" or
//! "Us" keeps its capital. Hyphenated compounds are decided part by part, and also as a
//! whole by the case of their last part ("mid-May" vouches for "Mid-May" → "mid-May"
//! even where the verb "may" is common). A lower-case word in the paragraph that evidence firmly calls
//! a name (≥ 2 capitalised sightings, none lower) is capitalised. Restoration runs only
//! for English documents (German capitalises nouns; later stages are English-first).
//!
//! **Language**: the stopword vote decides when it is decisive (≥ 20 hits and ≥ 3× the
//! runner-up language): the counts exist anyway, and whatlang costs ~250 ns/byte, which
//! alone would hold cleaning to ~4 MB/s. Otherwise whatlang's guess over the first 1 KiB
//! of the normalised text, mapped to ISO 639-1; when whatlang is not reliable the
//! declared language is used, else `und`.
//! The stopword language used for density is the detected one when it has a list, else
//! the language whose stopwords occur most (at least 5 hits), else none.
//!
//! **Speed**: one normalisation check and one word scan per line, and the corpus case
//! statistics come out of that same scan. [`clean`] is [`prepare`] (per line: the
//! signals above, the Title-Case profile, and the *sightings* of every non-initial word,
//! its key hash with its case) then [`finish`] (classification and repair). A batch
//! prepares a chunk, counts the chunk's [`CaseStats`] from the prepared sightings
//! ([`CaseStats::observe_prepared`], exactly what [`CaseStats::observe`] counts: lines
//! that normalisation changes, or a configuration with other English stopwords than the
//! default's, are observed from their raw text), then finishes each article; a
//! document's own Title-Case evidence is counted from the same sightings. The scan
//! classifies ASCII bytes by table and decodes only non-ASCII characters; a word of up to
//! seven ASCII letters and digits (most words) is read from one 8-byte load, its end,
//! letter counts and folded key from bit masks (SWAR), longer ones count their letters
//! with one add per byte; it loads each word's folded key head (16 bytes, two
//! loads) once, which the stopword lookup (keys packed into a `u128`, in an open-addressing
//! table a quarter full: one multiply and one compare, all languages answered by one
//! lookup as a bit mask)
//! and the case-statistics hash both read; it notes the rare separator and URL characters
//! between words so those signals search only lines that have them. The phrase patterns
//! are precompiled into two sets with ASCII `\b` so they stay on the lazy DFA: the ones
//! anchored at the line start (searched anchored: a line is read only as far as a phrase
//! still matches) and the floating ones, without a literal prefilter (one that fires on
//! "email" or "get " restarts the DFA more often than it saves). Together in one set,
//! the anchored ones multiplied the DFA states the floating ones need. Lines
//! that are already normal are borrowed, not copied; the check steps over eight plain
//! ASCII bytes at a time (Latin and general punctuation skip the NFC check). Title-Case
//! repair reuses each word's stem hash and shape from its scan. See `benches/clean.rs`
//! and `examples/corpus.rs`.
//!
//! **Output**: `text` is the kept paragraphs joined by exactly `"\n\n"`; `removed` is the
//! reader's removed lines, then each line taken out here, trimmed, as it appeared;
//! `diagnostics` starts with the reader's diagnostics.

mod classify;
mod config;
mod features;
mod lang;
mod normalize;
mod scan;
mod truecase;

use std::borrow::Cow;

use serde::Serialize;
use stancemap_model::{Diagnostic, RawArticle};

use classify::{DocContext, Scored, SUSPECT_SCORE};
pub use config::CleanConfig;
pub use normalize::normalize_line;
use truecase::CaseKind;
pub use truecase::CaseStats;

/// A title-position first line longer than this is prose, not a title; it gets no
/// special protection.
const MAX_TITLE_WORDS: usize = 25;
/// Fewest stopword hits for the majority-vote language to be trusted when whatlang does
/// not give a language with a stopword list.
const MIN_FALLBACK_STOP_HITS: u32 = 5;
/// Bytes of normalised text handed to whatlang when the stopword vote is not decisive:
/// enough for a stable trigram profile, and whatlang's cost grows with the input.
const LANGUAGE_SAMPLE_BYTES: usize = 1024;
/// A stopword vote needs this many hits to decide the language (≈ a 60-word paragraph).
const MIN_VOTE_HITS: u32 = 20;
/// Bytes of body per sighting, about (one word in six bytes, most of them not opening a
/// sentence): the sighting list is sized once from the body instead of grown.
const SIGHTING_BYTES: usize = 7;
/// ... and this many times the hits of the runner-up language (shared words like "in",
/// "a", "die" make the runner-up non-zero; 3× leaves no doubt).
const VOTE_MARGIN: u32 = 3;

/// Errors of this crate (configuration only: per-document problems are diagnostics).
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    #[error("invalid cleaner TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("invalid boilerplate pattern {pattern:?}: {source}")]
    Pattern {
        pattern: String,
        #[source]
        source: regex::Error,
    },
    #[error("boilerplate phrase {0:?} has a weight that is not a finite number")]
    BadWeight(String),
    #[error("more than {0} stopword languages")]
    TooManyLanguages(usize),
}

/// The cleaner's output for one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cleaned {
    pub title: String,
    /// Kept paragraphs, normalised, joined by `"\n\n"`; no leading/trailing white space.
    pub text: String,
    /// The reader's removed lines, then the lines removed here (trimmed, as they were).
    pub removed: Vec<String>,
    /// ISO 639-1 code, or `und`.
    pub language: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// One non-empty line of the body.
struct Line<'a> {
    original: &'a str,
    /// Borrowed from the body when normalisation changes nothing (most lines).
    normalized: Cow<'a, str>,
}

/// Where a non-empty line of the body is, and what scanning it once found.
#[derive(Debug, Clone)]
struct PreparedLine {
    /// Byte range of the trimmed line in the body.
    start: usize,
    end: usize,
    /// The normalised line when it differs from the trimmed line (rare).
    normalized: Option<String>,
    /// Range of the line's sightings in [`Prepared::sightings`].
    sightings: std::ops::Range<usize>,
}

/// An article scanned once, line by line: the classification signals of every line and
/// the capitalisation sightings of its words, for the corpus [`CaseStats`]
/// ([`CaseStats::observe_prepared`]) and for the article's own Title-Case repair. The
/// first half of [`clean`]; [`finish`] is the second. Splitting them lets a batch count
/// the corpus statistics of a chunk from the same scan that classifies its lines, before
/// any article of the chunk is finished with them. Owns its data (line positions, not
/// slices), so it can travel next to its article; it belongs to that article only.
#[derive(Debug, Clone)]
pub struct Prepared {
    lines: Vec<PreparedLine>,
    scored: Vec<Scored>,
    sightings: Vec<truecase::Sighting>,
    /// The sightings [`CaseStats::observe`] would count for the body.
    corpus: Vec<truecase::Sighting>,
}

impl CaseStats {
    /// Count what [`CaseStats::observe`] would count for the body of `prepared`'s article.
    pub fn observe_prepared(&mut self, prepared: &Prepared) {
        self.add_sightings(&prepared.corpus);
    }
}

/// Clean one article. `corpus_case` adds capitalisation evidence from other articles for
/// Title-Case restoration (see [`CaseStats`]).
pub fn clean(cfg: &CleanConfig, article: &RawArticle, corpus_case: Option<&CaseStats>) -> Cleaned {
    finish(cfg, article, prepare(cfg, article), corpus_case)
}

/// Scan every line of `article` once (the first half of [`clean`]).
pub fn prepare(cfg: &CleanConfig, article: &RawArticle) -> Prepared {
    let body = article.body.as_str();
    // With other English stopwords than the default's, corpus evidence is decided by
    // its own scan of each line, as `CaseStats::observe` does.
    let shared_evidence = cfg.english_is_default();
    let mut sink = truecase::SightingSink::with_capacity(body.len() / SIGHTING_BYTES);
    let mut raw_sink = truecase::SightingSink::default();
    let line_count = body.lines().count();
    let mut prepared = Prepared {
        lines: Vec::with_capacity(line_count),
        scored: Vec::with_capacity(line_count),
        sightings: Vec::new(),
        corpus: Vec::new(),
    };
    for raw in body.lines() {
        let original = raw.trim();
        let normalized = normalize::normalize_cow(original);
        let as_read = matches!(normalized, Cow::Borrowed(_));
        if !(as_read && shared_evidence) {
            if let Some(s) = truecase::evidence_sightings(raw, &mut raw_sink) {
                prepared.corpus.extend_from_slice(s);
            }
        }
        if normalized.is_empty() {
            continue;
        }
        let from = sink.out.len();
        let features = features::line_features(cfg, &normalized, &mut sink);
        let sightings = from..sink.out.len();
        if as_read
            && shared_evidence
            && truecase::case_kind_of(&features.case) == CaseKind::Evidence
        {
            prepared
                .corpus
                .extend_from_slice(&sink.out[sightings.clone()]);
        }
        let start = offset_in(body, original);
        prepared.lines.push(PreparedLine {
            start,
            end: start + original.len(),
            normalized: (!as_read).then(|| normalized.into_owned()),
            sightings,
        });
        prepared.scored.push(Scored {
            features,
            score: 0.0,
            class: classify::Class::Bad,
        });
    }
    prepared.sightings = sink.out;
    prepared
}

/// Byte offset of `part`, a slice of `whole`, in `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Classify, normalise and repair `article` from its [`prepare`]d scan (the second half
/// of [`clean`]). `prepared` must come from this article.
pub fn finish(
    cfg: &CleanConfig,
    article: &RawArticle,
    prepared: Prepared,
    corpus_case: Option<&CaseStats>,
) -> Cleaned {
    let mut diagnostics = article.diagnostics.clone();
    let Prepared {
        lines: spans,
        mut scored,
        sightings,
        ..
    } = prepared;
    let lines = lines_of(&article.body, &spans);
    let totals = stopword_totals(cfg, &scored);
    let detected = decisive_vote(cfg, &totals).or_else(|| lang::detect(&language_sample(&lines)));
    let language = choose_language(detected, article.language.as_deref());
    let ctx = DocContext {
        lang: working_language(cfg, &language, &totals),
    };
    for s in scored.iter_mut() {
        s.score = classify::evidence_score(&s.features, ctx);
        s.class = classify::initial_class(&s.features, s.score, ctx);
    }
    let mut keep = classify::decide(&mut scored);
    if article.title.is_none() {
        protect_title_line(&scored, &mut keep);
    }
    if keep_all_plausible_if_empty(&scored, &mut keep) {
        diagnostics.push(Diagnostic::info(
            "no-clear-content",
            "no line looked like article prose; kept every line without boilerplate evidence",
        ));
    }
    let mut paragraphs: Vec<Cow<'_, str>> = lines
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(l, _)| Cow::Borrowed(l.normalized.as_ref()))
        .collect();
    let english = ctx
        .lang
        .and_then(|bit| cfg.stopwords.language_code(bit))
        .is_some_and(|code| code == "en");
    if english {
        let kept: Vec<KeptLine<'_>> = scored
            .iter()
            .zip(&spans)
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|((s, span), _)| KeptLine {
                profile: s.features.case,
                sightings: sightings.get(span.sightings.clone()).unwrap_or_default(),
            })
            .collect();
        let restored = restore_title_case(cfg, &mut paragraphs, &kept, corpus_case);
        if restored > 0 {
            diagnostics.push(Diagnostic::warning(
                "title-case",
                format!("restored {restored} Title-Case paragraphs to sentence case"),
            ));
        }
    }
    let mut removed = article.removed.clone();
    removed.extend(
        lines
            .iter()
            .zip(&keep)
            .filter(|(_, k)| !**k)
            .map(|(l, _)| l.original.to_string()),
    );
    let title = choose_title(article, &lines);
    let text = paragraphs.join("\n\n");
    push_language_diagnostic(&language, &mut diagnostics);
    if text.is_empty() {
        diagnostics.push(Diagnostic::warning("empty", "no text left after cleaning"));
    }
    Cleaned {
        title,
        text,
        removed,
        language,
        diagnostics,
    }
}

/// The lines of `body` at the prepared positions (empty if `body` is not the prepared
/// article's: a caller's mistake, not an input problem).
fn lines_of<'a>(body: &'a str, spans: &'a [PreparedLine]) -> Vec<Line<'a>> {
    spans
        .iter()
        .map(|span| {
            let original = body.get(span.start..span.end).unwrap_or_default();
            let normalized = match &span.normalized {
                Some(n) => Cow::Borrowed(n.as_str()),
                None => Cow::Borrowed(original),
            };
            Line {
                original,
                normalized,
            }
        })
        .collect()
}

/// What Title-Case repair needs of a kept line: its case profile and its sightings.
struct KeptLine<'a> {
    profile: truecase::CaseProfile,
    sightings: &'a [truecase::Sighting],
}

fn language_sample(lines: &[Line<'_>]) -> String {
    let mut sample = String::new();
    for line in lines {
        if sample.len() >= LANGUAGE_SAMPLE_BYTES {
            break;
        }
        sample.push_str(&line.normalized);
        sample.push('\n');
    }
    sample
}

/// whatlang when reliable, else the declared language, else `und`.
fn choose_language(detected: Option<lang::Detected>, declared: Option<&str>) -> String {
    if let Some(d) = detected.as_ref().filter(|d| d.reliable) {
        return d.code.clone();
    }
    let declared = declared
        .map(|d| {
            d.trim()
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_lowercase()
        })
        .filter(|d| !d.is_empty());
    declared.unwrap_or_else(|| "und".to_string())
}

/// Stopword hits per language bit over the whole document.
fn stopword_totals(cfg: &CleanConfig, scored: &[Scored]) -> Vec<u32> {
    (0..cfg.stopwords.language_count())
        .map(|bit| scored.iter().map(|s| u32::from(s.features.hits(bit))).sum())
        .collect()
}

/// The stopword vote, when it is decisive: at least [`MIN_VOTE_HITS`] hits and
/// [`VOTE_MARGIN`] times the runner-up. Function words identify a language as surely as
/// trigrams do once there are dozens of them, and the vote is free (the counts exist for
/// classification), while whatlang costs about 250 ns per byte.
fn decisive_vote(cfg: &CleanConfig, totals: &[u32]) -> Option<lang::Detected> {
    let mut ranked: Vec<(u32, usize)> = totals
        .iter()
        .enumerate()
        .map(|(bit, h)| (*h, bit))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (top, bit) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.0);
    let decisive = top >= MIN_VOTE_HITS && top >= VOTE_MARGIN * second;
    let code = cfg.stopwords.language_code(bit)?;
    decisive.then(|| lang::Detected {
        code: code.to_string(),
        reliable: true,
    })
}

/// The stopword language for density: the document language when it has a list, else
/// the language whose stopwords occur most.
fn working_language(cfg: &CleanConfig, language: &str, totals: &[u32]) -> Option<usize> {
    if let Some(bit) = cfg.stopwords.language_bit(language) {
        return Some(bit);
    }
    let (best, hits) = totals
        .iter()
        .enumerate()
        .max_by_key(|(bit, h)| (**h, usize::MAX - bit))?;
    (*hits >= MIN_FALLBACK_STOP_HITS).then_some(best)
}

fn protect_title_line(scored: &[Scored], keep: &mut [bool]) {
    if let (Some(first), Some(k)) = (scored.first(), keep.first_mut()) {
        if first.score < SUSPECT_SCORE && first.features.words <= MAX_TITLE_WORDS {
            *k = true;
        }
    }
}

/// When classification keeps nothing (or only the title line), keep every line without
/// boilerplate evidence that the position rules did not condemn. Returns whether that
/// fallback was used.
fn keep_all_plausible_if_empty(scored: &[Scored], keep: &mut [bool]) -> bool {
    // The title line alone does not count as content unless it is all there is.
    let kept_body = keep.iter().skip(1).any(|k| *k) || (scored.len() == 1 && keep[0]);
    if kept_body {
        return false;
    }
    let mut changed = false;
    for (s, k) in scored.iter().zip(keep.iter_mut()) {
        // `class` is the pre-smoothing class: link lists and tail lines stay out.
        if !*k && s.score < SUSPECT_SCORE && s.class > classify::Class::Bad {
            *k = true;
            changed = true;
        }
    }
    changed
}

fn restore_title_case(
    cfg: &CleanConfig,
    paragraphs: &mut [Cow<'_, str>],
    kept: &[KeptLine<'_>],
    corpus: Option<&CaseStats>,
) -> usize {
    let kinds: Vec<CaseKind> = kept
        .iter()
        .map(|k| truecase::case_kind_of(&k.profile))
        .collect();
    let flags: Vec<bool> = kinds.iter().map(|k| *k == CaseKind::TitleCase).collect();
    if !flags.contains(&true) {
        return 0;
    }
    // The document's evidence: the sightings its scan gathered on normal-case lines.
    let evidence_lines = || {
        kept.iter()
            .zip(&kinds)
            .filter(|(_, k)| **k == CaseKind::Evidence)
            .map(|(line, _)| line.sightings)
    };
    // Sized for the document up front: growing the map cost as much as filling it.
    let mut doc = CaseStats::with_capacity(evidence_lines().map(<[_]>::len).sum());
    for sightings in evidence_lines() {
        doc.add_sightings(sightings);
    }
    let en = cfg.stopwords.language_bit("en").map_or(0, |bit| 1 << bit);
    let is_stop = |w: &str| cfg.stopwords.mask(w) & en != 0;
    let evidence = truecase::Evidence {
        doc: &doc,
        corpus,
        is_stop: &is_stop,
    };
    for (p, _) in paragraphs.iter_mut().zip(&flags).filter(|(_, f)| **f) {
        *p = Cow::Owned(truecase::restore_sentence_case(p, &evidence));
    }
    flags.iter().filter(|f| **f).count()
}

fn choose_title(article: &RawArticle, lines: &[Line<'_>]) -> String {
    article
        .title
        .as_deref()
        .map(normalize_line)
        .filter(|t| !t.is_empty())
        .or_else(|| lines.first().map(|l| l.normalized.to_string()))
        .unwrap_or_default()
}

fn push_language_diagnostic(language: &str, diagnostics: &mut Vec<Diagnostic>) {
    match language {
        "en" => {}
        "und" => diagnostics.push(Diagnostic::info(
            "language",
            "document language could not be determined; later stages assume English",
        )),
        other => diagnostics.push(Diagnostic::info(
            "language",
            format!("document language is {other}, not English; later stages are English-first"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_choice() {
        let reliable = Some(lang::Detected {
            code: "fr".into(),
            reliable: true,
        });
        let unsure = Some(lang::Detected {
            code: "fr".into(),
            reliable: false,
        });
        assert_eq!(choose_language(reliable, Some("en")), "fr");
        assert_eq!(choose_language(unsure.clone(), Some("en-GB")), "en");
        assert_eq!(choose_language(unsure, None), "und");
        assert_eq!(choose_language(None, Some(" ")), "und");
    }

    #[test]
    fn title_from_declared_or_first_line() {
        let cfg = CleanConfig::default();
        let mut a = RawArticle::text("a.txt", "\n  Strike\u{00A0}talks  resume\nBody text here.");
        assert_eq!(clean(&cfg, &a, None).title, "Strike talks resume");
        a.title = Some(" Port  deal ".into());
        assert_eq!(clean(&cfg, &a, None).title, "Port deal");
    }

    #[test]
    fn reader_removed_and_diagnostics_come_first() {
        let cfg = CleanConfig::default();
        let mut a = RawArticle::text("a.txt", "Title line\nAdvertisement\n");
        a.removed = vec!["Menu".into()];
        a.diagnostics = vec![Diagnostic::info("x", "from reader")];
        let c = clean(&cfg, &a, None);
        assert_eq!(
            c.removed,
            vec!["Menu".to_string(), "Advertisement".to_string()]
        );
        assert_eq!(c.diagnostics[0].code, "x");
    }

    #[test]
    fn prepared_sightings_are_what_observe_counts() {
        let body = "Envoys Meet Again\n  The talks in Geneva with the envoy Witkoff ended late on \
            Friday night after nine hours, NATO's officials said.  \n\
            The Talks In Geneva With The Envoy Witkoff Ended Late On Friday Night After Nine \
            Hours.\n\n\
            The envoy said\u{00A0}the Rome round  with the EU\u{2019}s officials would resume \
            in mid-May after the holidays end, the envoy -said.\n\u{200B}\n";
        let mut other_english = CleanConfig::default();
        other_english
            .extend_from_toml("[languages.en]\nwords = [\"envoy\", \"talks\"]")
            .unwrap();
        let mut observed = CaseStats::new();
        observed.observe(body);
        assert!(observed.len() > 20);
        for cfg in [CleanConfig::default(), other_english] {
            let mut counted = CaseStats::new();
            counted.observe_prepared(&prepare(&cfg, &RawArticle::text("a.txt", body)));
            assert_eq!(counted, observed);
        }
    }

    #[test]
    fn empty_body_is_a_diagnostic_not_a_panic() {
        let cfg = CleanConfig::default();
        let c = clean(&cfg, &RawArticle::text("e.txt", " \n\u{200B}\n"), None);
        assert_eq!(c.text, "");
        assert_eq!(c.title, "");
        assert!(c.diagnostics.iter().any(|d| d.code == "empty"));
    }
}
