//! The evaluation of `shared/eval/score.py`, ported measure by measure: a
//! `stancemap-gold/1` value and a `stancemap-export/1` value in, the scores out, with
//! the same names, normalisation, matching rules and output format (text and `--json`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Map, Value};

/// Every measure of score.py, in its output order. `None` is Python's `None` (the gold
/// file has nothing to measure against).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub documents_found: String,
    pub boilerplate_removed: Option<f64>,
    pub content_kept: Option<f64>,
    pub repeats_found: Option<f64>,
    pub story_pairs: Option<f64>,
    pub entity_surfaces_resolved: Option<f64>,
    pub entities_merged_into_one: Option<f64>,
    pub positions_recall: f64,
    pub positions_precision: f64,
    pub positions_f1: f64,
    pub positions_missed: Vec<String>,
    pub positions_wrong_stance: Vec<String>,
    pub positions_unexpected: Vec<String>,
    pub agreements_found: Option<f64>,
    pub contradictions_found: Option<f64>,
    pub contradictions_reported: usize,
    pub claims: usize,
    pub claims_with_valid_evidence: Option<f64>,
}

/// score.py's `norm`: curly quotes folded, white space runs to one space, trimmed,
/// lower-cased. Python's `\s` and `strip` also count U+001C..U+001F as white space.
pub fn norm(s: &str) -> String {
    let folded = s
        .replace('\u{2019}', "'")
        .replace(['\u{201C}', '\u{201D}'], "\"");
    let is_space = |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c);
    folded
        .split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn norm_value(v: Option<&Value>) -> String {
    norm(v.and_then(Value::as_str).unwrap_or(""))
}

/// `as_list`: a list stays a list, anything else becomes a one-item list.
fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => vec![&Value::Null],
    }
}

fn arr<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn ratio(hits: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| hits as f64 / total as f64)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// The basename rule of score.py: the part after the last `/`.
fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Export documents by source and by basename of the source (later ones win, as in a
/// Python dict).
struct DocIndex<'v> {
    by_source: BTreeMap<&'v str, &'v Value>,
    by_id: BTreeMap<String, &'v Value>,
}

impl<'v> DocIndex<'v> {
    fn new(export: &'v Value) -> Self {
        let mut by_source = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for d in arr(export, "documents") {
            let src = d.get("source").and_then(Value::as_str).unwrap_or("");
            by_source.insert(src, d);
            by_source.insert(basename(src), d);
            by_id.insert(d.get("id").map(Value::to_string).unwrap_or_default(), d);
        }
        DocIndex { by_source, by_id }
    }

    /// `doc_key`: a gold document name to the export's record.
    fn find(&self, name: Option<&Value>) -> Option<&'v Value> {
        let name = name.and_then(Value::as_str)?;
        self.by_source
            .get(name)
            .or_else(|| self.by_source.get(basename(name)))
            .copied()
    }
}

/// Score `export` against `gold`.
pub fn score(gold: &Value, export: &Value) -> Scores {
    let docs = DocIndex::new(export);
    let (positions_recall, positions_precision, missed, wrong, unexpected) =
        positions(gold, export);
    let (surfaces, merged) = entities(gold, export);
    let (claims, valid) = evidence(export, &docs);
    Scores {
        documents_found: documents_found(gold, &docs),
        boilerplate_removed: boilerplate_removed(gold, &docs),
        content_kept: content_kept(gold, &docs),
        repeats_found: repeats_found(gold, &docs),
        story_pairs: story_pairs(gold, &docs),
        entity_surfaces_resolved: surfaces,
        entities_merged_into_one: merged,
        positions_recall,
        positions_precision,
        positions_f1: f1(positions_precision, positions_recall),
        positions_missed: missed,
        positions_wrong_stance: wrong,
        positions_unexpected: unexpected,
        agreements_found: agreements_found(gold, export),
        contradictions_found: contradictions_found(gold, export),
        contradictions_reported: arr(export, "contradictions").len(),
        claims,
        claims_with_valid_evidence: valid,
    }
}

fn documents_found(gold: &Value, docs: &DocIndex<'_>) -> String {
    let wanted = arr(gold, "documents");
    let found = wanted
        .iter()
        .filter(|g| docs.find(Some(g)).is_some())
        .count();
    format!("{found}/{}", wanted.len())
}

fn cleaning<'v>(gold: &'v Value, key: &str) -> &'v [Value] {
    gold.get("cleaning").map_or(&[], |c| arr(c, key))
}

fn doc_text(d: &Value) -> String {
    norm_value(d.get("text"))
}

fn boilerplate_removed(gold: &Value, docs: &DocIndex<'_>) -> Option<f64> {
    let items = cleaning(gold, "boilerplate");
    let ok = items
        .iter()
        .filter(|item| {
            docs.find(item.get("doc"))
                .is_some_and(|d| !doc_text(d).contains(&norm_value(item.get("line"))))
        })
        .count();
    ratio(ok, items.len())
}

fn content_kept(gold: &Value, docs: &DocIndex<'_>) -> Option<f64> {
    let items = cleaning(gold, "content");
    let ok = items
        .iter()
        .filter(|item| {
            docs.find(item.get("doc"))
                .is_some_and(|d| doc_text(d).contains(&norm_value(item.get("line_starts"))))
        })
        .count();
    ratio(ok, items.len())
}

/// Python truthiness of a JSON value.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

fn repeats_found(gold: &Value, docs: &DocIndex<'_>) -> Option<f64> {
    let items = arr(gold, "repeats");
    let ok = items
        .iter()
        .filter(|item| truthy(docs.find(item.get("doc")).and_then(|d| d.get("repeats"))))
        .count();
    ratio(ok, items.len())
}

fn story_pairs(gold: &Value, docs: &DocIndex<'_>) -> Option<f64> {
    let (mut pairs, mut total) = (0, 0);
    for story in arr(gold, "stories") {
        let recs: Vec<Option<&Value>> = story
            .as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|x| docs.find(Some(x)))
            .collect();
        for i in 0..recs.len() {
            for j in i + 1..recs.len() {
                total += 1;
                if let (Some(a), Some(b)) = (recs[i], recs[j]) {
                    let sa = a.get("story").unwrap_or(&Value::Null);
                    if !sa.is_null() && Some(sa) == b.get("story").or(Some(&Value::Null)) {
                        pairs += 1;
                    }
                }
            }
        }
    }
    ratio(pairs, total)
}

fn entities(gold: &Value, export: &Value) -> (Option<f64>, Option<f64>) {
    let mut surf_index: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for e in arr(export, "entities") {
        let names = std::iter::once(e.get("name")).chain(arr(e, "aliases").iter().map(Some));
        for s in names.flatten() {
            if truthy(Some(s)) {
                surf_index.entry(norm_value(Some(s))).or_default().push(e);
            }
        }
    }
    let (mut hit, mut total, mut merged_ok) = (0, 0, 0);
    let gents = arr(gold, "entities");
    for ge in gents {
        let party = ge.get("party").unwrap_or(&Value::Null);
        let mut owners: BTreeSet<String> = BTreeSet::new();
        for s in arr(ge, "surfaces") {
            total += 1;
            let cands: Vec<&&Value> = surf_index
                .get(&norm_value(Some(s)))
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|e| e.get("party").unwrap_or(&Value::Null) == party)
                .collect();
            if let Some(first) = cands.first() {
                hit += 1;
                owners.insert(first.get("id").map(Value::to_string).unwrap_or_default());
            }
        }
        if owners.len() == 1 {
            merged_ok += 1;
        }
    }
    (ratio(hit, total), ratio(merged_ok, gents.len()))
}

type PositionScores = (f64, f64, Vec<String>, Vec<String>, Vec<String>);

/// Python's `str()` of a JSON scalar inside an f-string (`None` for null).
fn py_str(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "None".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "True".into(),
        Some(Value::Bool(false)) => "False".into(),
        Some(other) => other.to_string(),
    }
}

fn positions(gold: &Value, export: &Value) -> PositionScores {
    let gpos = arr(gold, "positions");
    let opos = arr(export, "positions");
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    let mut correct = 0;
    let (mut wrong, mut unexpected) = (BTreeSet::new(), BTreeSet::new());
    let same_item = |p: &Value, g: &Value| {
        p.get("party").unwrap_or(&Value::Null) == g.get("party").unwrap_or(&Value::Null)
            && as_list(g.get("topic")).contains(&p.get("topic").unwrap_or(&Value::Null))
    };
    for p in opos {
        let label = format!(
            "{}/{}={}",
            py_str(p.get("party")),
            py_str(p.get("topic")),
            py_str(p.get("stance"))
        );
        let mut ok = false;
        for (gi, g) in gpos.iter().enumerate() {
            if same_item(p, g) {
                if as_list(g.get("stance")).contains(&p.get("stance").unwrap_or(&Value::Null)) {
                    ok = true;
                    matched.insert(gi);
                } else {
                    wrong.insert(label.clone());
                }
            }
        }
        if ok {
            correct += 1;
        } else if !gpos.iter().any(|g| same_item(p, g)) {
            unexpected.insert(label);
        }
    }
    let required: Vec<usize> = (0..gpos.len())
        .filter(|i| !truthy(gpos[*i].get("optional")))
        .collect();
    let recall = if required.is_empty() {
        0.0
    } else {
        required.iter().filter(|i| matched.contains(i)).count() as f64 / required.len() as f64
    };
    let precision = if opos.is_empty() {
        0.0
    } else {
        correct as f64 / opos.len() as f64
    };
    let missed = required
        .iter()
        .filter(|i| !matched.contains(i))
        .map(|i| {
            let g = &gpos[*i];
            format!(
                "{}/{}",
                py_str(g.get("party")),
                py_str(as_list(g.get("topic")).first().copied())
            )
        })
        .collect();
    (
        recall,
        precision,
        missed,
        wrong.into_iter().collect(),
        unexpected.into_iter().collect(),
    )
}

/// Hashable JSON scalars as set members (score.py builds Python sets of party ids).
fn value_set(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(Value::to_string)
        .collect()
}

fn agreements_found(gold: &Value, export: &Value) -> Option<f64> {
    let gag = arr(gold, "agreements");
    let oag = arr(export, "agreements");
    let ok = gag
        .iter()
        .filter(|g| {
            let want = value_set(g.get("parties"));
            oag.iter().any(|a| {
                want.is_subset(&value_set(a.get("parties")))
                    && as_list(g.get("topic")).contains(&a.get("topic").unwrap_or(&Value::Null))
            })
        })
        .count();
    ratio(ok, gag.len())
}

fn contradictions_found(gold: &Value, export: &Value) -> Option<f64> {
    let gco = arr(gold, "contradictions");
    let oco = arr(export, "contradictions");
    let ok = gco
        .iter()
        .filter(|g| {
            let sides: Vec<Vec<String>> = arr(g, "values")
                .iter()
                .map(|side| arr_of(side).iter().map(|v| norm_value(Some(v))).collect())
                .collect();
            oco.iter().any(|c| {
                let vals: Vec<String> = arr(c, "values")
                    .iter()
                    .map(|v| norm_value(v.get("value")))
                    .collect();
                sides.iter().all(|side| {
                    side.iter().any(|sv| {
                        vals.iter()
                            .filter(|v| !v.is_empty())
                            .any(|v| v.contains(sv.as_str()) || sv.contains(v.as_str()))
                    })
                })
            })
        })
        .count();
    ratio(ok, gco.len())
}

fn arr_of(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Python slice bounds: negative counts from the end, then clamped to `0..=len`.
fn py_index(i: i64, len: usize) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let i = if i < 0 { i + len_i } else { i };
    usize::try_from(i.clamp(0, len_i)).unwrap_or(0)
}

fn evidence(export: &Value, docs: &DocIndex<'_>) -> (usize, Option<f64>) {
    let claims = arr(export, "claims");
    let bad = claims
        .iter()
        .filter(|c| !claim_evidence_valid(c, docs))
        .count();
    (claims.len(), ratio(claims.len() - bad, claims.len()))
}

fn claim_evidence_valid(c: &Value, docs: &DocIndex<'_>) -> bool {
    let key = c.get("doc").map(Value::to_string).unwrap_or_default();
    let Some(d) = docs.by_id.get(&key).filter(|d| truthy(Some(d))) else {
        return false;
    };
    let sentence = c.get("sentence").and_then(Value::as_str).unwrap_or("");
    let (Some(s), Some(e)) = (
        c.get("start").and_then(Value::as_i64),
        c.get("end").and_then(Value::as_i64),
    ) else {
        return false;
    };
    let raw = d
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or("")
        .as_bytes();
    let (s, e) = (py_index(s, raw.len()), py_index(e, raw.len()));
    let slice = if s < e { &raw[s..e] } else { &[][..] };
    !sentence.is_empty() && String::from_utf8_lossy(slice) == sentence
}

impl Scores {
    /// The text report of score.py: one `name: value` line per measure, then the summary.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (k, v) in self.entries() {
            let shown = match &v {
                Value::Number(n) if n.is_f64() => format!("{:.3}", n.as_f64().unwrap_or(0.0)),
                other => py_repr_top(other),
            };
            let _ = writeln!(out, "{k}: {shown}");
        }
        let entries: BTreeMap<String, Value> = self.entries().into_iter().collect();
        let summary: Vec<String> = [
            "positions_f1",
            "positions_recall",
            "positions_precision",
            "entity_surfaces_resolved",
            "boilerplate_removed",
            "contradictions_found",
            "claims_with_valid_evidence",
        ]
        .iter()
        .map(|k| match entries.get(*k) {
            Some(Value::Number(n)) if n.is_f64() => format!("{k}={:.2}", n.as_f64().unwrap_or(0.0)),
            Some(v) => format!("{k}={}", py_repr_top(v)),
            None => format!("{k}=None"),
        })
        .collect();
        let _ = writeln!(out, "score: {}", summary.join(" "));
        out
    }

    /// score.py `--json`: `json.dumps(res, indent=2)` (ASCII-escaped, as Python does).
    pub fn to_json(&self) -> String {
        let text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        ascii_escape(&text)
    }

    /// (name, value) in output order.
    fn entries(&self) -> Vec<(String, Value)> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => ordered(map),
            _ => Vec::new(),
        }
    }
}

/// Field order of [`Scores`] (a serde_json map may be sorted by key).
fn ordered(mut map: Map<String, Value>) -> Vec<(String, Value)> {
    const ORDER: [&str; 18] = [
        "documents_found",
        "boilerplate_removed",
        "content_kept",
        "repeats_found",
        "story_pairs",
        "entity_surfaces_resolved",
        "entities_merged_into_one",
        "positions_recall",
        "positions_precision",
        "positions_f1",
        "positions_missed",
        "positions_wrong_stance",
        "positions_unexpected",
        "agreements_found",
        "contradictions_found",
        "contradictions_reported",
        "claims",
        "claims_with_valid_evidence",
    ];
    ORDER
        .iter()
        .filter_map(|k| map.remove(*k).map(|v| (k.to_string(), v)))
        .collect()
}

/// How Python's `print`/f-string shows a value: strings bare, `None`, lists as `repr`.
fn py_repr_top(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// Python `repr` of a JSON value.
fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_repr_str(s),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr_str(k), py_repr(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// Python `repr` of a string: single quotes unless the text holds a single quote and no
/// double quote; backslash, the quote, and control characters escaped.
fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `\uXXXX` (UTF-16, surrogate pairs) for every non-ASCII character, as `json.dumps`
/// with its default `ensure_ascii=True`. Outside strings JSON text is ASCII anyway.
fn ascii_escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn export() -> Value {
        json!({
            "format": "stancemap-export/1",
            "documents": [
                {"id": "d-1", "source": "in/01_talks.txt", "text": "Header\n\nThe union \u{201C}rejected\u{201D} the offer.\n\nMore text.", "repeats": [], "story": "s-1"},
                {"id": "d-2", "source": "https://news.example/a/02", "text": "Talks resume. Talks resume.", "repeats": [{"start": 14, "end": 27, "of_start": 0, "of_end": 13}], "story": "s-1"},
                {"id": "d-3", "source": "03.txt", "text": "Strike called.", "repeats": [], "story": null}
            ],
            "entities": [
                {"id": "e-1", "name": "Dock Workers Union", "party": "DWU", "aliases": ["DWU", "dockers"]},
                {"id": "e-2", "name": "Dockers", "party": "PORT", "aliases": []}
            ],
            "claims": [
                {"id": "c-1", "doc": "d-1", "sentence": "The union \u{201C}rejected\u{201D} the offer.", "start": 8, "end": 43},
                {"id": "c-2", "doc": "d-1", "sentence": "Header", "start": 0, "end": 6},
                {"id": "c-3", "doc": "d-9", "sentence": "x", "start": 0, "end": 1}
            ],
            "positions": [
                {"party": "DWU", "topic": "wages", "stance": "reject"},
                {"party": "DWU", "topic": "pensions", "stance": "accept"},
                {"party": "PORT", "topic": "wages", "stance": "propose"},
                {"party": "PORT", "topic": null, "stance": "demand"}
            ],
            "agreements": [{"parties": ["DWU", "PORT", "MED"], "topic": "talks"}],
            "contradictions": [
                {"subject": "e-1", "attribute": "role", "values": [{"value": "Chief  Negotiator"}, {"value": "mediator"}]}
            ]
        })
    }

    fn gold() -> Value {
        json!({
            "schema": "stancemap-gold/1",
            "documents": ["01_talks.txt", "02", "missing.txt"],
            "cleaning": {
                "boilerplate": [{"doc": "01_talks.txt", "line": "Advertisement"}, {"doc": "01_talks.txt", "line": "HEADER"}, {"doc": "missing.txt", "line": "x"}],
                "content": [{"doc": "01_talks.txt", "line_starts": "the UNION \"rejected\""}]
            },
            "repeats": [{"doc": "02"}, {"doc": "03.txt"}],
            "stories": [["01_talks.txt", "02", "03.txt"]],
            "entities": [
                {"party": "DWU", "surfaces": ["Dockers", "dock workers  union"]},
                {"party": "PORT", "surfaces": ["nobody"]}
            ],
            "positions": [
                {"party": "DWU", "topic": ["wages", "pay"], "stance": ["reject"]},
                {"party": "DWU", "topic": "pensions", "stance": "demand"},
                {"party": "PORT", "topic": "wages", "stance": ["propose"], "optional": true},
                {"party": "MED", "topic": "talks", "stance": "propose"}
            ],
            "agreements": [{"parties": ["PORT", "DWU"], "topic": ["talks"]}, {"parties": ["DWU"], "topic": "wages"}],
            "contradictions": [
                {"values": [["chief negotiator"], ["mediator", "go-between"]]},
                {"values": [["chief negotiator"], ["minister"]]}
            ]
        })
    }

    #[test]
    fn every_measure_on_a_hand_made_pair() {
        let s = score(&gold(), &export());
        assert_eq!(s.documents_found, "2/3");
        assert_eq!(
            s.boilerplate_removed,
            Some(1.0 / 3.0),
            "Advertisement gone, Header kept, missing doc fails"
        );
        assert_eq!(
            s.content_kept,
            Some(1.0),
            "curly quotes fold to straight ones"
        );
        assert_eq!(s.repeats_found, Some(0.5));
        assert_eq!(s.story_pairs, Some(1.0 / 3.0), "a null story never pairs");
        assert_eq!(
            s.entity_surfaces_resolved,
            Some(2.0 / 3.0),
            "Dockers of the wrong party does not count"
        );
        assert_eq!(s.entities_merged_into_one, Some(0.5));
        // required gold: DWU/wages (matched), DWU/pensions (wrong stance), MED/talks (missed)
        assert_eq!(s.positions_recall, 1.0 / 3.0);
        assert_eq!(
            s.positions_precision,
            2.0 / 4.0,
            "DWU/wages and the optional PORT/wages"
        );
        assert!((s.positions_f1 - 0.4).abs() < 1e-12);
        assert_eq!(s.positions_missed, ["DWU/pensions", "MED/talks"]);
        assert_eq!(s.positions_wrong_stance, ["DWU/pensions=accept"]);
        assert_eq!(s.positions_unexpected, ["PORT/None=demand"]);
        assert_eq!(s.agreements_found, Some(0.5));
        assert_eq!(s.contradictions_found, Some(0.5));
        assert_eq!(s.contradictions_reported, 1);
        assert_eq!(s.claims, 3);
        assert_eq!(
            s.claims_with_valid_evidence,
            Some(2.0 / 3.0),
            "byte offsets, unknown doc fails"
        );
    }

    #[test]
    fn empty_inputs_give_none_and_zero_like_python() {
        let s = score(&json!({}), &json!({}));
        assert_eq!(s.documents_found, "0/0");
        assert_eq!(s.boilerplate_removed, None);
        assert_eq!(
            (s.positions_recall, s.positions_precision, s.positions_f1),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(s.claims_with_valid_evidence, None);
        let text = s.to_text();
        assert!(text.contains("boilerplate_removed: None\n"), "{text}");
        assert!(text.contains("positions_missed: []\n"));
        assert!(text.ends_with("score: positions_f1=0.00 positions_recall=0.00 positions_precision=0.00 entity_surfaces_resolved=None boilerplate_removed=None contradictions_found=None claims_with_valid_evidence=None\n"), "{text}");
    }

    #[test]
    fn text_and_json_follow_python_formatting() {
        let s = score(&gold(), &export());
        let text = s.to_text();
        assert!(
            text.starts_with("documents_found: 2/3\nboilerplate_removed: 0.333\n"),
            "{text}"
        );
        assert!(
            text.contains("positions_missed: ['DWU/pensions', 'MED/talks']\n"),
            "{text}"
        );
        assert!(
            text.contains("contradictions_reported: 1\nclaims: 3\n"),
            "{text}"
        );
        let json = s.to_json();
        assert!(json.starts_with("{\n  \"documents_found\": \"2/3\",\n  \"boilerplate_removed\": 0.3333333333333333,"), "{json}");
        let v: Value = serde_json::from_str(&json).unwrap();
        assert!((v["positions_f1"].as_f64().unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(v["positions_unexpected"][0], "PORT/None=demand");
    }

    #[test]
    fn python_reprs() {
        assert_eq!(py_repr_str("it's"), "\"it's\"");
        assert_eq!(py_repr_str("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(py_repr_str("tab\there"), "'tab\\there'");
        assert_eq!(
            ascii_escape("\"Kyiv\u{2019}s \u{1F600}\""),
            "\"Kyiv\\u2019s \\ud83d\\ude00\""
        );
        assert_eq!(py_index(-3, 10), 7);
        assert_eq!(py_index(40, 10), 10);
        assert_eq!(norm("  A\u{1f}B \u{201C}x\u{201D} "), "a b \"x\"");
    }
}
