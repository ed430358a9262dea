//! Assembling one article's blocks (headline, paragraphs, boilerplate) from templates.

use std::ops::Range;

use crate::render::title_case;
use crate::rng::{portable_exp, Rng};
use crate::{Vocabulary, FOREIGN_PARAGRAPH_SHARE, MAX_TEXT_BYTES, MIN_TEXT_BYTES};

/// One line-level piece of an article, before rendering.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Headline(String),
    Paragraph(String),
    /// A single boilerplate line (ad, subscribe prompt, cookie notice).
    Boiler(String),
    /// A "related stories" block: a heading and time-stamped headlines.
    Related {
        header: String,
        items: Vec<String>,
    },
}

impl Block {
    /// Most bytes this block adds to a plain-text rendering: two per line for the
    /// separator, since paragraphs may be separated by a blank line.
    fn text_len(&self) -> usize {
        match self {
            Block::Headline(s) | Block::Paragraph(s) | Block::Boiler(s) => s.len() + 2,
            Block::Related { header, items } => {
                header.len() + 2 + items.iter().map(|i| i.len() + 2).sum::<usize>()
            }
        }
    }
}

/// A template split into its headline and body paragraphs (a range of the pool).
pub(crate) struct Template<'a> {
    headline: &'a str,
    body: Range<usize>,
}

/// The usable templates and the pool of all body paragraphs.
pub(crate) struct Templates<'a> {
    list: Vec<Template<'a>>,
    pool: Vec<&'a str>,
    /// Every sentence of the pool, for recombined paragraphs.
    sentences: Vec<&'a str>,
}

impl<'a> Templates<'a> {
    pub(crate) fn parse(raw: &'a [String]) -> Self {
        let mut list = Vec::new();
        let mut pool = Vec::new();
        for text in raw {
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let Some(headline) = lines.next() else {
                continue;
            };
            let start = pool.len();
            pool.extend(lines);
            list.push(Template {
                headline,
                body: start..pool.len(),
            });
        }
        if pool.is_empty() {
            // Headline-only templates: their headlines are all the text there is.
            pool = list.iter().map(|t| t.headline).collect();
        }
        let sentences = pool.iter().flat_map(|p| split_sentences(p)).collect();
        Templates {
            list,
            pool,
            sentences,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Crude sentence split (". " / "? " / "! " followed by a capital): good enough to
/// recombine template prose; the real segmenter lives in stancemap-segment.
fn split_sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    for i in 1..bytes.len().saturating_sub(2) {
        let ends = matches!(bytes[i], b'.' | b'?' | b'!') && bytes[i + 1] == b' ';
        if ends && bytes[i + 2].is_ascii_uppercase() && i + 1 - start > 20 {
            out.push(&paragraph[start..=i]);
            start = i + 2;
        }
    }
    out.push(&paragraph[start..]);
    out
}

/// Share of a fresh article's paragraphs recombined from random sentences of the whole
/// pool rather than copied from a template. Real news is mostly distinct text: with
/// whole template paragraphs only, a few dozen templates make every article a near
/// duplicate of many others, and the benchmark would measure a corpus nobody reads.
const RECOMBINED_PARAGRAPH_SHARE: f64 = 0.85;
/// Sentences per recombined paragraph: 2 to this many.
const MAX_RECOMBINED_SENTENCES: usize = 4;

/// A paragraph of random pool sentences.
fn recombined_paragraph(templates: &Templates, rng: &mut Rng) -> Option<String> {
    if templates.sentences.is_empty() {
        return None;
    }
    let n = 2 + rng.below(MAX_RECOMBINED_SENTENCES - 1);
    let picked: Vec<&str> = (0..n)
        .map(|_| templates.sentences[rng.below(templates.sentences.len())])
        .collect();
    Some(picked.join(" "))
}

/// Share of articles whose headline is printed a second time as the first paragraph
/// (sites that repeat the title as a standfirst).
const REPEATED_HEADLINE_SHARE: f64 = 0.1;
/// Share of articles that end with a re-typed second copy of their opening paragraphs
/// (so in-document repeat detection has material; few because it is a severe defect).
const SECOND_COPY_SHARE: f64 = 0.05;
/// Most paragraphs tried in a row that do not fit before giving up on filling.
const MAX_MISFITS: usize = 8;
/// A truncated paragraph shorter than this is not worth adding.
const MIN_TRUNCATED_PARAGRAPH: usize = 200;
/// Upper bound on body slots, so a pathological template set cannot loop long.
const MAX_PARAGRAPHS: usize = 400;

/// The blocks of one fresh article.
pub(crate) fn compose(templates: &Templates, vocab: &Vocabulary, rng: &mut Rng) -> Vec<Block> {
    let forms: Vec<usize> = vocab.names.iter().map(|g| rng.below(g.len())).collect();
    let vary = |s: &str| apply_name_variants(s, &vocab.names, &forms);
    let Some(main) = rng.pick(&templates.list) else {
        return Vec::new();
    };
    let headline = vary(main.headline);
    let mut blocks = vec![Block::Headline(headline.clone())];
    if rng.chance(REPEATED_HEADLINE_SHARE) {
        blocks.push(Block::Paragraph(headline));
    }
    let second_copy = rng.chance(SECOND_COPY_SHARE);
    let boiler = boilerplate_blocks(templates, vocab, rng, &vary);
    let fixed: usize = blocks.iter().chain(&boiler).map(Block::text_len).sum();
    let target = target_length(rng).saturating_sub(fixed);
    let room = MAX_TEXT_BYTES.saturating_sub(fixed);
    let mut body = body_paragraphs(templates, main, rng, &vary, target, room);
    if second_copy {
        append_retyped_copy(&mut body, room);
    }
    blocks.extend(body.into_iter().map(Block::Paragraph));
    for block in boiler {
        // Never before the headline or the first paragraph (that is where the lede is).
        let at = 2 + rng.below(blocks.len().saturating_sub(1));
        blocks.insert(at.min(blocks.len()), block);
    }
    blocks
}

/// Append a Title-Case re-typed copy of the body's first paragraphs, as long as it
/// fits in `room` bytes (the "second translation" some aggregators append).
fn append_retyped_copy(body: &mut Vec<String>, room: usize) {
    let mut len: usize = body.iter().map(|p| p.len() + 2).sum();
    let copies: Vec<String> = body.iter().map(|p| title_case(p)).collect();
    for copy in copies {
        if len + copy.len() + 2 > room {
            break;
        }
        len += copy.len() + 2;
        body.push(copy);
    }
}

/// Target length in bytes: `2000 · 4.5^x`, `x` the mean of four uniforms.
fn target_length(rng: &mut Rng) -> usize {
    const LN_4_5: f64 = 1.504_077_396_776_274;
    let x = (rng.unit() + rng.unit() + rng.unit() + rng.unit()) / 4.0;
    let bytes = 2000.0 * portable_exp(x * LN_4_5);
    (bytes as usize).clamp(MIN_TEXT_BYTES, MAX_TEXT_BYTES)
}

/// Paragraphs until `target` bytes are reached, never more than `room` bytes. No
/// paragraph repeats within an article until the whole pool has been used.
fn body_paragraphs(
    templates: &Templates,
    main: &Template,
    rng: &mut Rng,
    vary: &dyn Fn(&str) -> String,
    target: usize,
    room: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut used = vec![false; templates.pool.len()];
    let mut len = 0usize;
    let mut own = main.body.clone();
    let mut misfits = 0;
    for _ in 0..MAX_PARAGRAPHS {
        if len >= target || misfits > MAX_MISFITS {
            break;
        }
        if rng.chance(RECOMBINED_PARAGRAPH_SHARE) {
            if let Some(paragraph) = recombined_paragraph(templates, rng) {
                let paragraph = vary(&paragraph);
                if len + paragraph.len() + 2 <= room {
                    len += paragraph.len() + 2;
                    out.push(paragraph);
                    continue;
                }
            }
        }
        let from_pool = rng.chance(FOREIGN_PARAGRAPH_SHARE);
        let next = if from_pool {
            None
        } else {
            own.find(|&i| !used[i])
        };
        let Some(index) = next.or_else(|| pick_unused(&used, rng)) else {
            break;
        };
        used[index] = true;
        let paragraph = vary(templates.pool[index]);
        if len + paragraph.len() + 2 <= room {
            len += paragraph.len() + 2;
            out.push(paragraph);
            continue;
        }
        misfits += 1;
        let left = room.saturating_sub(len + 2);
        if misfits > MAX_MISFITS && left >= MIN_TRUNCATED_PARAGRAPH {
            let cut = truncate_at_word(&paragraph, left);
            len += cut.len() + 2;
            out.push(cut.to_string());
        }
    }
    out
}

/// The first unused pool index at or after a random start (wrapping); once every
/// paragraph has been used, any random index (repeats are then unavoidable).
fn pick_unused(used: &[bool], rng: &mut Rng) -> Option<usize> {
    if used.is_empty() {
        return None;
    }
    let start = rng.below(used.len());
    let unused = (start..used.len()).chain(0..start).find(|&i| !used[i]);
    Some(unused.unwrap_or_else(|| rng.below(used.len())))
}

/// The longest prefix of `s` of at most `max` bytes ending before a space (or on a char
/// boundary when there is no space).
fn truncate_at_word(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    match s[..end].rfind(' ') {
        Some(space) if space > 0 => &s[..space],
        _ => &s[..end],
    }
}

/// 0–3 boilerplate blocks; about one in three is a related-headlines block.
fn boilerplate_blocks(
    templates: &Templates,
    vocab: &Vocabulary,
    rng: &mut Rng,
    vary: &dyn Fn(&str) -> String,
) -> Vec<Block> {
    let count = rng.below(4);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let related = rng.chance(0.35);
        let block = if related {
            related_block(templates, vocab, rng, vary)
        } else {
            rng.pick(&vocab.lines).map(|l| Block::Boiler(l.clone()))
        };
        out.extend(block);
    }
    out
}

fn related_block(
    templates: &Templates,
    vocab: &Vocabulary,
    rng: &mut Rng,
    vary: &dyn Fn(&str) -> String,
) -> Option<Block> {
    let header = rng.pick(&vocab.related_headers)?.clone();
    let count = 3 + rng.below(3);
    let items = (0..count)
        .filter_map(|_| {
            let headline = rng.pick(&templates.list)?.headline;
            let prefix = rng.pick(&vocab.time_prefixes).map_or("", String::as_str);
            let (hour, minute) = (rng.below(24), rng.below(60));
            Some(format!(
                "- {prefix}{hour:02}:{minute:02} {}",
                vary(headline)
            ))
        })
        .collect();
    Some(Block::Related { header, items })
}

/// Replace every whole-word occurrence of any form of each name group by the form
/// chosen for this article (`forms[g]` for group `g`).
fn apply_name_variants(text: &str, groups: &[Vec<String>], forms: &[usize]) -> String {
    let mut out = text.to_string();
    for (group, &chosen) in groups.iter().zip(forms) {
        let Some(target) = group.get(chosen) else {
            continue;
        };
        for form in group.iter().filter(|f| *f != target) {
            if out.contains(form.as_str()) {
                out = replace_whole_word(&out, form, target);
            }
        }
    }
    out
}

/// Replace `from` by `to` where `from` is not glued to letters or digits on either side.
fn replace_whole_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in text.match_indices(from) {
        let end = at + from.len();
        let glued_before = text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let glued_after = text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if at < last || glued_before || glued_after {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str(to);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Most word swaps in a near duplicate ("a few words changed").
const NEAR_DUPLICATE_SWAPS: usize = 3;
/// Random words tried to find swappable ones.
const SWAP_TRIES: usize = 200;

/// Turn a fresh article's blocks into a near duplicate: edited headline, a few words
/// swapped for synonyms.
pub(crate) fn edit_near_duplicate(blocks: &mut [Block], vocab: &Vocabulary, rng: &mut Rng) {
    for block in blocks.iter_mut() {
        if let Block::Headline(h) = block {
            *h = match rng.pick(&vocab.headline_edits) {
                Some(pattern) => pattern.replacen("{}", h, 1),
                None => format!("{h} (2)"),
            };
        }
    }
    let paragraphs: Vec<usize> = (0..blocks.len())
        .filter(|&i| matches!(blocks[i], Block::Paragraph(_)))
        .collect();
    let mut swaps = 0;
    for _ in 0..SWAP_TRIES {
        if swaps >= NEAR_DUPLICATE_SWAPS {
            break;
        }
        let Some(&i) = rng.pick(&paragraphs) else {
            break;
        };
        if let Some(Block::Paragraph(p)) = blocks.get_mut(i) {
            if let Some(changed) = swap_one_synonym(p, vocab, rng) {
                *p = changed;
                swaps += 1;
            }
        }
    }
}

/// Swap a random word of `text` that belongs to a synonym group, if the drawn word does.
fn swap_one_synonym(text: &str, vocab: &Vocabulary, rng: &mut Rng) -> Option<String> {
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .collect();
    let &(at, word) = rng.pick(&words)?;
    let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let group = vocab
        .synonyms
        .iter()
        .find(|g| g.iter().any(|w| w == bare))?;
    let others: Vec<&String> = group.iter().filter(|w| *w != bare).collect();
    let replacement = rng.pick(&others)?;
    Some(format!(
        "{}{}{}",
        &text[..at],
        replacement,
        &text[at + bare.len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_word_replacement_respects_word_edges() {
        assert_eq!(
            replace_whole_word(
                "Zelensky met Zelenskyy's aide; Zelensky.",
                "Zelensky",
                "Selenskyj"
            ),
            "Selenskyj met Zelenskyy's aide; Selenskyj."
        );
    }

    #[test]
    fn name_variants_unify_an_article_on_one_form() {
        let groups = vec![vec!["Kyiv".to_string(), "Kiev".to_string()]];
        assert_eq!(
            apply_name_variants("Kyiv and Kiev", &groups, &[1]),
            "Kiev and Kiev"
        );
    }

    #[test]
    fn truncation_cuts_at_a_space_and_char_boundary() {
        assert_eq!(truncate_at_word("one two three", 9), "one two");
        assert_eq!(truncate_at_word("ééé", 3), "é");
        assert_eq!(truncate_at_word("short", 10), "short");
    }

    #[test]
    fn retyped_copy_fits_the_room() {
        let mut body = vec![
            "the talks resumed".to_string(),
            "a deal is near".to_string(),
        ];
        append_retyped_copy(&mut body, 60);
        assert_eq!(body[2], "The Talks Resumed");
        assert_eq!(body.len(), 3, "the second copy stops when the room is full");
    }

    #[test]
    fn target_length_stays_in_bounds() {
        let mut rng = Rng::for_article(1, 0, 0);
        for _ in 0..2000 {
            let l = target_length(&mut rng);
            assert!((MIN_TEXT_BYTES..=MAX_TEXT_BYTES).contains(&l));
        }
    }

    #[test]
    fn synonym_swap_changes_exactly_one_known_word() {
        let vocab = Vocabulary {
            synonyms: vec![vec!["said".into(), "stated".into()]],
            ..Vocabulary::default()
        };
        let mut rng = Rng::for_article(3, 0, 0);
        let swapped =
            (0..100).find_map(|_| swap_one_synonym("the envoy said, calmly", &vocab, &mut rng));
        assert_eq!(swapped.as_deref(), Some("the envoy stated, calmly"));
    }
}
