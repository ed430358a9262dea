//! The Markdown briefing: per story the position matrix, what is agreed, where the sides
//! are furthest apart, the rounds and meetings and the contradictions between sources;
//! every statement footnoted to its source sentence, quoted verbatim.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use stancemap_ledger::{Contradiction, Ledger, Meeting, Position};
use stancemap_model::{DocMeta, Stance};

/// More topics than this and the matrix becomes a long table (one row per position):
/// a Markdown table wider than about seven columns wraps badly in every viewer.
pub const MAX_MATRIX_TOPICS: usize = 6;

/// Footnotes per statement: the strongest evidence first; beyond three the footnote
/// list grows faster than it helps a reader check the statement.
pub const MAX_CITES: usize = 3;

/// A sentence that evidences a claim or a meeting report.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub doc: String,
    pub sentence: String,
}

/// Everything the briefing is written from (read from the store at the edge).
#[derive(Debug, Clone, Copy)]
pub struct BriefInput<'a> {
    pub ledger: &'a Ledger,
    pub documents: &'a [DocMeta],
    /// Evidence sentences by claim id and by meeting-record id.
    pub evidence: &'a BTreeMap<String, Evidence>,
    /// The sentence stating a contradiction value: `(subject, attribute, doc)` → sentence.
    pub fact_sentences: &'a BTreeMap<(String, String, String), String>,
    /// Only this story, when given.
    pub story: Option<&'a str>,
}

/// Escape untrusted text (article sentences, titles, outlet names, ids) for inline use
/// in Markdown: line breaks and runs of white space become one space (a quote cannot
/// leave its table row or footnote), control characters are dropped, HTML-significant
/// characters become entities (no raw HTML such as `<script>`), and every character that
/// starts Markdown syntax inline (emphasis, code, links, tables, headings, strike-through)
/// is backslash-escaped.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The whole briefing as Markdown.
pub fn render_brief(input: &BriefInput<'_>) -> String {
    let mut notes = Notes::new(input);
    let mut out = String::from("# Negotiation briefing\n\n");
    let stories = stories(input);
    if stories.is_empty() {
        out.push_str("_The store holds no positions, agreements, meetings or contradictions");
        if let Some(s) = input.story {
            let _ = write!(out, " for story {}", escape_markdown(s));
        }
        out.push_str("._\n");
    }
    for story in &stories {
        story_section(&mut out, input, story.as_deref(), &mut notes);
    }
    notes.render(&mut out);
    out
}

/// Story ids that have anything to brief on, in natural order (`s-2` before `s-10`),
/// stories not assigned last.
fn stories(input: &BriefInput<'_>) -> Vec<Option<String>> {
    let l = input.ledger;
    let all = l
        .positions
        .iter()
        .map(|p| &p.story)
        .chain(l.agreements.iter().map(|a| &a.story))
        .chain(l.meetings.iter().map(|m| &m.story))
        .chain(l.contradictions.iter().map(|c| &c.story));
    let mut set: BTreeSet<(usize, Option<String>)> = BTreeSet::new();
    for s in all {
        if input.story.is_none_or(|want| s.as_deref() == Some(want)) {
            set.insert((story_rank(s.as_deref()), s.clone()));
        }
    }
    set.into_iter().map(|(_, s)| s).collect()
}

/// Sort key of a story id: its number, unassigned and odd ids last.
pub fn story_rank(story: Option<&str>) -> usize {
    story
        .and_then(|s| s.strip_prefix("s-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

fn story_section(out: &mut String, input: &BriefInput<'_>, story: Option<&str>, notes: &mut Notes) {
    let l = input.ledger;
    let same = |s: &Option<String>| s.as_deref() == story;
    let positions: Vec<&Position> = l.positions.iter().filter(|p| same(&p.story)).collect();
    match story {
        Some(s) => {
            let _ = writeln!(out, "## Story {}\n", escape_markdown(s));
        }
        None => out.push_str("## Not assigned to a story\n\n"),
    }
    story_summary(out, input, story);
    positions_section(out, &positions, notes);
    agreed_section(out, l, story, notes);
    apart_section(out, &positions, notes);
    let meetings: Vec<&Meeting> = l.meetings.iter().filter(|m| same(&m.story)).collect();
    meetings_section(out, &meetings, notes);
    let contradictions: Vec<&Contradiction> =
        l.contradictions.iter().filter(|c| same(&c.story)).collect();
    contradictions_section(out, &contradictions, notes);
}

fn story_summary(out: &mut String, input: &BriefInput<'_>, story: Option<&str>) {
    let docs: Vec<&DocMeta> = input
        .documents
        .iter()
        .filter(|d| d.story.as_deref() == story)
        .collect();
    let dates: BTreeSet<&str> = docs.iter().filter_map(|d| d.published.as_deref()).collect();
    let _ = write!(out, "_{} document(s)", docs.len());
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        if first == last {
            let _ = write!(out, ", published {first}");
        } else {
            let _ = write!(out, ", published {first} to {last}");
        }
    }
    out.push_str("._\n\n");
}

fn positions_section(out: &mut String, positions: &[&Position], notes: &mut Notes) {
    out.push_str("### Positions\n\n");
    if positions.is_empty() {
        out.push_str("_No positions found._\n\n");
        return;
    }
    let topics: BTreeSet<&str> = positions.iter().map(|p| p.topic.as_str()).collect();
    if topics.len() > MAX_MATRIX_TOPICS {
        long_table(out, positions, notes);
    } else {
        matrix(out, positions, &topics, notes);
    }
    out.push('\n');
    for p in sorted_positions(positions) {
        let _ = write!(
            out,
            "- **{}** on *{}*: {} ({} source(s)) — {}",
            escape_markdown(&p.party),
            escape_markdown(&p.topic),
            p.stance.name(),
            p.sources,
            escape_markdown(&p.summary)
        );
        if !p.conditions.is_empty() {
            let conds: Vec<String> = p.conditions.iter().map(|c| escape_markdown(c)).collect();
            let _ = write!(out, "; conditions: {}", conds.join("; "));
        }
        let _ = writeln!(out, " {}", notes.cite_claims(&p.claims));
    }
    out.push('\n');
}

fn sorted_positions<'p>(positions: &[&'p Position]) -> Vec<&'p Position> {
    let mut v = positions.to_vec();
    v.sort_by(|a, b| (&a.party, &a.topic, a.stance).cmp(&(&b.party, &b.topic, b.stance)));
    v
}

fn matrix(out: &mut String, positions: &[&Position], topics: &BTreeSet<&str>, notes: &mut Notes) {
    out.push_str("| Party |");
    for t in topics {
        let _ = write!(out, " {} |", escape_markdown(t));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(topics.len()));
    out.push('\n');
    let parties: BTreeSet<&str> = positions.iter().map(|p| p.party.as_str()).collect();
    for party in parties {
        let _ = write!(out, "| **{}** |", escape_markdown(party));
        for topic in topics {
            let cell: Vec<String> = sorted_positions(positions)
                .into_iter()
                .filter(|p| p.party == party && p.topic == *topic)
                .map(|p| cell(p, notes))
                .collect();
            let text = if cell.is_empty() {
                "—".to_string()
            } else {
                cell.join("<br>")
            };
            let _ = write!(out, " {text} |");
        }
        out.push('\n');
    }
}

/// `demand (2, conditional)[^1]`: stance, source count, the strongest evidence.
fn cell(p: &Position, notes: &mut Notes) -> String {
    format!("{} {}", p.stance.name(), count_and_cite(p, notes))
}

fn count_and_cite(p: &Position, notes: &mut Notes) -> String {
    let cond = if p.conditions.is_empty() {
        ""
    } else {
        ", conditional"
    };
    let cite = notes.cite_claims(&p.claims[..p.claims.len().min(1)]);
    format!("({}{cond}){cite}", p.sources)
}

fn long_table(out: &mut String, positions: &[&Position], notes: &mut Notes) {
    out.push_str("| Party | Topic | Stance | Sources |\n|---|---|---|---|\n");
    for p in sorted_positions(positions) {
        let _ = writeln!(
            out,
            "| **{}** | {} | {} | {} |",
            escape_markdown(&p.party),
            escape_markdown(&p.topic),
            p.stance.name(),
            count_and_cite(p, notes)
        );
    }
}

fn agreed_section(out: &mut String, l: &Ledger, story: Option<&str>, notes: &mut Notes) {
    out.push_str("### What is agreed\n\n");
    let mut any = false;
    for a in l.agreements.iter().filter(|a| a.story.as_deref() == story) {
        any = true;
        let parties: Vec<String> = a.parties.iter().map(|p| escape_markdown(p)).collect();
        let topic = a
            .topic
            .as_deref()
            .map_or("(no topic)".to_string(), escape_markdown);
        let _ = writeln!(
            out,
            "- **{}** on *{topic}*: {} ({} source(s)) {}",
            parties.join(", "),
            escape_markdown(&a.summary),
            a.sources,
            notes.cite_claims(&a.claims)
        );
    }
    if !any {
        out.push_str("_Nothing agreed in the sources._\n");
    }
    out.push('\n');
}

/// Stances on opposite sides of a topic: for (demand, propose, accept) against reject.
fn is_for(s: Stance) -> bool {
    !matches!(s, Stance::Reject)
}

fn apart_section(out: &mut String, positions: &[&Position], notes: &mut Notes) {
    out.push_str("### Where the sides are furthest apart\n\n");
    let mut by_topic: BTreeMap<&str, Vec<&Position>> = BTreeMap::new();
    for p in sorted_positions(positions) {
        by_topic.entry(p.topic.as_str()).or_default().push(p);
    }
    let mut rows: Vec<(usize, &str, Vec<&Position>, Vec<&Position>)> = Vec::new();
    for (topic, ps) in by_topic {
        let (pro, contra): (Vec<&Position>, Vec<&Position>) =
            ps.into_iter().partition(|p| is_for(p.stance));
        let opposed = pro
            .iter()
            .any(|a| contra.iter().any(|b| a.party != b.party));
        if opposed {
            let weight = pro.iter().chain(&contra).map(|p| p.sources).sum();
            rows.push((weight, topic, pro, contra));
        }
    }
    // Most evidenced oppositions first: they are the ones the sources stress.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    if rows.is_empty() {
        out.push_str(
            "_No topic where one side rejects what another demands, proposes or accepts._\n\n",
        );
        return;
    }
    for (_, topic, pro, contra) in rows {
        let side = |ps: &[&Position], notes: &mut Notes| -> String {
            ps.iter()
                .map(|p| {
                    format!(
                        "{} {}s{}",
                        escape_markdown(&p.party),
                        p.stance.name(),
                        notes.cite_claims(&p.claims[..p.claims.len().min(1)])
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let pro = side(&pro, notes);
        let contra = side(&contra, notes);
        let _ = writeln!(out, "- *{}*: {pro} — but {contra}", escape_markdown(topic));
    }
    out.push('\n');
}

fn meetings_section(out: &mut String, meetings: &[&Meeting], notes: &mut Notes) {
    out.push_str("### Rounds and meetings\n\n");
    if meetings.is_empty() {
        out.push_str("_No meetings reported._\n\n");
        return;
    }
    let mut sorted = meetings.to_vec();
    // By date (undated last), then place: a chronology.
    sorted.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.place).cmp(&(b.date.is_none(), &b.date, &b.place))
    });
    out.push_str("| Date | Place | Venue | Parties | Duration | Outcome | Sources |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    let opt = |v: &Option<String>| v.as_deref().map_or("—".to_string(), escape_markdown);
    for m in sorted {
        let date = match (&m.date, &m.when) {
            (Some(d), _) => escape_markdown(d),
            (None, Some(w)) => format!("“{}”", escape_markdown(w)),
            (None, None) => "—".to_string(),
        };
        let parties: Vec<String> = m.parties.iter().map(|p| escape_markdown(p)).collect();
        let parties = if parties.is_empty() {
            "—".to_string()
        } else {
            parties.join(", ")
        };
        let _ = writeln!(
            out,
            "| {date} | {} | {} | {} | {} | {} | {}{} |",
            opt(&m.place),
            opt(&m.venue),
            parties,
            opt(&m.duration),
            opt(&m.outcome),
            m.sources,
            notes.cite_claims(&m.claims)
        );
    }
    out.push('\n');
}

fn contradictions_section(out: &mut String, contradictions: &[&Contradiction], notes: &mut Notes) {
    out.push_str("### Contradictions between sources\n\n");
    if contradictions.is_empty() {
        out.push_str("_The sources do not contradict each other on recorded facts._\n\n");
        return;
    }
    out.push_str("| Subject | Attribute | Value | Stated by |\n|---|---|---|---|\n");
    for c in contradictions {
        for (i, v) in c.values.iter().enumerate() {
            let (subject, attribute) = if i == 0 {
                (
                    format!("**{}**", escape_markdown(&c.subject_name)),
                    escape_markdown(&c.attribute),
                )
            } else {
                (String::new(), String::new())
            };
            let by: Vec<String> = v
                .docs
                .iter()
                .map(|d| notes.cite_fact(&c.subject, &c.attribute, d))
                .collect();
            let _ = writeln!(
                out,
                "| {subject} | {attribute} | “{}” | {} |",
                escape_markdown(&v.value),
                by.join(", ")
            );
        }
    }
    out.push('\n');
}

/// The host of a URL, the file name of a path (`a/b/01.txt#L3` → `01.txt#L3`).
fn short_source(source: &str) -> &str {
    if let Some(rest) = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"))
    {
        return rest.split('/').next().unwrap_or(rest);
    }
    source.rsplit(['/', '\\']).next().unwrap_or(source)
}

/// What a footnote points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Note {
    Claim(String),
    Fact(String, String, String),
}

/// Footnotes numbered in order of first use; a source cited twice keeps its number.
struct Notes<'a> {
    input: BriefInput<'a>,
    docs: BTreeMap<&'a str, &'a DocMeta>,
    order: Vec<Note>,
    numbers: BTreeMap<Note, usize>,
}

impl<'a> Notes<'a> {
    fn new(input: &BriefInput<'a>) -> Self {
        Notes {
            input: *input,
            docs: input.documents.iter().map(|d| (d.id.as_str(), d)).collect(),
            order: Vec::new(),
            numbers: BTreeMap::new(),
        }
    }

    fn number(&mut self, note: Note) -> usize {
        if let Some(n) = self.numbers.get(&note) {
            return *n;
        }
        self.order.push(note.clone());
        let n = self.order.len();
        self.numbers.insert(note, n);
        n
    }

    /// `[^1][^2]` for the first [`MAX_CITES`] ids.
    fn cite_claims(&mut self, ids: &[String]) -> String {
        ids.iter()
            .take(MAX_CITES)
            .map(|id| format!("[^{}]", self.number(Note::Claim(id.clone()))))
            .collect()
    }

    /// `Outlet[^n]` for a document stating a contradiction value.
    fn cite_fact(&mut self, subject: &str, attribute: &str, doc: &str) -> String {
        let n = self.number(Note::Fact(subject.into(), attribute.into(), doc.into()));
        format!("{}[^{n}]", escape_markdown(&self.doc_name(doc)))
    }

    /// A short name for a table cell: the outlet, else the short source, else the id
    /// (the footnote gives the full source).
    fn doc_name(&self, doc: &str) -> String {
        self.docs.get(doc).map_or_else(
            || doc.to_string(),
            |d| {
                d.outlet
                    .clone()
                    .unwrap_or_else(|| short_source(&d.source).to_string())
            },
        )
    }

    fn doc_line(&self, doc: &str) -> String {
        let Some(d) = self.docs.get(doc) else {
            return format!("document {}", escape_markdown(doc));
        };
        let mut parts = Vec::new();
        if let Some(o) = &d.outlet {
            parts.push(format!("*{}*", escape_markdown(o)));
        }
        parts.push(escape_markdown(&d.source));
        parts.push(
            d.published
                .as_deref()
                .map_or("date unknown".into(), escape_markdown),
        );
        parts.join(", ")
    }

    fn render(&self, out: &mut String) {
        if self.order.is_empty() {
            return;
        }
        out.push_str("## Sources\n\n");
        for (i, note) in self.order.iter().enumerate() {
            let n = i + 1;
            let (quote, doc) = match note {
                Note::Claim(id) => match self.input.evidence.get(id) {
                    Some(e) => (Some(e.sentence.as_str()), e.doc.as_str()),
                    None => {
                        let _ = writeln!(
                            out,
                            "[^{n}]: {} (evidence not in the store)",
                            escape_markdown(id)
                        );
                        continue;
                    }
                },
                Note::Fact(subject, attribute, doc) => {
                    let key = (subject.clone(), attribute.clone(), doc.clone());
                    (
                        self.input.fact_sentences.get(&key).map(String::as_str),
                        doc.as_str(),
                    )
                }
            };
            let _ = write!(out, "[^{n}]: ");
            if let Some(q) = quote {
                let _ = write!(out, "“{}” — ", escape_markdown(q));
            }
            let _ = writeln!(out, "{}", self.doc_line(doc));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn evidence() -> BTreeMap<String, Evidence> {
        fixtures::claims()
            .into_iter()
            .map(|c| {
                (
                    c.id.clone(),
                    Evidence {
                        doc: c.doc,
                        sentence: c.sentence,
                    },
                )
            })
            .collect()
    }

    fn facts() -> BTreeMap<(String, String, String), String> {
        let mut m = BTreeMap::new();
        m.insert(
            ("e-cuevas".into(), "role".into(), "d-3".into()),
            "Interior Minister Vera Cuevas led the delegation.".into(),
        );
        m
    }

    fn brief(story: Option<&str>) -> String {
        let (ledger, docs, ev, facts) = (fixtures::ledger(), fixtures::docs(), evidence(), facts());
        render_brief(&BriefInput {
            ledger: &ledger,
            documents: &docs,
            evidence: &ev,
            fact_sentences: &facts,
            story,
        })
    }

    #[test]
    fn hostile_text_is_escaped() {
        let e = escape_markdown(fixtures::HOSTILE);
        assert!(!e.contains("<script>"), "{e}");
        assert!(e.contains("&lt;script&gt;"));
        for (raw, escaped) in [
            ("|", "\\|"),
            ("*", "\\*"),
            ("`", "\\`"),
            ("[", "\\["),
            ("#", "\\#"),
        ] {
            assert_eq!(
                e.matches(raw).count(),
                e.matches(escaped).count(),
                "every {raw} escaped in {e}"
            );
        }
        assert!(e.contains("\\\\ end"), "a backslash is escaped: {e}");
        assert_eq!(
            escape_markdown("two\nlines\r\n\tand\u{1b}[31m"),
            "two lines and\\[31m"
        );
        assert_eq!(escape_markdown("A & B"), "A &amp; B");
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_has_no_unescaped_syntax(text in "\\PC{0,60}") {
            let e = escape_markdown(&text);
            proptest::prop_assert!(!e.contains('\n') && !e.contains('<') && !e.contains('>'));
            let mut escaped = false;
            for c in e.chars() {
                if !escaped && "`*_[]|#~!$".contains(c) {
                    proptest::prop_assert!(false, "unescaped {} in {}", c, e);
                }
                escaped = !escaped && c == '\\';
            }
        }
    }

    #[test]
    fn every_footnote_is_defined_and_quotes_verbatim() {
        let md = brief(None);
        let used: BTreeSet<&str> = md
            .match_indices("[^")
            .map(|(i, _)| &md[i..i + md[i..].find(']').unwrap() + 1])
            .collect();
        for note in &used {
            assert!(md.contains(&format!("\n{note}: ")), "{note} undefined");
        }
        assert!(md.contains("“Colombia proposed a phased release of the remaining hostages under Red Cross supervision.”"));
        assert!(md.contains("Interior Minister Vera Cuevas led the delegation."));
        assert!(!md.contains("<script>"));
        assert!(
            md.contains("*Caribe \\| Post*"),
            "outlet names are escaped too"
        );
    }

    #[test]
    fn opposing_stances_are_listed_as_furthest_apart() {
        let md = brief(Some("s-1"));
        let apart = &md[md.find("### Where the sides").unwrap()..md.find("### Rounds").unwrap()];
        assert!(apart.contains("*ceasefire*: COL demands"), "{apart}");
        assert!(apart.contains("but ELN rejects"), "{apart}");
        assert!(
            !apart.contains("hostages"),
            "propose vs accept is no opposition: {apart}"
        );
    }

    #[test]
    fn an_unknown_story_gives_a_note_not_an_empty_page() {
        let md = brief(Some("s-9"));
        assert!(md.contains("no positions"), "{md}");
        assert!(!md.contains("## Sources"));
    }

    #[test]
    fn many_topics_give_a_long_table() {
        let mut ledger = fixtures::ledger();
        let template = ledger.positions[0].clone();
        ledger.positions = (0..=MAX_MATRIX_TOPICS)
            .map(|i| Position {
                topic: format!("topic_{i}"),
                ..template.clone()
            })
            .collect();
        let (docs, ev, facts) = (fixtures::docs(), evidence(), facts());
        let md = render_brief(&BriefInput {
            ledger: &ledger,
            documents: &docs,
            evidence: &ev,
            fact_sentences: &facts,
            story: None,
        });
        assert!(md.contains("| Party | Topic | Stance | Sources |"), "{md}");
        assert!(
            md.contains("| **COL** | topic\\_0 | demand | (1)[^1] |"),
            "{md}"
        );
    }

    #[test]
    fn short_sources() {
        assert_eq!(short_source("https://news.example/2026/a"), "news.example");
        assert_eq!(short_source("/data/in/01_talks.txt"), "01_talks.txt");
        assert_eq!(short_source("feeds/x.jsonl#L3"), "x.jsonl#L3");
        assert_eq!(short_source("C:\\in\\a.txt"), "a.txt");
        assert_eq!(short_source("-"), "-");
    }

    #[test]
    fn brief_snapshot() {
        insta::assert_snapshot!(brief(None));
    }
}
