//! Terminal views: the position matrix (or a long table when it would be too wide) and
//! the claim list. Pure: they return the text; the CLI decides about colour.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use stancemap_ledger::Position;
use stancemap_model::{ClaimRecord, DocMeta, Stance};

use crate::markdown::story_rank;

/// A matrix wider than this many columns is printed as a long table instead: 100 fits a
/// common terminal (and a pager) without wrapping rows.
pub const MAX_MATRIX_WIDTH: usize = 100;

/// ANSI colour per stance: demand yellow, propose cyan, accept green, reject red.
fn colour(stance: Stance) -> &'static str {
    match stance {
        Stance::Demand => "\x1b[33m",
        Stance::Propose => "\x1b[36m",
        Stance::Accept => "\x1b[32m",
        Stance::Reject => "\x1b[31m",
    }
}

const RESET: &str = "\x1b[0m";

/// Pad `text` to `width` display characters, then colour it (padding first, so escape
/// codes never upset the alignment).
fn painted(text: &str, width: usize, stance: Option<Stance>, color: bool) -> String {
    let pad = width.saturating_sub(text.chars().count());
    match stance {
        Some(s) if color => format!("{}{text}{RESET}{}", colour(s), " ".repeat(pad)),
        _ => format!("{text}{}", " ".repeat(pad)),
    }
}

/// Article text for a terminal: control characters (escape sequences from a hostile
/// page) dropped, white space collapsed.
pub fn sanitize(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cell text of a position: stance and source count, `*` when conditional.
fn cell_text(p: &Position) -> String {
    let star = if p.conditions.is_empty() { "" } else { "*" };
    format!("{} {}{star}", p.stance.name(), p.sources)
}

/// The position matrix per story: rows parties, columns topics; a long table per story
/// when the matrix would exceed [`MAX_MATRIX_WIDTH`]. Ends with a legend.
pub fn render_positions(positions: &[Position], color: bool) -> String {
    let mut by_story: BTreeMap<(usize, Option<&str>), Vec<&Position>> = BTreeMap::new();
    for p in positions {
        let story = p.story.as_deref();
        by_story
            .entry((story_rank(story), story))
            .or_default()
            .push(p);
    }
    let mut out = String::new();
    if by_story.is_empty() {
        out.push_str("no positions found\n");
        return out;
    }
    for ((_, story), mut ps) in by_story {
        ps.sort_by(|a, b| (&a.party, &a.topic, a.stance).cmp(&(&b.party, &b.topic, b.stance)));
        let _ = writeln!(out, "story {}", sanitize(story.unwrap_or("-")));
        if !matrix(&mut out, &ps, color) {
            long_table(&mut out, &ps, color);
        }
        out.push('\n');
    }
    legend(&mut out, color);
    out
}

/// Write the matrix; `false` (nothing written) when it would be too wide.
fn matrix(out: &mut String, ps: &[&Position], color: bool) -> bool {
    let topics: BTreeSet<&str> = ps.iter().map(|p| p.topic.as_str()).collect();
    let parties: BTreeSet<&str> = ps.iter().map(|p| p.party.as_str()).collect();
    let mut cells: BTreeMap<(&str, &str), Vec<&Position>> = BTreeMap::new();
    for p in ps {
        cells
            .entry((p.party.as_str(), p.topic.as_str()))
            .or_default()
            .push(p);
    }
    let cell_str = |v: &[&Position]| -> String {
        v.iter()
            .map(|p| cell_text(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let party_w = parties
        .iter()
        .map(|p| p.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let widths: Vec<usize> = topics
        .iter()
        .map(|t| {
            let longest = parties
                .iter()
                .filter_map(|p| cells.get(&(*p, *t)))
                .map(|v| cell_str(v).chars().count())
                .max()
                .unwrap_or(1);
            longest.max(t.chars().count())
        })
        .collect();
    if party_w + widths.iter().map(|w| w + 2).sum::<usize>() > MAX_MATRIX_WIDTH {
        return false;
    }
    let mut header = painted("party", party_w, None, false);
    for (t, w) in topics.iter().zip(&widths) {
        let _ = write!(header, "  {}", painted(&sanitize(t), *w, None, false));
    }
    let _ = writeln!(out, "{}", header.trim_end());
    for party in &parties {
        let mut line = painted(&sanitize(party), party_w, None, false);
        for (t, w) in topics.iter().zip(&widths) {
            let v = cells.get(&(*party, *t)).map(Vec::as_slice).unwrap_or(&[]);
            // One stance colours the cell; a mixed cell stays plain.
            let stance = match v {
                [only] => Some(only.stance),
                _ => None,
            };
            let text = if v.is_empty() {
                "-".to_string()
            } else {
                cell_str(v)
            };
            let _ = write!(line, "  {}", painted(&text, *w, stance, color));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    true
}

fn long_table(out: &mut String, ps: &[&Position], color: bool) {
    let party_w = ps
        .iter()
        .map(|p| p.party.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let topic_w = ps
        .iter()
        .map(|p| p.topic.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let _ = writeln!(
        out,
        "{:party_w$}  {:topic_w$}  {:8}  sources  conditions",
        "party", "topic", "stance"
    );
    for p in ps {
        let line = format!(
            "{}  {}  {}  {:>7}  {}",
            painted(&sanitize(&p.party), party_w, None, false),
            painted(&sanitize(&p.topic), topic_w, None, false),
            painted(p.stance.name(), 8, Some(p.stance), color),
            p.sources,
            sanitize(&p.conditions.join("; "))
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn legend(out: &mut String, color: bool) {
    out.push_str("legend:");
    for s in Stance::ALL {
        let _ = write!(out, " {}", painted(s.name(), 0, Some(s), color));
    }
    out.push_str("  (number = distinct source documents, * = with conditions)\n");
}

/// The claims with their verbatim sentences: a header line (id, party, act, topic,
/// confidence, source, date), the quoted sentence, then the details present.
pub fn render_claims(claims: &[ClaimRecord], docs: &[DocMeta], color: bool) -> String {
    let by_id: BTreeMap<&str, &DocMeta> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut out = String::new();
    for c in claims {
        let doc = by_id.get(c.doc.as_str());
        let source = doc.map_or_else(
            || c.doc.clone(),
            |d| match &d.outlet {
                Some(o) => format!("{o} ({})", d.source),
                None => d.source.clone(),
            },
        );
        let date = doc
            .and_then(|d| d.published.as_deref())
            .unwrap_or("date unknown");
        let act = painted(c.act.name(), 0, c.act.stance(), color);
        let _ = writeln!(
            out,
            "{}  {} {act} {}  conf {:.2}  {}, {date}",
            c.id,
            sanitize(&c.party),
            sanitize(c.topic.as_deref().unwrap_or("-")),
            c.confidence,
            sanitize(&source)
        );
        let _ = writeln!(out, "    \u{201C}{}\u{201D}", sanitize(&c.sentence));
        let details = claim_details(c);
        if !details.is_empty() {
            let _ = writeln!(out, "    {}", sanitize(&details.join(" · ")));
        }
    }
    out
}

fn claim_details(c: &ClaimRecord) -> Vec<String> {
    let mut d = Vec::new();
    if let Some(t) = &c.target {
        d.push(format!("target: {t}"));
    }
    if !c.with.is_empty() {
        d.push(format!("with: {}", c.with.join(", ")));
    }
    if !c.conditions.is_empty() {
        d.push(format!("conditions: {}", c.conditions.join("; ")));
    }
    if let Some(a) = &c.attributed_to {
        d.push(format!("attributed to: {a}"));
    }
    if let Some(s) = &c.speaker {
        d.push(format!("speaker: {s}"));
    }
    if c.negated {
        d.push("negated".into());
    }
    if !c.counted {
        d.push("duplicate document, not counted".into());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn positions_table_snapshot() {
        insta::assert_snapshot!(render_positions(&fixtures::ledger().positions, false));
    }

    #[test]
    fn colour_only_when_asked_and_alignment_kept() {
        let plain = render_positions(&fixtures::ledger().positions, false);
        assert!(!plain.contains('\x1b'));
        let coloured = render_positions(&fixtures::ledger().positions, true);
        assert!(coloured.contains("\x1b[31mreject 1\x1b[0m"), "{coloured}");
        let strip = coloured
            .replace(RESET, "")
            .replace("\x1b[31m", "")
            .replace("\x1b[32m", "")
            .replace("\x1b[33m", "")
            .replace("\x1b[36m", "");
        assert_eq!(strip, plain);
    }

    #[test]
    fn wide_matrices_become_long_tables() {
        let mut ps = Vec::new();
        for i in 0..12 {
            let mut p = fixtures::ledger().positions[0].clone();
            p.topic = format!("topic_number_{i:02}");
            ps.push(p);
        }
        let out = render_positions(&ps, false);
        assert!(out.contains("party  topic"), "{out}");
        assert_eq!(out.matches("topic_number_").count(), 12);
        assert!(
            out.lines().all(|l| l.chars().count() <= MAX_MATRIX_WIDTH),
            "{out}"
        );
    }

    #[test]
    fn claims_show_quotes_and_strip_escape_sequences() {
        let mut claims = fixtures::claims();
        claims[0].sentence = "Evil \x1b[2J text\nsplit".into();
        let out = render_claims(&claims, &fixtures::docs(), false);
        assert!(!out.contains('\x1b'));
        assert!(out.contains("\u{201C}Evil [2J text split\u{201D}"), "{out}");
        assert!(out.contains("c-3  COL propose hostages  conf 0.80  Caribe | Post (https://www.caribepost.example/2026/04/13/eln-talks), 2026-04-13"), "{out}");
        assert!(out.contains("conditions: under Red Cross supervision"));
        assert!(out.contains("attributed to: sources in Havana · negated"));
        assert!(out.contains("duplicate document, not counted"));
        assert!(out.contains("feeds/havana.jsonl#L3, date unknown"));
    }
}
