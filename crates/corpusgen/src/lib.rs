//! A deterministic generator of noisy benchmark corpora for stancemap (pure, no IO).
//!
//! [`generate`] takes whole example articles ("templates": plain text, one paragraph per
//! line, the first line a headline) and streams new articles recombined from their
//! paragraphs, with the noise real news feeds have: spelling/transliteration variants of
//! names, boilerplate lines (ads, subscribe prompts, cookie notices, related-headline
//! blocks with time stamps), exact and near duplicates, Title-Case copies and HTML pages
//! with navigation, share bars and footers.
//!
//! Design decisions:
//! - **Deterministic everywhere**: a private SplitMix64 PRNG; every article and every
//!   decision about it (plan, body, style, edits) has its own stream derived from
//!   (seed, index, purpose). Floating point uses only `+ - * /` (exactly rounded on
//!   every platform); the log-normal length uses a Taylor-series `exp`, not `f64::exp`.
//! - **Streaming**: articles are produced one at a time. A duplicate regenerates its
//!   source from the source's index instead of keeping earlier articles in memory, so
//!   memory is O(templates), whatever `articles` is.
//! - **Ground truth**: [`article_kind`] tells, from the options alone, whether article
//!   `i` is fresh or a duplicate and of which article, so a dedup stage can be scored.
//!   Duplicates always point at a *fresh* article (chains are resolved).
//! - **Shares**: each article independently is a duplicate with probability
//!   `duplicate_share` (half exact, half near, by [`EXACT_DUPLICATE_SHARE`]); article 0 is
//!   always fresh. Fresh and near-duplicate articles are Title-Cased with probability
//!   `title_case_share` and wrapped as HTML with `html_share`; an exact duplicate is a
//!   byte-identical copy of its source (same style), so the overall shares still hold.
//!   Shares outside 0..=1 are clamped, NaN counts as 0.
//! - **Lengths**: the target text length is `2000 · 4.5^x` bytes with `x` the mean of
//!   four uniforms (a bell on 0..1, so the length is log-normal-ish with median
//!   ≈ 4.2 KB), clamped to [`MIN_TEXT_BYTES`]..=[`MAX_TEXT_BYTES`]. The clamp leaves
//!   100 bytes of slack on each side of the promised 2–9 KB for near-duplicate edits
//!   (longer headline, swapped synonyms). HTML pages add their markup on top.
//! - **Body**: the paragraphs of one template in order, each slot replaced with
//!   probability [`FOREIGN_PARAGRAPH_SHARE`] by a paragraph of any template (so stories
//!   mix the way rewritten wire copy does); once the template runs out, paragraphs are
//!   drawn from all templates; no paragraph repeats within an article until every
//!   template paragraph has been used. 0–3 boilerplate blocks are inserted between
//!   paragraphs (about a third of them related-headline lists with time stamps).
//! - **In-document repeats**: 10 % of articles print the headline again as the first
//!   paragraph, 5 % end with a Title-Case re-typed copy of their opening paragraphs (as
//!   far as the length cap allows), so the in-document repeat detection has material.
//! - The library does no IO; `examples/write_corpus.rs` writes a corpus to a directory.
//! - Vocabulary (name variants, synonyms, boilerplate) lives in `variants.toml` and
//!   `boilerplate.toml` next to this crate, embedded, extendable via [`Vocabulary`].
//! - Templates without any non-blank line are ignored; with no usable template the
//!   iterator is empty.

mod compose;
mod render;
mod rng;
mod vocab;

pub use vocab::Vocabulary;

use compose::{Block, Templates};
use rng::Rng;

/// Smallest target text length in bytes (see crate docs for the 100-byte slack).
pub const MIN_TEXT_BYTES: usize = 2100;
/// Largest target text length in bytes.
pub const MAX_TEXT_BYTES: usize = 8900;
/// Share of duplicates that are exact copies (the rest are near duplicates).
pub const EXACT_DUPLICATE_SHARE: f64 = 0.5;
/// Probability that a body slot takes a paragraph from another template.
pub const FOREIGN_PARAGRAPH_SHARE: f64 = 0.25;

/// Errors from loading generator vocabulary.
#[derive(Debug, thiserror::Error)]
pub enum CorpusGenError {
    #[error("generator vocabulary is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("a [[names]] or [[synonyms]] group needs at least two non-empty entries")]
    BadGroup,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOptions {
    pub seed: u64,
    pub articles: usize,
    /// Share of articles wrapped as HTML pages (0..1).
    pub html_share: f32,
    /// Share of articles that duplicate an earlier one, exactly or nearly (0..1).
    pub duplicate_share: f32,
    /// Share of articles re-typed in Title Case (0..1).
    pub title_case_share: f32,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 42,
            articles: 1000,
            html_share: 0.0,
            duplicate_share: 0.1,
            title_case_share: 0.05,
        }
    }
}

/// One generated article: a file name and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedArticle {
    /// `a000123.txt` or `a000123.html` (the index, zero-padded to six digits).
    pub name: String,
    pub content: String,
}

/// What article `index` is, decided from the options alone (ground truth for dedup).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleKind {
    Fresh,
    /// Byte-identical to the earlier fresh article `of`.
    ExactDuplicate {
        of: usize,
    },
    /// The earlier fresh article `of` with an edited headline and a few words changed,
    /// possibly in another style (Title Case, HTML).
    NearDuplicate {
        of: usize,
    },
}

/// Streams articles (never the whole corpus in memory): deterministic for the same
/// templates and options.
pub fn generate<'a>(
    templates: &'a [String],
    opts: &GenOptions,
) -> impl Iterator<Item = GeneratedArticle> + 'a {
    generate_with(templates, opts, Vocabulary::embedded())
}

/// [`generate`] with a custom vocabulary (see [`Vocabulary::extend_from_toml`]).
pub fn generate_with<'a>(
    templates: &'a [String],
    opts: &GenOptions,
    vocab: Vocabulary,
) -> impl Iterator<Item = GeneratedArticle> + 'a {
    let generator = Generator {
        templates: Templates::parse(templates),
        opts: opts.clone(),
        vocab,
    };
    let count = if generator.templates.is_empty() {
        0
    } else {
        opts.articles
    };
    (0..count).map(move |index| generator.article(index))
}

/// Whether article `index` is fresh or a duplicate (and of which fresh article).
pub fn article_kind(opts: &GenOptions, index: usize) -> ArticleKind {
    let mut source = index;
    let mut exact = None;
    // Follow the chain down to a fresh article; each step goes strictly lower.
    while let Some((of, is_exact)) = duplicate_plan(opts, source) {
        exact.get_or_insert(is_exact);
        source = of;
    }
    match exact {
        None => ArticleKind::Fresh,
        Some(true) => ArticleKind::ExactDuplicate { of: source },
        Some(false) => ArticleKind::NearDuplicate { of: source },
    }
}

/// Stream purposes, so each decision has an independent random stream.
const PLAN: u64 = 1;
const STYLE: u64 = 2;
const BODY: u64 = 3;
const EDIT: u64 = 4;

/// `Some((source, exact))` when article `index` is drawn as a duplicate of `source`.
fn duplicate_plan(opts: &GenOptions, index: usize) -> Option<(usize, bool)> {
    let mut rng = Rng::for_article(opts.seed, index, PLAN);
    if index == 0 || !rng.chance(share(opts.duplicate_share)) {
        return None;
    }
    let source = rng.below(index);
    Some((source, rng.chance(EXACT_DUPLICATE_SHARE)))
}

fn share(x: f32) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        f64::from(x.clamp(0.0, 1.0))
    }
}

/// How an article is laid out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub title_case: bool,
    pub html: bool,
    /// Paragraphs separated by a blank line instead of a single line break.
    pub blank_lines: bool,
}

struct Generator<'a> {
    templates: Templates<'a>,
    opts: GenOptions,
    vocab: Vocabulary,
}

impl Generator<'_> {
    fn article(&self, index: usize) -> GeneratedArticle {
        let (style, content) = match article_kind(&self.opts, index) {
            ArticleKind::Fresh => self.render(index, self.compose(index)),
            ArticleKind::ExactDuplicate { of } => self.render(of, self.compose(of)),
            ArticleKind::NearDuplicate { of } => {
                let mut blocks = self.compose(of);
                let mut rng = Rng::for_article(self.opts.seed, index, EDIT);
                compose::edit_near_duplicate(&mut blocks, &self.vocab, &mut rng);
                self.render(index, blocks)
            }
        };
        let ext = if style.html { "html" } else { "txt" };
        GeneratedArticle {
            name: format!("a{index:06}.{ext}"),
            content,
        }
    }

    fn compose(&self, index: usize) -> Vec<Block> {
        let mut rng = Rng::for_article(self.opts.seed, index, BODY);
        compose::compose(&self.templates, &self.vocab, &mut rng)
    }

    /// Render `blocks` in the style drawn for article `index`.
    fn render(&self, index: usize, blocks: Vec<Block>) -> (Style, String) {
        let mut rng = Rng::for_article(self.opts.seed, index, STYLE);
        let style = Style {
            title_case: rng.chance(share(self.opts.title_case_share)),
            html: rng.chance(share(self.opts.html_share)),
            blank_lines: rng.chance(0.5),
        };
        (style, render::render(blocks, style, &self.vocab, &mut rng))
    }
}
