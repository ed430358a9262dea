//! HTML to a [`RawArticle`]: main-content extraction over `scraper` (html5ever), with
//! `dom_smoothie` (a Readability port) as the fallback when too little text survives.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;
use stancemap_model::{Diagnostic, RawArticle, SourceFormat};

use crate::dates::normalise_date;
use crate::Vocabulary;

/// `RawArticle.removed` keeps at most this many lines: enough to audit what the
/// extractor took out of any real page, bounded so a link farm cannot bloat the store.
pub const MAX_REMOVED_LINES: usize = 200;
/// A removed line longer than this is cut (a dropped comment thread can be one huge
/// block); the removed list is for auditing, not for reading.
const MAX_REMOVED_LINE_CHARS: usize = 300;
/// A container with at least this many links ...
const LINK_LIST_MIN_LINKS: usize = 3;
/// ... of which links make up at least this share of its text is a link list (related
/// stories, tag clouds, menus without `<nav>`). Prose with citations stays far below
/// 30%; teaser lists are 80–100% link text, so 60% leaves margin on both sides.
const LINK_LIST_MIN_DENSITY: f64 = 0.6;
/// A single block (paragraph, list item) that is this much link text and shorter than
/// [`LINK_LINE_MAX_CHARS`] is a teaser link ("Read more: Ceasefire talks stall").
const LINK_LINE_MIN_DENSITY: f64 = 0.8;
const LINK_LINE_MAX_CHARS: usize = 150;
/// An `<article>` with at least this much text protects its ancestors from class/id
/// signals (`<div class="has-sidebar"><article>…`); teaser cards are shorter.
const PROTECTING_ARTICLE_MIN_CHARS: usize = 400;
/// The innermost content candidate holding at least this share of the largest
/// candidate's text is the main content (prefers `<article>` over the `<main>` around it).
const TIGHTEST_CANDIDATE_SHARE: f64 = 0.8;
/// A candidate with less than this share of all kept text is a teaser, not the article:
/// keep the whole page minus furniture instead.
const MIN_CANDIDATE_SHARE: f64 = 0.25;
/// Below this many characters of kept text the page is likely one the heuristics do not
/// understand (div soup, unusual class names): try the Readability fallback.
/// The walk recurses per element; real pages nest < 60 deep, hostile ones 100k. Below
/// this depth structure is honoured, beyond it text is flattened into the current line,
/// which keeps the stack small even on a 2 MiB test thread.
pub const MAX_WALK_DEPTH: usize = 256;
/// See [`Walker::holds_most_text`]: "most" is more than half.
const MOST_TEXT_SHARE: f64 = 0.5;
/// ... and only when that is article-sized: a page that is nothing but a menu is empty.
const MOST_TEXT_MIN_CHARS: usize = 200;
const FALLBACK_BELOW_CHARS: usize = 200;
/// The fallback is used only when it finds at least this many characters and at least
/// [`FALLBACK_MIN_GAIN`] times what the own extractor kept: on a genuinely short page
/// both agree and the own result (which knows what furniture it removed) is better.
const FALLBACK_MIN_CHARS: usize = 200;
const FALLBACK_MIN_GAIN: usize = 3;

/// Extract with the default vocabulary. See [`parse_html_with`].
pub fn parse_html(source: &str, html: &str) -> RawArticle {
    parse_html_with(source, html, &Vocabulary::default())
}

/// Extract the main content and metadata of an HTML page. Never fails: a page with no
/// text yields an empty body (callers turn that into a `Skipped { code: "empty" }`).
pub fn parse_html_with(source: &str, html: &str, vocab: &Vocabulary) -> RawArticle {
    let doc = Html::parse_document(html);
    let mut article = RawArticle::text(source, "");
    article.format = SourceFormat::Html;
    read_metadata(&doc, vocab, &mut article);
    let extracted = extract_content(&doc, vocab);
    let mut body_lines = extracted.kept;
    let mut removed = extracted.removed;
    let removed_by_text = extracted.removed_by_text;
    // The Readability port recurses per element: never hand it a pathologically deep page.
    if text_chars(&body_lines) < FALLBACK_BELOW_CHARS && !extracted.too_deep {
        if let Some(lines) = readability_lines(html, vocab, &removed_by_text) {
            let (own, other) = (text_chars(&body_lines), text_chars(&lines));
            if other >= FALLBACK_MIN_CHARS && other >= FALLBACK_MIN_GAIN * own {
                article.diagnostics.push(Diagnostic::info(
                    "extractor-fallback",
                    format!(
                        "{source}: main extractor kept {} characters; used the Readability fallback",
                        text_chars(&body_lines)
                    ),
                ));
                body_lines = lines;
            }
        }
    }
    removed.truncate(MAX_REMOVED_LINES);
    article.body = body_lines.join("\n");
    article.removed = removed;
    article
}

fn text_chars(lines: &[String]) -> usize {
    lines.iter().map(|l| l.chars().count()).sum()
}

// ---------------------------------------------------------------------------------
// Content extraction
// ---------------------------------------------------------------------------------

/// Lines kept as article body and lines recorded as removed furniture.
#[derive(Debug, Default)]
pub struct Extracted {
    pub kept: Vec<String>,
    pub removed: Vec<String>,
    /// The subset of `removed` dropped for link density or furniture wording.
    pub removed_by_text: Vec<String>,
    /// The page nests deeper than [`MAX_WALK_DEPTH`] (text was flattened there).
    pub too_deep: bool,
}

/// Run the own extractor alone (no fallback); public for the extractor comparison.
pub fn extract_content(doc: &Html, vocab: &Vocabulary) -> Extracted {
    let stats = text_stats(doc, vocab);
    let protected = protected_nodes(doc, vocab, &stats);
    let page_chars = stats.get(&doc.tree.root().id()).map_or(0, |s| s.chars);
    let mut walker = Walker {
        vocab,
        page_chars,
        stats: &stats,
        protected: &protected,
        lines: Vec::new(),
        buf: String::new(),
        buf_link_chars: 0,
        open_candidates: Vec::new(),
        candidate_count: 0,
        candidates: Vec::new(),
        link_depth: 0,
        article_depth: 0,
        depth: 0,
        too_deep: false,
        after_br: false,
    };
    walker.walk(doc.tree.root(), Mode::Content);
    walker.flush(Mode::Content);
    let mut out = split_main_content(walker.lines, &walker.candidates);
    out.too_deep = walker.too_deep;
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Content,
    /// Inside a dropped block: visible text is recorded as removed.
    Furniture(DropReason),
}

/// Why a block was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DropReason {
    /// Tag, role or class/id signal: markup says so (may be wrong on odd pages).
    Markup,
    /// Link density or furniture wording: the text itself says so.
    Links,
}

#[derive(Debug)]
struct Line {
    text: String,
    furniture: bool,
    /// Dropped for its links or wording (not for markup): the fallback must not revive it.
    by_text: bool,
    /// Content candidates (`<article>`, `<main>`…) the line is inside, outermost first.
    candidates: Vec<usize>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    chars: usize,
    link_chars: usize,
    links: usize,
}

/// Visible-text statistics of every node, computed bottom-up in one pass: reversed
/// pre-order visits every node after all of its descendants.
fn text_stats(doc: &Html, vocab: &Vocabulary) -> HashMap<NodeId, Stats> {
    let nodes: Vec<NodeRef<'_, Node>> = doc.tree.root().descendants().collect();
    let mut stats: HashMap<NodeId, Stats> = HashMap::with_capacity(nodes.len());
    for node in nodes.iter().rev() {
        let own = match node.value() {
            Node::Text(t) => Stats {
                chars: t.chars().filter(|c| !c.is_whitespace()).count(),
                ..Stats::default()
            },
            Node::Element(_) | Node::Document | Node::Fragment => {
                let el = ElementRef::wrap(*node);
                if el.is_some_and(|e| is_invisible(e, vocab)) {
                    Stats::default()
                } else {
                    let mut sum = children_stats(*node, &stats);
                    if el.is_some_and(|e| e.value().name() == "a") {
                        sum.link_chars = sum.chars;
                        sum.links += 1;
                    }
                    sum
                }
            }
            _ => Stats::default(),
        };
        stats.insert(node.id(), own);
    }
    stats
}

fn children_stats(node: NodeRef<'_, Node>, stats: &HashMap<NodeId, Stats>) -> Stats {
    let mut sum = Stats::default();
    for child in node.children() {
        let c = stats.get(&child.id()).copied().unwrap_or_default();
        sum.chars += c.chars;
        sum.link_chars += c.link_chars;
        sum.links += c.links;
    }
    sum
}

/// Nodes that contain the article proper; class/id signals and link density must not
/// drop them (`<div id="content" class="with-sidebar">` wraps the story).
fn protected_nodes(
    doc: &Html,
    vocab: &Vocabulary,
    stats: &HashMap<NodeId, Stats>,
) -> HashSet<NodeId> {
    let mut protected = HashSet::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let chars = stats.get(&node.id()).map_or(0, |s| s.chars);
        let is_story = match el.value().name() {
            "main" => true,
            "article" => chars >= PROTECTING_ARTICLE_MIN_CHARS && !has_signal(el, vocab),
            _ => {
                el.value().attr("role") == Some("main")
                    || el.value().attr("itemprop") == Some("articleBody")
            }
        };
        if is_story {
            protected.extend(node.ancestors().map(|a| a.id()));
            protected.insert(node.id());
        }
    }
    protected
}

struct Walker<'a> {
    vocab: &'a Vocabulary,
    /// Visible text characters of the whole page.
    page_chars: usize,
    stats: &'a HashMap<NodeId, Stats>,
    protected: &'a HashSet<NodeId>,
    lines: Vec<Line>,
    buf: String,
    buf_link_chars: usize,
    open_candidates: Vec<usize>,
    candidate_count: usize,
    candidates: Vec<Candidate>,
    link_depth: usize,
    article_depth: usize,
    /// Element nesting depth of the walk (bounded by [`MAX_WALK_DEPTH`]).
    depth: usize,
    too_deep: bool,
    /// The last thing seen was a `<br>` (only white space since).
    after_br: bool,
}

/// A possible main-content element, numbered in document (pre-)order.
#[derive(Debug)]
struct Candidate {
    is_article: bool,
    /// Enclosing candidates, outermost first.
    ancestors: Vec<usize>,
}

impl Walker<'_> {
    fn walk(&mut self, node: NodeRef<'_, Node>, mode: Mode) {
        match node.value() {
            Node::Text(t) => self.push_text(t),
            Node::Document | Node::Fragment => {
                for child in node.children() {
                    self.walk(child, mode);
                }
            }
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(node) {
                    self.walk_element(el, mode);
                }
            }
            _ => {}
        }
    }

    fn walk_element(&mut self, el: ElementRef<'_>, mode: Mode) {
        let name = el.value().name();
        if is_invisible(el, self.vocab) {
            return;
        }
        if self.depth >= MAX_WALK_DEPTH {
            // Pathological nesting: keep the text, flattened, without recursing further.
            self.too_deep = true;
            for text in el.text() {
                self.push_text(text);
            }
            return;
        }
        if name == "br" {
            // One <br> is a soft wrap inside a paragraph; two in a row (old CMSes put
            // whole articles in one <div> this way) end the paragraph.
            if self.after_br {
                self.flush(mode);
            } else {
                self.buf.push(' ');
            }
            self.after_br = true;
            return;
        }
        self.after_br = false;
        let drop = if mode == Mode::Content {
            self.is_furniture(el)
        } else {
            None
        };
        let breaks_line = drop.is_some() || is_block(name);
        if breaks_line {
            self.flush(mode);
        }
        let child_mode = drop.map_or(mode, Mode::Furniture);
        let candidate = child_mode == Mode::Content && is_candidate(el);
        if candidate {
            self.candidates.push(Candidate {
                is_article: name == "article",
                ancestors: self.open_candidates.clone(),
            });
            self.open_candidates.push(self.candidate_count);
            self.candidate_count += 1;
        }
        let article_like = matches!(name, "article" | "main");
        self.article_depth += usize::from(article_like);
        self.link_depth += usize::from(name == "a");
        self.depth += 1;
        for child in el.children() {
            self.walk(child, child_mode);
        }
        self.depth -= 1;
        self.link_depth -= usize::from(name == "a");
        self.article_depth -= usize::from(article_like);
        if breaks_line {
            self.flush(child_mode);
        }
        if candidate {
            self.open_candidates.pop();
        }
    }

    /// Append text, collapsing white-space runs to one space (HTML rendering rules).
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.buf.ends_with(' ') {
                    self.buf.push(' ');
                }
            } else {
                self.after_br = false;
                self.buf.push(c);
                if self.link_depth > 0 {
                    self.buf_link_chars += 1;
                }
            }
        }
    }

    fn flush(&mut self, mode: Mode) {
        let text = self.buf.trim();
        if !text.is_empty() {
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            let link_share = self.buf_link_chars as f64 / chars.max(1) as f64;
            let teaser_link =
                link_share >= LINK_LINE_MIN_DENSITY && text.chars().count() < LINK_LINE_MAX_CHARS;
            let by_text = mode == Mode::Furniture(DropReason::Links)
                || teaser_link
                || self.vocab.is_furniture_line(text);
            let furniture = by_text || mode == Mode::Furniture(DropReason::Markup);
            self.lines.push(Line {
                text: text.to_string(),
                furniture,
                by_text,
                candidates: self.open_candidates.clone(),
            });
        }
        self.buf.clear();
        self.buf_link_chars = 0;
    }

    fn is_furniture(&self, el: ElementRef<'_>) -> Option<DropReason> {
        let name = el.value().name();
        if matches!(name, "html" | "body" | "main") || self.protected.contains(&el.id()) {
            return None;
        }
        let vocab = self.vocab;
        let by_tag = vocab.drop_tags.iter().any(|t| t == name)
            || (self.article_depth == 0
                && vocab.drop_tags_outside_article.iter().any(|t| t == name));
        let by_role = el
            .value()
            .attr("role")
            .is_some_and(|r| vocab.drop_roles.iter().any(|d| r.eq_ignore_ascii_case(d)));
        if self.is_link_list(el) {
            return Some(DropReason::Links);
        }
        ((by_tag || by_role || has_signal(el, vocab)) && !self.holds_most_text(el))
            .then_some(DropReason::Markup)
    }

    /// An element with most of the page's text is not furniture as a whole, whatever its
    /// tag, role or class says: broken markup (`<div class="menu">` never closed) and
    /// ASP.NET pages (`<form>` around everything) wrap the story. Its children are still
    /// judged one by one.
    fn holds_most_text(&self, el: ElementRef<'_>) -> bool {
        let chars = self.stats.get(&el.id()).map_or(0, |s| s.chars);
        chars >= MOST_TEXT_MIN_CHARS && chars as f64 > MOST_TEXT_SHARE * self.page_chars as f64
    }

    fn is_link_list(&self, el: ElementRef<'_>) -> bool {
        if !matches!(
            el.value().name(),
            "div" | "section" | "ul" | "ol" | "table" | "dl" | "p" | "span"
        ) {
            return false;
        }
        let s = self.stats.get(&el.id()).copied().unwrap_or_default();
        s.links >= LINK_LIST_MIN_LINKS
            && s.link_chars as f64 >= LINK_LIST_MIN_DENSITY * s.chars.max(1) as f64
    }
}

fn has_signal(el: ElementRef<'_>, vocab: &Vocabulary) -> bool {
    let v = el.value();
    v.attr("class").is_some_and(|c| vocab.class_matches(c))
        || v.id().is_some_and(|id| vocab.class_matches(id))
}

/// Elements a reader never sees: by tag, `hidden`, `aria-hidden`, inline `display:none`.
fn is_invisible(el: ElementRef<'_>, vocab: &Vocabulary) -> bool {
    let v = el.value();
    if vocab.invisible_tags.iter().any(|t| t == v.name()) || v.attr("hidden").is_some() {
        return true;
    }
    if v.attr("aria-hidden")
        .is_some_and(|a| a.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    v.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Elements whose subtree may be the article.
fn is_candidate(el: ElementRef<'_>) -> bool {
    let v = el.value();
    matches!(v.name(), "article" | "main")
        || v.attr("role") == Some("main")
        || v.attr("itemprop") == Some("articleBody")
}

/// Block-level elements: each starts and ends a line. (HTML semantics, not vocabulary.)
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "figcaption"
            | "address"
            | "hr"
            | "form"
            | "fieldset"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

/// Keep the lines of the tightest large content candidate; everything else visible is
/// furniture or page text outside the story and goes to `removed`.
fn split_main_content(lines: Vec<Line>, candidates: &[Candidate]) -> Extracted {
    let mut per_candidate = vec![0usize; candidates.len()];
    let mut total = 0usize;
    for line in lines.iter().filter(|l| !l.furniture) {
        let len = line.text.chars().count();
        total += len;
        for &c in &line.candidates {
            if let Some(slot) = per_candidate.get_mut(c) {
                *slot += len;
            }
        }
    }
    let root = choose_root(&per_candidate, total).map(|r| widen_to_article(r, candidates));
    let mut out = Extracted::default();
    for line in lines {
        let in_root = root.is_none_or(|r| line.candidates.contains(&r));
        if !line.furniture && in_root {
            out.kept.push(line.text);
        } else {
            // Not capped here: the fallback filter needs every removed line; the
            // article's list is capped at the end.
            if line.by_text {
                out.removed_by_text.push(line.text.clone());
            }
            out.removed
                .push(truncate_chars(line.text, MAX_REMOVED_LINE_CHARS));
        }
    }
    out
}

fn choose_root(per_candidate: &[usize], total: usize) -> Option<usize> {
    let best = per_candidate.iter().copied().max()?;
    if best == 0 || (best as f64) < MIN_CANDIDATE_SHARE * total as f64 {
        return None;
    }
    let floor = TIGHTEST_CANDIDATE_SHARE * best as f64;
    // Ties go to the later (inner) candidate: candidates are numbered in pre-order.
    per_candidate
        .iter()
        .enumerate()
        .filter(|(_, &len)| len as f64 >= floor)
        .min_by_key(|(i, &len)| (len, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// An `<article>` around the chosen element is the whole story: its `<header>` holds the
/// headline and the standfirst, which an inner `[itemprop=articleBody]` leaves out.
fn widen_to_article(root: usize, candidates: &[Candidate]) -> usize {
    let Some(c) = candidates.get(root) else {
        return root;
    };
    if c.is_article {
        return root;
    }
    c.ancestors
        .iter()
        .rev()
        .copied()
        .find(|&a| candidates.get(a).is_some_and(|x| x.is_article))
        .unwrap_or(root)
}

fn truncate_chars(mut text: String, max: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(max) {
        text.truncate(cut);
        text.push('\u{2026}');
    }
    text
}

/// The Readability port in its "formatted" text mode (paragraphs on their own lines).
/// Lines the own extractor dropped for their links or wording (teasers, link lists,
/// "Advertisement") stay dropped; lines dropped for their markup may come back, since a
/// misleading class name is what the fallback is there to repair.
fn readability_lines(
    html: &str,
    vocab: &Vocabulary,
    removed_by_text: &[String],
) -> Option<Vec<String>> {
    let never: HashSet<&str> = removed_by_text.iter().map(String::as_str).collect();
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
    let article = reader.parse().ok()?;
    let lines: Vec<String> = article
        .text_content
        .lines()
        .map(collapse_ws)
        .filter(|l| !l.is_empty() && !vocab.is_furniture_line(l))
        .filter(|l| !never.contains(l.as_str()))
        .collect();
    Some(lines)
}

// ---------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------

fn selector(css: &str) -> Selector {
    // Only called with the literal selectors below, each covered by tests.
    Selector::parse(css).unwrap_or_else(|_| panic!("invalid built-in selector {css}"))
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel~=canonical]"));
static HTML_TAG: LazyLock<Selector> = LazyLock::new(|| selector("html"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static ITEMPROP_DATE: LazyLock<Selector> = LazyLock::new(|| selector("[itemprop=datePublished]"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector("script[type=\"application/ld+json\"]"));

/// `<meta>` values by lower-cased `property` / `name` / `itemprop`, first one wins.
fn meta_values(doc: &Html) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for m in doc.select(&META) {
        let v = m.value();
        let Some(content) = v.attr("content").map(collapse_ws).filter(|c| !c.is_empty()) else {
            continue;
        };
        for key in ["property", "name", "itemprop"] {
            if let Some(k) = v.attr(key) {
                out.entry(k.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }
    out
}

#[derive(Debug, Default)]
struct JsonLd {
    date: Option<String>,
    author: Option<String>,
}

fn read_metadata(doc: &Html, vocab: &Vocabulary, article: &mut RawArticle) {
    let meta = meta_values(doc);
    let ld = json_ld(doc);
    article.outlet = meta.get("og:site_name").cloned();
    article.title = page_title(doc, &meta, article.outlet.as_deref());
    article.url = doc
        .select(&CANONICAL)
        .find_map(|l| l.value().attr("href"))
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .or_else(|| meta.get("og:url").cloned());
    article.author = meta
        .get("author")
        .filter(|a| !a.starts_with("http"))
        .cloned()
        .or(ld.author.clone());
    article.language = doc
        .select(&HTML_TAG)
        .next()
        .and_then(|h| h.value().attr("lang"))
        .and_then(language_code);
    let date_candidates = date_candidates(doc, &meta, &ld);
    article.published = first_valid_date(&date_candidates, vocab, &mut article.diagnostics);
}

fn date_candidates(doc: &Html, meta: &HashMap<String, String>, ld: &JsonLd) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(meta.get("article:published_time").cloned());
    out.extend(doc.select(&ITEMPROP_DATE).next().and_then(|e| {
        let v = e.value();
        v.attr("content")
            .or(v.attr("datetime"))
            .map(str::to_string)
            .or_else(|| Some(collapse_ws(&e.text().collect::<String>())))
    }));
    out.extend(ld.date.clone());
    out.extend(
        doc.select(&TIME)
            .next()
            .and_then(|t| t.value().attr("datetime"))
            .map(str::to_string),
    );
    out
}

fn first_valid_date(
    candidates: &[String],
    vocab: &Vocabulary,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    for raw in candidates.iter().filter(|r| !r.trim().is_empty()) {
        if let Some(date) = normalise_date(raw, &vocab.months) {
            return Some(date);
        }
        diagnostics.push(Diagnostic::info(
            "bad-date",
            format!("unparseable publication date {raw:?} dropped"),
        ));
    }
    None
}

/// `og:title`, else the first `<h1>`, else `<title>` without its " | Site" suffix.
fn page_title(doc: &Html, meta: &HashMap<String, String>, outlet: Option<&str>) -> Option<String> {
    let from_meta = meta.get("og:title").cloned();
    let from_h1 = || {
        doc.select(&H1)
            .map(|h| collapse_ws(&leading_inline_text(h)))
            .find(|t| !t.is_empty())
    };
    let from_title = || {
        doc.select(&TITLE)
            .map(|t| collapse_ws(&t.text().collect::<String>()))
            .find(|t| !t.is_empty())
            .map(|t| strip_site_suffix(&t))
    };
    let title = from_meta.or_else(from_h1).or_else(from_title)?;
    Some(strip_outlet(&title, outlet))
}

/// Text of an element up to its first block-level descendant: an unclosed `<h1>` in
/// broken markup swallows the whole page, but its headline comes first.
fn leading_inline_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    // Pre-order traversal without recursion; stop at the first block element.
    for node in el.descendants().skip(1) {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if is_block(e.name()) => break,
            _ => {}
        }
    }
    out
}

const TITLE_SEPARATORS: [&str; 6] = [
    " | ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
    " :: ",
    " \u{00B7} ",
];
/// A trailing segment longer than this is part of the headline, not a site name.
const MAX_SITE_SUFFIX_CHARS: usize = 40;

fn strip_site_suffix(title: &str) -> String {
    let cut = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, sep.len())))
        .max_by_key(|(at, _)| *at);
    match cut {
        Some((at, sep_len)) => {
            let (head, tail) = (&title[..at], &title[at + sep_len..]);
            let tail_chars = tail.chars().count();
            if tail_chars <= MAX_SITE_SUFFIX_CHARS && tail_chars < head.chars().count() {
                head.trim().to_string()
            } else {
                title.to_string()
            }
        }
        None => title.to_string(),
    }
}

fn strip_outlet(title: &str, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet.filter(|o| !o.is_empty()) else {
        return title.to_string();
    };
    for sep in TITLE_SEPARATORS {
        if let Some(head) = title.strip_suffix(&format!("{sep}{outlet}")) {
            return head.trim().to_string();
        }
    }
    title.to_string()
}

pub(crate) fn language_code(lang: &str) -> Option<String> {
    let primary = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()))
        .then_some(primary)
}

fn json_ld(doc: &Html) -> JsonLd {
    let mut out = JsonLd::default();
    for script in doc.select(&JSON_LD) {
        let text: String = script.text().collect();
        if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
            visit_ld(&value, &mut out);
        }
    }
    out
}

/// Depth-first over objects, arrays and `@graph`: the first `datePublished` and the
/// first `author` win.
fn visit_ld(value: &Value, out: &mut JsonLd) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| visit_ld(v, out)),
        Value::Object(map) => {
            if out.date.is_none() {
                out.date = map
                    .get("datePublished")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            if out.author.is_none() {
                out.author = map.get("author").and_then(ld_person_names);
            }
            if let Some(graph) = map.get("@graph") {
                visit_ld(graph, out);
            }
        }
        _ => {}
    }
}

pub(crate) fn ld_person_names(value: &Value) -> Option<String> {
    let names: Vec<String> = match value {
        Value::String(s) => vec![collapse_ws(s)],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(collapse_ws)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().filter_map(ld_person_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// Collapse white-space runs to one space and trim.
pub fn collapse_ws(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> String {
        parse_html("t.html", html).body
    }

    #[test]
    fn paragraphs_headings_items_one_line_each() {
        let b = body(
            "<body><article><h2>Sub  head</h2><p>First line<br>continues &amp; ends.</p>\
             <ul><li>One item</li><li>Two</li></ul><blockquote>Quoted words</blockquote></article></body>",
        );
        assert_eq!(
            b,
            "Sub head\nFirst line continues & ends.\nOne item\nTwo\nQuoted words"
        );
    }

    #[test]
    fn furniture_goes_to_removed_scripts_vanish() {
        let a = parse_html(
            "t.html",
            "<body><nav><a href=/>Home</a> <a href=/w>World</a></nav>\
             <div class=\"cookie-banner\">We use cookies to improve your experience.</div>\
             <p>The mediators met in Doha on Tuesday and again on Wednesday.</p>\
             <script>var tracking = 1;</script><div class=\"share-bar\">Share</div></body>",
        );
        assert_eq!(
            a.body,
            "The mediators met in Doha on Tuesday and again on Wednesday."
        );
        assert!(a.removed.contains(&"Home World".to_string()));
        assert!(a.removed.iter().any(|r| r.contains("cookies")));
        assert!(!a.removed.iter().any(|r| r.contains("tracking")));
    }

    #[test]
    fn link_lists_and_teaser_links_are_dropped() {
        let a = parse_html(
            "t.html",
            "<body><p>Negotiators said the tariff truce could be extended for ninety days.</p>\
             <div><a href=1>Steel quotas explained</a><a href=2>Who pays the levy</a>\
             <a href=3>Port strike enters week two</a></div>\
             <p>Read more: <a href=4>Inside the grain corridor deal</a></p></body>",
        );
        assert_eq!(
            a.body,
            "Negotiators said the tariff truce could be extended for ninety days."
        );
        assert_eq!(a.removed.len(), 2);
    }

    #[test]
    fn signal_on_wrapper_does_not_drop_the_story() {
        let long = "The union and the port operators resumed talks over wages. ".repeat(10);
        let html = format!(
            "<body><div id=\"page\" class=\"layout with-sidebar\"><article><p>{long}</p></article>\
             <div class=\"sidebar\">Sidebar words</div></div></body>"
        );
        let a = parse_html("t.html", &html);
        assert!(a.body.starts_with("The union"));
        assert_eq!(a.removed, vec!["Sidebar words"]);
    }

    #[test]
    fn article_beats_surrounding_text() {
        let long = "Envoys said the hostage exchange would happen in three phases. ".repeat(8);
        let html = format!(
            "<body><p>Breaking: markets rally</p><main><article><p>{long}</p></article>\
             <p>Other headline teaser</p></main></body>"
        );
        let a = parse_html("t.html", &html);
        assert_eq!(a.body, long.trim());
        assert!(a.removed.contains(&"Breaking: markets rally".to_string()));
        assert!(a.removed.contains(&"Other headline teaser".to_string()));
    }

    #[test]
    fn metadata_from_meta_tags() {
        let a = parse_html(
            "t.html",
            "<html lang=\"en-GB\"><head><title>Talks stall again | The Courier</title>\
             <meta property=\"og:site_name\" content=\"The Courier\">\
             <meta name=\"author\" content=\"Ana Ruiz\">\
             <meta property=\"article:published_time\" content=\"2025-03-04T09:00:00+01:00\">\
             <link rel=\"canonical\" href=\"https://courier.example/talks\"></head>\
             <body><p>Text.</p></body></html>",
        );
        assert_eq!(a.title.as_deref(), Some("Talks stall again"));
        assert_eq!(a.outlet.as_deref(), Some("The Courier"));
        assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(a.published.as_deref(), Some("2025-03-04"));
        assert_eq!(a.url.as_deref(), Some("https://courier.example/talks"));
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn metadata_from_json_ld_graph_and_h1() {
        let a = parse_html(
            "t.html",
            r#"<head><script type="application/ld+json">{"@context":"https://schema.org",
               "@graph":[{"@type":"WebSite","name":"X"},{"@type":"NewsArticle",
               "datePublished":"2024-11-30T18:00:00Z","author":[{"name":"Li Wei"},{"name":"Omar Haddad"}]}]}
               </script><title>Ignored - Site</title></head><body><h1> Port deal   signed </h1><p>x</p></body>"#,
        );
        assert_eq!(a.title.as_deref(), Some("Port deal signed"));
        assert_eq!(a.published.as_deref(), Some("2024-11-30"));
        assert_eq!(a.author.as_deref(), Some("Li Wei, Omar Haddad"));
    }

    #[test]
    fn unparseable_date_falls_through_with_info() {
        let a = parse_html(
            "t.html",
            "<head><meta property=\"article:published_time\" content=\"last Tuesday\"></head>\
             <body><time datetime=\"2025/01/15\">15 Jan</time><p>x</p></body>",
        );
        assert_eq!(a.published.as_deref(), Some("2025-01-15"));
        assert_eq!(a.diagnostics[0].code, "bad-date");
    }

    #[test]
    fn removed_is_capped() {
        let items: String = (0..500)
            .map(|i| format!("<li><a href=/{i}>Teaser number {i}</a></li>"))
            .collect();
        let html = format!("<body><p>Talks resumed.</p><ul>{items}</ul></body>");
        let a = parse_html("t.html", &html);
        assert_eq!(a.body, "Talks resumed.");
        assert_eq!(a.removed.len(), MAX_REMOVED_LINES);
    }

    #[test]
    fn user_vocabulary_adds_signals() {
        let html = "<body><p>The strike committee met the ministry.</p>\
                    <div class=\"zx-rail\">Trending elsewhere</div></body>";
        assert!(parse_html("t.html", html)
            .body
            .contains("Trending elsewhere"));
        let vocab = Vocabulary::with_extra("[html]\nclass_signals = [\"zx-rail\"]").unwrap();
        let a = parse_html_with("t.html", html, &vocab);
        assert_eq!(a.body, "The strike committee met the ministry.");
    }

    #[test]
    fn hidden_elements_vanish_without_record() {
        let a = parse_html(
            "t.html",
            "<body><p>Visible text.</p><div style=\"display: none\">Modal copy</div>\
             <p hidden>Hidden para</p><span aria-hidden=\"true\">icon</span></body>",
        );
        assert_eq!(a.body, "Visible text.");
        assert!(a.removed.is_empty());
    }

    #[test]
    fn fallback_repairs_wrong_signals_but_not_teasers() {
        // The story sits in a "promo" box (a signal) beside two other signal boxes of
        // short cells, with a link list: no box holds most of the text, so the own
        // extractor keeps nothing and the fallback brings the story back.
        let para = "Ministers from both governments said the water-sharing treaty talks would resume in Nairobi next month, with a draft on dam filling schedules.";
        let cells: String = (0..60).map(|i| format!("<td>Cell {i:03}</td>")).collect();
        let html = format!(
            "<body><div class=\"promo\"><p>{para}</p><p>{para} Again.</p><p>{para} More.</p><p>{para} Four.</p><p>{para} Five.</p></div>\
             <div class=\"sidebar\"><table><tr>{cells}</tr></table></div>\
             <div class=\"comments\"><table><tr>{cells}</tr></table></div>\
             <ul><li><a href=/1>Teaser one about dams</a></li><li><a href=/2>Teaser two</a></li>\
             <li><a href=/3>Teaser three</a></li></ul></body>"
        );
        let a = parse_html("t.html", &html);
        assert!(a.body.starts_with("Ministers"), "{a:?}");
        assert!(!a.body.contains("Teaser"));
        assert_eq!(a.diagnostics[0].code, "extractor-fallback");
    }

    #[test]
    fn page_wide_form_is_not_furniture() {
        let para = "The council and the teachers' union agreed a two-year pay deal. ".repeat(5);
        let html = format!(
            "<body><form id=\"aspnetForm\"><p>{para}</p><input type=hidden value=x></form></body>"
        );
        assert!(parse_html("t.html", &html).body.starts_with("The council"));
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 10_000;
        let html = format!(
            "<body>{}<p>Deep text about the fishing quota talks.</p>{}</body>",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        let a = parse_html("t.html", &html);
        assert!(a.body.contains("fishing quota"));
    }

    #[test]
    fn double_br_ends_a_paragraph_single_br_does_not() {
        let b = body("<body><div>Para one.<br><br>\n<br>Para two,<br>same para.</div></body>");
        assert_eq!(b, "Para one.\nPara two, same para.");
    }

    #[test]
    fn title_suffix_rules() {
        assert_eq!(strip_site_suffix("Strike ends - Daily Star"), "Strike ends");
        assert_eq!(strip_site_suffix("Iran - talks"), "Iran - talks");
        assert_eq!(
            strip_outlet("Deal done | Globe", Some("Globe")),
            "Deal done"
        );
    }
}
