//! The JSON shapes of the API, built from the ledger view and stored documents. Pure:
//! values in, serialisable values out. Article text leaves as strings; highlights leave
//! as text parts or UTF-16 offsets (what a browser's strings count), never as markup.

use std::collections::BTreeMap;

use serde::Serialize;
use stancemap_ledger::{Agreement, Contradiction, Position};
use stancemap_model::{ClaimRecord, DocMeta, Document};
use stancemap_report::ExportClaim;
use stancemap_store::StoredMention;

use crate::state::LedgerView;

/// A piece of a sentence; `mark` is `"cue"` or `"item"` for the highlighted pieces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub text: String,
    pub mark: Option<&'static str>,
}

/// Where a claim comes from, for citing it.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub source: &'a str,
    pub outlet: Option<&'a str>,
    pub published: Option<&'a str>,
    pub duplicate_of: Option<&'a str>,
}

impl<'a> From<&'a DocMeta> for DocRef<'a> {
    fn from(d: &'a DocMeta) -> Self {
        DocRef {
            id: &d.id,
            title: &d.title,
            source: &d.source,
            outlet: d.outlet.as_deref(),
            published: d.published.as_deref(),
            duplicate_of: d.duplicate_of.as_deref(),
        }
    }
}

/// A claim as the API shows it: the export fields, its document, and its sentence cut
/// into parts with the cue and the item marked.
#[derive(Debug, Serialize)]
pub struct ClaimView<'a> {
    #[serde(flatten)]
    pub claim: ExportClaim<'a>,
    pub document: Option<DocRef<'a>>,
    pub parts: Vec<Part>,
}

pub fn claim_view<'a>(view: &'a LedgerView, c: &'a ClaimRecord) -> ClaimView<'a> {
    ClaimView {
        claim: ExportClaim::from(c),
        document: view.doc(&c.doc).map(DocRef::from),
        parts: sentence_parts(c),
    }
}

/// The sentence with the cue (document offsets) and the item (a verbatim substring)
/// marked. Marks that fall outside the sentence, off char boundaries, or overlap an
/// earlier mark are left out: the sentence text itself is always complete.
pub fn sentence_parts(c: &ClaimRecord) -> Vec<Part> {
    let s = c.sentence.as_str();
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    if let (Some(a), Some(b)) = (
        c.cue.start.checked_sub(c.start),
        c.cue.end.checked_sub(c.start),
    ) {
        marks.push((a, b, "cue"));
    }
    if !c.item.is_empty() {
        if let Some(at) = s.find(&c.item) {
            marks.push((at, at + c.item.len(), "item"));
        }
    }
    marks.sort();
    let mut parts = Vec::new();
    let mut pos = 0;
    for (a, b, mark) in marks {
        let valid = a >= pos && a < b && b <= s.len();
        if !valid || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
            continue;
        }
        push_part(&mut parts, &s[pos..a], None);
        push_part(&mut parts, &s[a..b], Some(mark));
        pos = b;
    }
    push_part(&mut parts, &s[pos..], None);
    parts
}

fn push_part(parts: &mut Vec<Part>, text: &str, mark: Option<&'static str>) {
    if !text.is_empty() {
        parts.push(Part {
            text: text.to_string(),
            mark,
        });
    }
}

/// A position with a flag for an agreement that covers it (same story, party among
/// the agreement's parties, same topic).
#[derive(Debug, Serialize)]
pub struct PositionView<'a> {
    #[serde(flatten)]
    pub position: &'a Position,
    pub agreed: bool,
}

pub fn position_view<'a>(p: &'a Position, agreements: &[Agreement]) -> PositionView<'a> {
    let agreed = agreements.iter().any(|a| {
        a.story == p.story
            && a.topic.as_deref() == Some(p.topic.as_str())
            && a.parties.iter().any(|x| x == &p.party)
    });
    PositionView {
        position: p,
        agreed,
    }
}

/// A contradiction with each value's documents cited.
#[derive(Debug, Serialize)]
pub struct ContradictionView<'a> {
    pub story: Option<&'a str>,
    pub subject: &'a str,
    pub subject_name: &'a str,
    pub attribute: &'a str,
    pub values: Vec<ValueView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ValueView<'a> {
    pub value: &'a str,
    pub documents: Vec<DocRef<'a>>,
}

pub fn contradiction_view<'a>(view: &'a LedgerView, c: &'a Contradiction) -> ContradictionView<'a> {
    ContradictionView {
        story: c.story.as_deref(),
        subject: &c.subject,
        subject_name: &c.subject_name,
        attribute: &c.attribute,
        values: c
            .values
            .iter()
            .map(|v| ValueView {
                value: &v.value,
                documents: v
                    .docs
                    .iter()
                    .filter_map(|d| view.doc(d))
                    .map(DocRef::from)
                    .collect(),
            })
            .collect(),
    }
}

/// One story: its documents' count, first title, dates and outlets, and the parties
/// with positions in it.
#[derive(Debug, Serialize)]
pub struct StoryView<'a> {
    pub id: &'a str,
    pub documents: usize,
    pub duplicates: usize,
    pub title: &'a str,
    pub first_published: Option<&'a str>,
    pub last_published: Option<&'a str>,
    pub outlets: Vec<&'a str>,
    pub parties: Vec<&'a str>,
}

/// Stories in natural order (s-2 before s-10).
pub fn stories(view: &LedgerView) -> Vec<StoryView<'_>> {
    let mut by_story: BTreeMap<(usize, &str), Vec<&DocMeta>> = BTreeMap::new();
    for d in &view.input.documents {
        if let Some(s) = d.story.as_deref() {
            let rank = stancemap_report::story_rank(Some(s));
            by_story.entry((rank, s)).or_default().push(d);
        }
    }
    by_story
        .into_iter()
        .map(|((_, id), docs)| story_view(view, id, &docs))
        .collect()
}

fn story_view<'a>(view: &'a LedgerView, id: &'a str, docs: &[&'a DocMeta]) -> StoryView<'a> {
    let mut dates: Vec<&str> = docs.iter().filter_map(|d| d.published.as_deref()).collect();
    dates.sort_unstable();
    let mut outlets: Vec<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    outlets.sort_unstable();
    outlets.dedup();
    let mut parties: Vec<&str> = view
        .ledger
        .positions
        .iter()
        .filter(|p| p.story.as_deref() == Some(id))
        .map(|p| p.party.as_str())
        .collect();
    parties.sort_unstable();
    parties.dedup();
    StoryView {
        id,
        documents: docs.len(),
        duplicates: docs.iter().filter(|d| d.duplicate_of.is_some()).count(),
        title: docs.first().map_or("", |d| d.title.as_str()),
        first_published: dates.first().copied(),
        last_published: dates.last().copied(),
        outlets,
        parties,
    }
}

/// A byte span with its UTF-16 offsets (JavaScript string indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpanView {
    pub start: usize,
    pub end: usize,
    pub u16_start: usize,
    pub u16_end: usize,
}

/// Byte offsets to UTF-16 offsets over one text.
pub struct Utf16Map(Vec<usize>);

impl Utf16Map {
    pub fn new(text: &str) -> Utf16Map {
        let mut at = vec![0; text.len() + 1];
        let mut units = 0;
        for (i, ch) in text.char_indices() {
            // Bytes inside a character map to its start.
            at[i..i + ch.len_utf8()].fill(units);
            units += ch.len_utf16();
        }
        at[text.len()] = units;
        Utf16Map(at)
    }

    /// Clamped: an offset past the end maps to the end.
    pub fn span(&self, start: usize, end: usize) -> SpanView {
        let last = self.0.len() - 1;
        SpanView {
            start,
            end,
            u16_start: self.0[start.min(last)],
            u16_end: self.0[end.min(last)],
        }
    }
}

/// `GET /api/documents/{id}`: the cleaned text and the spans of its sentences, claims,
/// mentions and repeated passages.
#[derive(Debug, Serialize)]
pub struct DocumentView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub source: &'a str,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub author: Option<&'a str>,
    pub published: Option<&'a str>,
    pub language: &'a str,
    pub story: Option<&'a str>,
    pub duplicate_of: Option<&'a str>,
    pub text: &'a str,
    pub removed: &'a [String],
    pub sentences: Vec<SpanView>,
    pub repeats: Vec<SpanView>,
    pub claims: Vec<DocClaim<'a>>,
    pub mentions: Vec<DocMention<'a>>,
}

#[derive(Debug, Serialize)]
pub struct DocClaim<'a> {
    pub id: &'a str,
    pub party: &'a str,
    pub act: stancemap_model::Act,
    pub topic: Option<&'a str>,
    pub item: &'a str,
    pub span: SpanView,
    pub cue: SpanView,
}

#[derive(Debug, Serialize)]
pub struct DocMention<'a> {
    pub entity: &'a str,
    pub surface: &'a str,
    pub span: SpanView,
}

pub fn document_view<'a>(
    doc: &'a Document,
    claims: &'a [ClaimRecord],
    mentions: &'a [StoredMention],
) -> DocumentView<'a> {
    let map = Utf16Map::new(&doc.text);
    DocumentView {
        id: &doc.id,
        title: &doc.title,
        source: &doc.source,
        url: doc.url.as_deref(),
        outlet: doc.outlet.as_deref(),
        author: doc.author.as_deref(),
        published: doc.published.as_deref(),
        language: &doc.language,
        story: doc.story.as_deref(),
        duplicate_of: doc.duplicate_of.as_deref(),
        text: &doc.text,
        removed: &doc.removed,
        sentences: doc
            .sentences
            .iter()
            .map(|s| map.span(s.span.start, s.span.end))
            .collect(),
        repeats: doc
            .repeats
            .iter()
            .map(|r| map.span(r.start, r.end))
            .collect(),
        claims: claims
            .iter()
            .map(|c| DocClaim {
                id: &c.id,
                party: &c.party,
                act: c.act,
                topic: c.topic.as_deref(),
                item: &c.item,
                span: map.span(c.start, c.end),
                cue: map.span(c.cue.start, c.cue.end),
            })
            .collect(),
        mentions: mentions
            .iter()
            .map(|m| DocMention {
                entity: &m.entity,
                surface: &m.surface,
                span: map.span(m.start, m.end),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stancemap_model::{Act, Span};

    fn claim(sentence: &str, start: usize, cue: (usize, usize), item: &str) -> ClaimRecord {
        ClaimRecord {
            id: "c-1".into(),
            doc: "d-1".into(),
            sentence: sentence.into(),
            start,
            end: start + sentence.len(),
            cue: Span::new(cue.0, cue.1),
            party: "UNION".into(),
            speaker: None,
            act: Act::Reject,
            topic: Some("wages".into()),
            item: item.into(),
            target: None,
            with: vec![],
            conditions: vec![],
            attributed_to: None,
            negated: false,
            confidence: 0.8,
            counted: true,
        }
    }

    fn texts(parts: &[Part]) -> Vec<(&str, Option<&str>)> {
        parts.iter().map(|p| (p.text.as_str(), p.mark)).collect()
    }

    #[test]
    fn parts_mark_cue_and_item_and_keep_the_whole_sentence() {
        // The sentence starts at byte 100 of its document; the cue is in document offsets.
        let c = claim(
            "The union rejected the wage offer.",
            100,
            (110, 118),
            "the wage offer",
        );
        assert_eq!(
            texts(&sentence_parts(&c)),
            [
                ("The union ", None),
                ("rejected", Some("cue")),
                (" ", None),
                ("the wage offer", Some("item")),
                (".", None)
            ]
        );
    }

    #[test]
    fn bad_marks_are_dropped_never_the_text() {
        let c = claim("Éire said «non» to the levy.", 0, (1, 3), "missing item");
        let joined: String = sentence_parts(&c).iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, c.sentence, "cue off a char boundary is ignored");
        let far = claim("Talks stalled.", 50, (10, 20), "");
        assert_eq!(texts(&sentence_parts(&far)), [("Talks stalled.", None)]);
    }

    #[test]
    fn utf16_offsets_count_what_javascript_counts() {
        let text = "Kyiv — 🇺🇦 talks";
        let map = Utf16Map::new(text);
        let at = text.find("talks").unwrap();
        let span = map.span(at, text.len());
        let js_index = text[..at].encode_utf16().count();
        assert_eq!((span.u16_start, span.u16_end), (js_index, js_index + 5));
        assert_eq!(map.span(0, 999).u16_end, text.encode_utf16().count());
    }
}
