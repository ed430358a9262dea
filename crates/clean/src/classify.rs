//! jusText-style paragraph classification: every line gets a class from its own signals
//! (bad / short / near-good / good), then short and near-good lines are decided by their
//! neighbours (context smoothing). Thresholds are documented in the crate docs.

use crate::features::LineFeatures;

/// jusText's `length_low`: below this many characters a line is too short to judge alone.
pub(crate) const LENGTH_LOW: usize = 70;
/// jusText's `length_high`: above this a line with enough stopwords is good on its own.
pub(crate) const LENGTH_HIGH: usize = 200;
/// jusText's `stopwords_low` / `stopwords_high`. jusText uses 0.30 / 0.32 with stoplists
/// of several hundred words; ours hold 110-200 function words per language, so real news
/// prose measures lower: content paragraphs of the seed articles go down to 0.27, while
/// headline lists and menus sit at 0.0-0.25. 0.20 / 0.24 keeps all prose with margin; the
/// headline lists in between are caught by their other signals (time stamps, markers,
/// tail position).
pub(crate) const STOPWORDS_LOW: f32 = 0.20;
pub(crate) const STOPWORDS_HIGH: f32 = 0.24;
/// jusText's `max_heading_distance`: a heading needs a good paragraph within this many
/// characters after it.
pub(crate) const MAX_HEADING_DISTANCE: usize = 200;
/// Headings are short: at most this many words.
pub(crate) const MAX_HEADING_WORDS: usize = 20;
/// Boilerplate evidence at or above which a line is bad whatever else it shows.
pub(crate) const BAD_SCORE: f32 = 1.0;
/// Evidence at or above which a short line (or any line in the document tail) is bad,
/// and a good line is only near-good.
pub(crate) const SUSPECT_SCORE: f32 = 0.5;
/// A short line that reads as a full sentence needs at least this many words to be
/// treated as near-good (a closing one-sentence paragraph of analysis).
pub(crate) const MIN_SENTENCE_WORDS: usize = 4;
/// A line of at least this many characters that ends like a sentence and has the
/// stopword density of prose is good even below [`LENGTH_HIGH`]: wire copy is written in
/// one- or two-sentence paragraphs of 120-200 characters, which jusText's web-page
/// threshold would leave without a single good anchor. Headline lists rarely end in a
/// full stop and are shorter.
pub(crate) const LENGTH_SENTENCE_GOOD: usize = 120;
/// A trailing run of at least this many list-like lines is a link list.
pub(crate) const MIN_LINK_LIST_RUN: usize = 3;
/// Phrase evidence that decides a line alone (see `data/boilerplate.toml`).
pub(crate) const DECIDES_ALONE: f32 = 1.0;
/// Share of URL-like tokens above which a line is navigation (jusText's link density).
pub(crate) const MAX_URL_DENSITY: f32 = 0.2;

/// Signal weights (boilerplate evidence, added up with the phrase weight).
pub(crate) const W_LIST_MARKER: f32 = 0.25;
pub(crate) const W_TIME_STAMP: f32 = 0.6;
pub(crate) const W_DATE_START: f32 = 0.4;
pub(crate) const W_URLS: f32 = 1.0;
/// Two or more stand-alone separators ("Home | World | Europe") make a menu or a
/// breadcrumb trail; prose never separates words that way.
pub(crate) const W_MENU: f32 = 1.0;
pub(crate) const MIN_MENU_SEPARATORS: usize = 2;
pub(crate) const W_FOREIGN_SHORT: f32 = 0.6;
pub(crate) const W_FOREIGN_LONG: f32 = 0.3;
pub(crate) const W_CAPITALISED_SHORT: f32 = 0.2;

/// jusText's paragraph classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// A short bad line alone between non-bad lines ("Advertisement", "Read more: …"):
    /// removed, but transparent to context smoothing, so a prompt dropped into the
    /// article does not make its neighbours look like the edge of the content.
    Prompt,
    Bad,
    Short,
    NearGood,
    Good,
}

/// What classification needs to know about one line.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    pub(crate) features: LineFeatures,
    /// Boilerplate evidence (sum of weighted signals).
    pub(crate) score: f32,
    pub(crate) class: Class,
}

/// The document context a line is scored in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocContext {
    /// Stopword-language bit of the document, when it has a stopword list.
    pub(crate) lang: Option<usize>,
}

/// Boilerplate evidence of one line.
pub(crate) fn evidence_score(f: &LineFeatures, ctx: DocContext) -> f32 {
    let short = f.chars < LENGTH_LOW;
    let mut score = f.phrase_weight;
    if f.list_marker {
        score += W_LIST_MARKER;
    }
    if f.time_stamp {
        // A live blog's "14:05 The envoys arrived …" is prose behind a stamp; a link
        // list's "- Yesterday 14:05 Envoys arrive in Doha" is not a sentence.
        let prose = !short && f.terminal_punct && f.stopword_density(ctx.lang) >= STOPWORDS_LOW;
        score += if prose {
            W_TIME_STAMP / 2.0
        } else {
            W_TIME_STAMP
        };
    }
    if f.date_start {
        score += W_DATE_START;
    }
    if f.words > 0 && f.url_tokens as f32 / f.words as f32 > MAX_URL_DENSITY {
        score += W_URLS;
    }
    if f.separators >= MIN_MENU_SEPARATORS && f.words <= MAX_HEADING_WORDS {
        score += W_MENU;
    }
    if is_foreign(f, ctx) {
        score += if short {
            W_FOREIGN_SHORT
        } else {
            W_FOREIGN_LONG
        };
    }
    if short && f.all_capitalised && !f.terminal_punct {
        score += W_CAPITALISED_SHORT;
    }
    score
}

/// The line's stopwords belong to another language than the document's: none of the
/// document language, and at least one foreign stopword per three words ("Lire aussi"
/// in an English article, "Mehr zum Thema" in a Spanish one).
fn is_foreign(f: &LineFeatures, ctx: DocContext) -> bool {
    let Some(doc) = ctx.lang else {
        return false;
    };
    if f.hits(doc) > 0 || f.words == 0 {
        return false;
    }
    let best_foreign = (0..f.stop_hits.len())
        .filter(|bit| *bit != doc)
        .map(|bit| usize::from(f.hits(bit)))
        .max()
        .unwrap_or(0);
    best_foreign >= 1 && best_foreign * 3 >= f.words
}

/// The class a line gets from its own signals (jusText's context-free classification,
/// with the evidence score on top).
pub(crate) fn initial_class(f: &LineFeatures, score: f32, ctx: DocContext) -> Class {
    if score >= BAD_SCORE {
        return Class::Bad;
    }
    // Without a stopword list for the language, jusText falls back to length only.
    let (low, high) = match ctx.lang {
        Some(_) => (STOPWORDS_LOW, STOPWORDS_HIGH),
        None => (0.0, 0.0),
    };
    let density = f.stopword_density(ctx.lang);
    if f.chars < LENGTH_LOW {
        return short_class(f, score, density, low);
    }
    let sentence_like = f.terminal_punct && f.chars >= LENGTH_SENTENCE_GOOD;
    let class = if density >= high && (f.chars > LENGTH_HIGH || sentence_like) {
        Class::Good
    } else if density >= low {
        Class::NearGood
    } else {
        Class::Bad
    };
    if score >= SUSPECT_SCORE {
        class.min(Class::NearGood)
    } else {
        class
    }
}

fn short_class(f: &LineFeatures, score: f32, density: f32, low: f32) -> Class {
    if score >= SUSPECT_SCORE {
        Class::Bad
    } else if f.terminal_punct && f.words >= MIN_SENTENCE_WORDS && density >= low {
        Class::NearGood
    } else {
        Class::Short
    }
}

/// Is the line shaped like a heading (short, not a sentence, no boilerplate evidence)?
fn heading_like(s: &Scored) -> bool {
    s.features.words <= MAX_HEADING_WORDS
        && !s.features.terminal_punct
        && s.score < SUSPECT_SCORE
        && !s.features.list_marker
}

/// Classify all lines: initial classes, position rules, headings, context smoothing.
/// Returns one keep flag per line.
pub(crate) fn decide(lines: &mut [Scored]) -> Vec<bool> {
    let listed = lists_after_headings(lines);
    mark_tail(lines);
    promote_headings(lines);
    mark_prompts(lines);
    let classes: Vec<Class> = lines.iter().map(|s| s.class).collect();
    let smoothed = smooth(&classes);
    // Link-list items go after smoothing, so they change no other line's context.
    smoothed
        .iter()
        .zip(listed)
        .map(|(c, listed)| *c == Class::Good && !listed)
        .collect()
}

/// Position: everything after the last good line is the tail. There, suspect evidence is
/// enough to be bad, and a trailing run of list-like lines is a link list.
fn mark_tail(lines: &mut [Scored]) {
    let tail_start = lines
        .iter()
        .rposition(|s| s.class == Class::Good)
        .map_or(0, |i| i + 1);
    for s in lines[tail_start..].iter_mut() {
        if s.score >= SUSPECT_SCORE {
            s.class = Class::Bad;
        }
    }
    let run = lines[tail_start..]
        .iter()
        .rev()
        .take_while(|s| list_like(s))
        .count();
    if run >= MIN_LINK_LIST_RUN {
        let n = lines.len();
        for s in lines[n - run..].iter_mut() {
            s.class = Class::Bad;
        }
    }
}

/// Anywhere in the document: the list-like lines right after a line that a boilerplate
/// phrase decides alone ("Related coverage:", "Most read") are that list's links, even
/// when real paragraphs follow ("- Gulf stocks edge higher", "> Tanker rates ease").
/// A line with a sentence ending ends the list. A link heading with its link on the same
/// line ("Related: Tanker rates ease", `link_headings` in the data) is one too.
fn lists_after_headings(lines: &[Scored]) -> Vec<bool> {
    let mut listed = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        let f = &line.features;
        // "Related: <headline>": a link on the heading's own line.
        listed[i] |= f.link_line && f.words <= MAX_HEADING_WORDS;
        if f.phrase_weight < DECIDES_ALONE || f.words > MAX_HEADING_WORDS {
            continue;
        }
        for (j, s) in lines.iter().enumerate().skip(i + 1) {
            if !list_like(s) || s.features.terminal_punct && !s.features.list_marker {
                break;
            }
            listed[j] = true;
        }
    }
    listed
}

/// A link-list item: opens with a list marker or time stamp, or is a short title-like
/// line with no sentence ending.
fn list_like(s: &Scored) -> bool {
    let f = &s.features;
    f.list_marker || f.time_stamp || (!f.terminal_punct && f.words <= MAX_HEADING_WORDS)
}

/// jusText's "good headings": a heading-like short (or low-density) line followed by a
/// good paragraph within [`MAX_HEADING_DISTANCE`] characters becomes near-good.
fn promote_headings(lines: &mut [Scored]) {
    for i in 0..lines.len() {
        let s = &lines[i];
        let candidate =
            matches!(s.class, Class::Short) || (s.class == Class::Bad && s.score < SUSPECT_SCORE);
        if !candidate || !heading_like(s) {
            continue;
        }
        if good_follows_within(lines, i, MAX_HEADING_DISTANCE) {
            lines[i].class = Class::NearGood;
        }
    }
}

/// Mark isolated short bad lines with boilerplate evidence as [`Class::Prompt`].
fn mark_prompts(lines: &mut [Scored]) {
    let classes: Vec<Class> = lines.iter().map(|s| s.class).collect();
    let not_bad = |c: Option<&Class>| c.is_some_and(|c| *c > Class::Bad);
    for (i, s) in lines.iter_mut().enumerate() {
        let isolated = i > 0 && not_bad(classes.get(i - 1)) && not_bad(classes.get(i + 1));
        if s.class == Class::Bad
            && s.features.chars < LENGTH_LOW
            && s.score >= SUSPECT_SCORE
            && isolated
        {
            s.class = Class::Prompt;
        }
    }
}

fn good_follows_within(lines: &[Scored], i: usize, max_distance: usize) -> bool {
    let mut distance = 0;
    for next in &lines[i + 1..] {
        if next.class == Class::Good {
            return true;
        }
        distance += next.features.chars;
        if distance > max_distance {
            return false;
        }
    }
    false
}

/// jusText's context-sensitive pass: short lines take the class of their neighbours,
/// near-good lines are good unless both neighbours are bad. Document edges count as bad.
fn smooth(classes: &[Class]) -> Vec<Class> {
    let mut out = classes.to_vec();
    for (i, c) in classes.iter().enumerate() {
        match c {
            Class::Short => out[i] = revise_short(classes, i),
            Class::NearGood => {
                let prev = neighbour(classes, i, Dir::Back, true);
                let next = neighbour(classes, i, Dir::Fwd, true);
                out[i] = if prev == Class::Bad && next == Class::Bad {
                    Class::Bad
                } else {
                    Class::Good
                };
            }
            Class::Prompt => out[i] = Class::Bad,
            _ => {}
        }
    }
    out
}

fn revise_short(classes: &[Class], i: usize) -> Class {
    let prev = neighbour(classes, i, Dir::Back, true);
    let next = neighbour(classes, i, Dir::Fwd, true);
    match (prev, next) {
        (Class::Good, Class::Good) => Class::Good,
        (Class::Bad, Class::Bad) => Class::Bad,
        _ => {
            // Mixed: good only when the bad side is separated by a near-good line.
            let near_prev = neighbour(classes, i, Dir::Back, false) == Class::NearGood;
            let near_next = neighbour(classes, i, Dir::Fwd, false) == Class::NearGood;
            if (prev == Class::Bad && near_prev) || (next == Class::Bad && near_next) {
                Class::Good
            } else {
                Class::Bad
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Dir {
    Back,
    Fwd,
}

/// The nearest neighbour class, skipping short lines (and near-good ones when asked).
fn neighbour(classes: &[Class], i: usize, dir: Dir, skip_near_good: bool) -> Class {
    let skip = |c: &&Class| {
        matches!(**c, Class::Short | Class::Prompt) || (skip_near_good && **c == Class::NearGood)
    };
    let found = match dir {
        Dir::Back => classes[..i].iter().rev().find(|c| !skip(c)),
        Dir::Fwd => classes[i + 1..].iter().find(|c| !skip(c)),
    };
    found.copied().unwrap_or(Class::Bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Class::*;

    #[test]
    fn short_between_good_stays_between_bad_goes() {
        assert_eq!(smooth(&[Good, Short, Good]), vec![Good, Good, Good]);
        assert_eq!(smooth(&[Bad, Short, Bad]), vec![Bad, Bad, Bad]);
        assert_eq!(smooth(&[Good, Short]), vec![Good, Bad]);
        assert_eq!(
            smooth(&[Good, Short, Short, Bad]),
            vec![Good, Bad, Bad, Bad]
        );
    }

    #[test]
    fn near_good_needs_one_good_side() {
        assert_eq!(smooth(&[Good, NearGood]), vec![Good, Good]);
        assert_eq!(smooth(&[Bad, NearGood, Bad]), vec![Bad, Bad, Bad]);
        assert_eq!(smooth(&[NearGood]), vec![Bad]);
    }

    #[test]
    fn short_next_to_near_good_before_bad_is_kept() {
        // good, short, near-good, bad: a near-good line shields the short one.
        assert_eq!(smooth(&[Good, Short, NearGood, Bad])[1], Good);
        assert_eq!(smooth(&[Good, Short, Bad])[1], Bad);
    }

    fn line(chars: usize, words: usize, terminal: bool, class: Class, score: f32) -> Scored {
        Scored {
            features: LineFeatures {
                chars,
                words,
                terminal_punct: terminal,
                ..LineFeatures::default()
            },
            score,
            class,
        }
    }

    #[test]
    fn heading_before_good_is_promoted() {
        let mut lines = vec![
            line(300, 50, true, Good, 0.0),
            line(30, 4, false, Short, 0.0),
            line(300, 50, true, Good, 0.0),
        ];
        promote_headings(&mut lines);
        assert_eq!(lines[1].class, NearGood);
        let mut tail = vec![
            line(300, 50, true, Good, 0.0),
            line(30, 4, false, Short, 0.0),
        ];
        promote_headings(&mut tail);
        assert_eq!(tail[1].class, Short, "nothing good follows");
    }

    #[test]
    fn links_under_a_heading_go_wherever_they_stand() {
        let mut heading = line(17, 2, false, Bad, 1.2);
        heading.features.phrase_weight = 1.2;
        let mut marked = line(60, 9, true, Short, 0.0);
        marked.features.list_marker = true;
        let lines = vec![
            line(300, 50, true, Good, 0.0),
            heading,
            marked,
            line(55, 8, false, Short, 0.0),
            line(46, 8, true, Short, 0.0),
            line(300, 50, true, Good, 0.0),
        ];
        // The heading's own line is decided by its phrase; the sentence after the links
        // ends the list and is judged by its context as before.
        assert_eq!(
            lists_after_headings(&lines),
            [false, false, true, true, false, false]
        );
        let mut plain = line(17, 2, false, Short, 0.0);
        plain.features.phrase_weight = 0.5;
        let after_a_hint = vec![plain, line(55, 8, false, Short, 0.0)];
        assert_eq!(lists_after_headings(&after_a_hint), [false, false]);
        let mut inline = line(50, 8, false, Short, 0.0);
        inline.features.link_line = true;
        let lines = vec![
            line(300, 50, true, Good, 0.0),
            inline,
            line(46, 8, true, Short, 0.0),
        ];
        assert_eq!(lists_after_headings(&lines), [false, true, false]);
    }

    #[test]
    fn trailing_link_list_is_bad() {
        let mut lines = vec![line(300, 50, true, Good, 0.0)];
        for _ in 0..3 {
            lines.push(line(90, 12, false, NearGood, 0.0));
        }
        mark_tail(&mut lines);
        assert!(lines[1..].iter().all(|s| s.class == Bad));
        let mut two = vec![
            line(300, 50, true, Good, 0.0),
            line(90, 12, false, NearGood, 0.0),
        ];
        two.push(line(90, 12, false, NearGood, 0.0));
        mark_tail(&mut two);
        assert_eq!(two[1].class, NearGood, "two lines are not a list");
    }

    #[test]
    fn isolated_prompt_is_transparent() {
        let mut lines = vec![
            line(300, 50, true, Good, 0.0),
            line(20, 3, false, Bad, 1.2),
            line(100, 20, true, NearGood, 0.0),
        ];
        mark_prompts(&mut lines);
        assert_eq!(lines[1].class, Prompt);
        let classes: Vec<Class> = lines.iter().map(|s| s.class).collect();
        assert_eq!(smooth(&classes), vec![Good, Bad, Good]);
        let mut footer = vec![
            line(300, 50, true, Good, 0.0),
            line(20, 3, false, Bad, 1.2),
            line(20, 3, false, Bad, 1.2),
            line(100, 20, true, NearGood, 0.0),
        ];
        mark_prompts(&mut footer);
        assert!(
            footer[1..3].iter().all(|s| s.class == Bad),
            "a run of prompts is a footer"
        );
    }

    #[test]
    fn suspect_lines_in_tail_are_bad() {
        let mut lines = vec![
            line(300, 50, true, Good, 0.0),
            line(120, 20, true, NearGood, 0.6),
        ];
        mark_tail(&mut lines);
        assert_eq!(lines[1].class, Bad);
    }

    #[test]
    fn initial_classes() {
        let ctx = DocContext { lang: Some(0) };
        let mut f = LineFeatures {
            chars: 250,
            words: 40,
            stop_hits: vec![16],
            terminal_punct: true,
            ..LineFeatures::default()
        };
        assert_eq!(initial_class(&f, 0.0, ctx), Good);
        assert_eq!(initial_class(&f, 0.6, ctx), NearGood);
        assert_eq!(initial_class(&f, 1.0, ctx), Bad);
        f.stop_hits = vec![2];
        assert_eq!(initial_class(&f, 0.0, ctx), Bad, "no stopwords: not prose");
        assert_eq!(initial_class(&f, 0.0, DocContext { lang: None }), Good);
        let short = LineFeatures {
            chars: 40,
            words: 7,
            stop_hits: vec![3],
            terminal_punct: true,
            ..LineFeatures::default()
        };
        assert_eq!(initial_class(&short, 0.0, ctx), NearGood);
        assert_eq!(initial_class(&short, 0.5, ctx), Bad);
    }

    #[test]
    fn foreign_lines() {
        let ctx = DocContext { lang: Some(0) };
        let f = LineFeatures {
            chars: 10,
            words: 2,
            stop_hits: vec![0, 1],
            ..LineFeatures::default()
        };
        assert!(is_foreign(&f, ctx));
        assert!((evidence_score(&f, ctx) - W_FOREIGN_SHORT).abs() < 1e-6);
        let mixed = LineFeatures {
            stop_hits: vec![1, 1],
            ..f.clone()
        };
        assert!(!is_foreign(&mixed, ctx));
        let long = LineFeatures { words: 9, ..f };
        assert!(
            !is_foreign(&long, ctx),
            "one foreign word in nine is a loan word"
        );
    }
}
