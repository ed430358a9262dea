//! A document's rows serialised before linking, so the JSON work runs on the worker
//! threads that process documents and not on the one thread that links them.
//!
//! Linking decides three things the rows depend on: the corpus-wide entity ids (a
//! mention's entity, a claim's speaker), whether the document duplicates another (a
//! record's `counted`), and its story and duplicate link (plain columns). Everything
//! else is serialised by [`EncodedDoc::new`]; [`Tx::insert_encoded`] splices the
//! decided values into the prepared text. The stored bytes are exactly those of
//! [`Tx::insert_document`] + [`Tx::insert_mentions`] + [`Tx::insert_ledger_records`]
//! (tests compare them).

use stancemap_model::{ClaimRecord, Document, FactRecord, MeetingRecord};

use crate::actors::{mention_list_json_to, MentionHead};
use crate::codec::{self, encode_signature};
use crate::error::StoreError;
use crate::ledger::without_sentence;
use crate::tx::DocColumns;
use crate::{RoleRow, Tx};

/// A mention whose entity is the document's local entity index (not yet a registry id).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalMention<'a> {
    pub entity: usize,
    pub start: usize,
    pub end: usize,
    pub surface: &'a str,
    pub source: &'a str,
    pub confidence: f32,
}

/// The records of a document as the claims stage gives them, with one convention: a
/// claim's `speaker` is the speaker's local entity index written in decimal ("0", "3"),
/// to be replaced by its registry id. `counted` is ignored (linking decides it).
#[derive(Debug, Clone, Copy)]
pub struct LocalRecords<'a> {
    pub claims: &'a [ClaimRecord],
    pub meetings: &'a [MeetingRecord],
    pub facts: &'a [FactRecord],
}

/// See the module documentation. `None` from [`EncodedDoc::new`] means "serialise at
/// insert time" (a value the splicing cannot place); the caller then uses the plain
/// inserts, which also report any error properly.
#[derive(Debug)]
pub struct EncodedDoc {
    removed: String,
    repeats: String,
    diagnostics: String,
    sentence_spans: Vec<u8>,
    /// The MinHash signature and its BLOB.
    signature: Vec<u32>,
    signature_blob: Vec<u8>,
    /// Mention entries with the entity left out, sorted and deduplicated at insert
    /// time (their order depends on the registry ids).
    mentions: Vec<EncodedMention>,
    mention_text: String,
    claims: Template,
    meetings: Template,
    facts: Template,
}

/// One mention list entry `[start,end,"entity","surface","source","confidence"]`
/// without its entity: `mention_text[head..split]` is `[start,end,`,
/// `mention_text[split..end]` is `,"surface",…]`.
#[derive(Debug)]
struct EncodedMention {
    start: usize,
    entity: usize,
    head: usize,
    split: usize,
    end: usize,
}

/// A JSON array with holes: `json` holds `null` where a speaker goes and `true` where a
/// record's `counted` goes; `holes` (ascending) say where.
#[derive(Debug, Default)]
struct Template {
    json: String,
    holes: Vec<(usize, Hole)>,
}

#[derive(Debug, Clone, Copy)]
enum Hole {
    /// `null` → the registry id of this local entity (or `null` if it has none).
    Speaker(usize),
    /// `true` → whether the document counts (it is no duplicate).
    Counted,
}

const HOLE_LEN: usize = 4; // "null" and "true"

impl EncodedDoc {
    /// Serialise what linking does not decide. `doc` is the processed document (its
    /// `story` and `duplicate_of` are not read).
    pub fn new(
        doc: &Document,
        signature: &[u32],
        mentions: &[LocalMention<'_>],
        records: LocalRecords<'_>,
    ) -> Option<EncodedDoc> {
        let encoded_mentions = encode_mentions(mentions);
        Some(EncodedDoc {
            removed: json(&doc.removed)?,
            repeats: json(&doc.repeats)?,
            diagnostics: json(&doc.diagnostics)?,
            sentence_spans: codec::encode_sentence_spans(std::path::Path::new(""), &doc.sentences)
                .ok()?,
            signature: signature.to_vec(),
            signature_blob: encode_signature(signature),
            mentions: encoded_mentions.0,
            mention_text: encoded_mentions.1,
            claims: claims_template(records.claims, &doc.text)?,
            meetings: list_template(records.meetings, |m| without_sentence(m, &doc.text))?,
            facts: list_template(records.facts, |f| f.clone())?,
        })
    }
}

fn json(value: &impl serde::Serialize) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// The mentions' entries but for their entities, in one text.
fn encode_mentions(mentions: &[LocalMention<'_>]) -> (Vec<EncodedMention>, String) {
    use std::fmt::Write;
    let mut text = String::with_capacity(mentions.len() * 48);
    // The few distinct confidences, each formatted once.
    let mut confidences: Vec<(u32, String)> = Vec::new();
    let encoded = mentions
        .iter()
        .map(|m| {
            let head = text.len();
            // Writing to a String does not fail.
            let _ = write!(text, "[{},{},", m.start, m.end);
            let split = text.len();
            text.push(',');
            push_json_string(&mut text, m.surface);
            text.push(',');
            push_json_string(&mut text, m.source);
            text.push_str(",\"");
            text.push_str(confidence_text(&mut confidences, m.confidence));
            text.push_str("\"]");
            EncodedMention {
                start: m.start,
                entity: m.entity,
                head,
                split,
                end: text.len(),
            }
        })
        .collect();
    (encoded, text)
}

/// The same text as `Decimal` in actors.rs: the shortest exact decimal of the f64.
fn confidence_text(known: &mut Vec<(u32, String)>, confidence: f32) -> &str {
    let bits = confidence.to_bits();
    let at = match known.iter().position(|(b, _)| *b == bits) {
        Some(at) => at,
        None => {
            known.push((bits, f64::from(confidence).to_string()));
            known.len() - 1
        }
    };
    &known[at].1
}

/// The claims array with a hole at every speaker and every `counted`.
fn claims_template(claims: &[ClaimRecord], text: &str) -> Option<Template> {
    let mut t = Template::start();
    for (i, claim) in claims.iter().enumerate() {
        let mut record = without_sentence(claim, text);
        let speaker = match record.speaker.take() {
            Some(local) => Some(local.parse::<usize>().ok()?),
            None => None,
        };
        let at = t.push_record(i, &record)?;
        if let Some(local) = speaker {
            let key = "\"speaker\":null";
            let found = find_once(&t.json[at..], key)?;
            t.holes
                .push((at + found + key.len() - HOLE_LEN, Hole::Speaker(local)));
        }
        t.close_record()?;
    }
    Some(t.finish())
}

/// An array of records whose only hole is `counted`.
fn list_template<T: serde::Serialize, R: serde::Serialize>(
    records: &[T],
    stored: impl Fn(&T) -> R,
) -> Option<Template> {
    let mut t = Template::start();
    for (i, record) in records.iter().enumerate() {
        t.push_record(i, &stored(record))?;
        t.close_record()?;
    }
    Some(t.finish())
}

impl Template {
    fn start() -> Template {
        Template {
            json: String::from("["),
            holes: Vec::new(),
        }
    }

    /// Append one record (with `counted: true`); returns where it starts.
    fn push_record(&mut self, index: usize, record: &impl serde::Serialize) -> Option<usize> {
        if index > 0 {
            self.json.push(',');
        }
        let at = self.json.len();
        let mut bytes = std::mem::take(&mut self.json).into_bytes();
        let written = serde_json::to_writer(&mut bytes, record);
        self.json = String::from_utf8(bytes).ok()?;
        written.ok()?;
        Some(at)
    }

    /// Every record type ends with its `counted` field: mark it as a hole.
    fn close_record(&mut self) -> Option<()> {
        const END: &str = ",\"counted\":true}";
        if !self.json.ends_with(END) {
            return None;
        }
        let at = self.json.len() - 1 - HOLE_LEN;
        self.holes.push((at, Hole::Counted));
        Some(())
    }

    fn finish(mut self) -> Template {
        self.json.push(']');
        self
    }

    /// The array with the decided values in place.
    fn render(&self, entity_ids: &[String], counted: bool) -> String {
        let mut out = String::with_capacity(self.json.len() + 16 * self.holes.len());
        let mut copied = 0;
        for &(at, hole) in &self.holes {
            out.push_str(&self.json[copied..at]);
            match hole {
                Hole::Speaker(local) => match entity_ids.get(local) {
                    Some(id) => push_json_string(&mut out, id),
                    None => out.push_str("null"),
                },
                Hole::Counted => out.push_str(if counted { "true" } else { "false" }),
            }
            copied = at + HOLE_LEN;
        }
        out.push_str(&self.json[copied..]);
        out
    }
}

/// The offset of the only occurrence of `needle` in `hay` (`None` if absent or repeated).
fn find_once(hay: &str, needle: &str) -> Option<usize> {
    let first = hay.find(needle)?;
    hay[first + needle.len()..]
        .find(needle)
        .is_none()
        .then_some(first)
}

/// `s` as a JSON string, the way serde_json writes it.
pub(crate) fn push_json_string(out: &mut String, s: &str) {
    let plain = s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    if plain {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| String::from("null")));
    }
}

impl EncodedDoc {
    /// The `mention_lists` JSON with registry ids, as `mention_list_json` writes it.
    fn mention_list(&self, entity_ids: &[String]) -> Option<String> {
        let heads: Vec<MentionHead<'_>> = self
            .mentions
            .iter()
            .filter_map(|m| {
                Some(MentionHead {
                    start: m.start,
                    entity: entity_ids.get(m.entity)?,
                    head: self.mention_text.get(m.head..m.split)?,
                    tail: self.mention_text.get(m.split..m.end)?,
                })
            })
            .collect();
        if heads.is_empty() {
            return None;
        }
        Some(mention_list_json_to(heads))
    }
}

impl Tx<'_> {
    /// Store a document from its [`EncodedDoc`]: the same rows as
    /// [`Tx::insert_document`], [`Tx::insert_mentions`], [`Tx::insert_roles`] and
    /// [`Tx::insert_ledger_records`] would write for it (records counted unless
    /// `doc.duplicate_of` is set). `false`, changing nothing, when the id is stored.
    pub fn insert_encoded(
        &self,
        doc: &Document,
        exact_key: &str,
        band_keys: &[u64],
        encoded: &EncodedDoc,
        entity_ids: &[String],
        roles: &[RoleRow<'_>],
    ) -> Result<bool, StoreError> {
        let columns = DocColumns {
            removed: &encoded.removed,
            repeats: &encoded.repeats,
            diagnostics: &encoded.diagnostics,
            sentence_spans: &encoded.sentence_spans,
            signature: &encoded.signature_blob,
        };
        let Some(seq) =
            self.insert_document_columns(doc, exact_key, &encoded.signature, band_keys, columns)?
        else {
            return Ok(false);
        };
        if let Some(json) = encoded.mention_list(entity_ids) {
            self.insert_mention_list(seq, &json)?;
        }
        self.insert_role_rows(seq, roles)?;
        let counted = doc.duplicate_of.is_none();
        let lists = [&encoded.claims, &encoded.meetings, &encoded.facts];
        if lists.iter().any(|t| t.json.len() > 2) {
            let [claims, meetings, facts] = lists.map(|t| t.render(entity_ids, counted));
            self.insert_record_lists(seq, &claims, &meetings, &facts)?;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MentionRow, Store};
    use stancemap_model::{Act, Repeat, Sentence, Span};

    const TEXT: &str = "Envoy Ana \"Ruiz\" met Omar Haddad in Doha. They rejected the offer.";

    fn document(id: &str, duplicate_of: Option<&str>) -> Document {
        let mut doc = crate::test_support::doc(id, "s-1", TEXT);
        doc.duplicate_of = duplicate_of.map(str::to_string);
        doc.sentences = vec![Sentence {
            span: Span::new(0, 41),
            paragraph: 0,
        }];
        doc.repeats = vec![Repeat {
            start: 42,
            end: 66,
            of_start: 0,
            of_end: 10,
        }];
        doc
    }

    fn claim(doc: &str, speaker: Option<&str>, sentence: &str) -> ClaimRecord {
        ClaimRecord {
            id: format!("c-{sentence:.3}"),
            doc: doc.into(),
            sentence: sentence.into(),
            start: 42,
            end: 66,
            cue: Span::new(47, 55),
            party: "QAT".into(),
            speaker: speaker.map(str::to_string),
            act: Act::Reject,
            topic: Some("ceasefire".into()),
            item: "the \"speaker\":null offer".into(),
            target: None,
            with: vec!["ISR".into()],
            conditions: vec![],
            attributed_to: None,
            negated: false,
            confidence: 0.7,
            counted: true,
        }
    }

    fn meeting(doc: &str) -> MeetingRecord {
        MeetingRecord {
            id: "c-m".into(),
            doc: doc.into(),
            sentence: TEXT[..41].into(),
            start: 0,
            end: 41,
            place: Some("Doha".into()),
            venue: None,
            when: None,
            date: None,
            parties: vec!["ISR".into(), "QAT".into()],
            duration: None,
            outcome: Some("ended".into()),
            counted: true,
        }
    }

    fn fact(doc: &str) -> FactRecord {
        FactRecord {
            doc: doc.into(),
            subject: "meeting:doha".into(),
            attribute: "mediation".into(),
            value: "Qatar".into(),
            key: "mediated:QAT".into(),
            start: 0,
            end: 41,
            counted: true,
        }
    }

    /// Mentions by local entity: entities 1 and 2 get one registry id (one of the
    /// two entries at 21 goes), entity 3 has none (its mention goes).
    fn mentions() -> Vec<LocalMention<'static>> {
        let m = |entity, start, end, surface| LocalMention {
            entity,
            start,
            end,
            surface,
            source: "gazetteer",
            confidence: 0.9,
        };
        vec![
            m(2, 21, 32, "Omar Haddad"),
            m(0, 6, 16, "Ana \"Ruiz\""),
            m(1, 21, 32, "Omar"),
            m(3, 36, 40, "Doha"),
        ]
    }

    type Rows = Vec<(String, String)>;

    /// Every column of every row the document wrote, as text.
    fn rows(store: &Store) -> Rows {
        let mut out = Vec::new();
        for (table, query) in [
            (
                "documents",
                "SELECT quote(id) || quote(removed) || quote(repeats) || quote(diagnostics) \
                 || quote(sentence_spans) || quote(signature) || quote(duplicate_of) FROM documents",
            ),
            ("mentions", "SELECT quote(seq) || mentions FROM mention_lists"),
            ("roles", "SELECT quote(seq) || entity || role FROM roles"),
            (
                "records",
                "SELECT quote(seq) || claims || meetings || facts FROM record_lists",
            ),
        ] {
            let mut stmt = store.conn.prepare(query).unwrap();
            let found = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
            out.extend(found.map(|r| (table.to_string(), r.unwrap())));
        }
        out
    }

    fn ids() -> Vec<String> {
        ["e-ruiz", "e-haddad", "e-haddad"]
            .map(String::from)
            .to_vec()
    }

    /// The plain inserts, with registry ids resolved first.
    fn store_plain(docs: &[Document]) -> Rows {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        let ids = ids();
        for doc in docs {
            tx.insert_document(doc, "k", &[1, 2], &[]).unwrap();
            let rows: Vec<MentionRow<'_>> = mentions()
                .iter()
                .filter_map(|m| {
                    Some(MentionRow {
                        entity: ids.get(m.entity)?,
                        start: m.start,
                        end: m.end,
                        surface: m.surface,
                        source: m.source,
                        confidence: m.confidence,
                    })
                })
                .collect();
            tx.insert_mentions(&doc.id, &rows).unwrap();
            tx.insert_roles(&doc.id, &roles()).unwrap();
            let counted = doc.duplicate_of.is_none();
            let mut claims = [
                claim(&doc.id, Some("e-haddad"), &TEXT[42..66]),
                claim(&doc.id, None, "not the text"),
                claim(&doc.id, None, &TEXT[42..66]),
            ];
            claims.iter_mut().for_each(|c| c.counted = counted);
            let mut meetings = [meeting(&doc.id)];
            meetings[0].counted = counted;
            let mut facts = [fact(&doc.id)];
            facts[0].counted = counted;
            tx.insert_ledger_records(&doc.id, &claims, &meetings, &facts)
                .unwrap();
        }
        tx.commit().unwrap();
        rows(&store)
    }

    fn roles() -> [RoleRow<'static>; 1] {
        [RoleRow {
            entity: "e-haddad",
            role: "Defence Minister",
            party: Some("QAT"),
            start: 21,
            end: 32,
        }]
    }

    /// [`EncodedDoc`] with local speaker indices ("1" and "7", which has no id).
    fn store_encoded(docs: &[Document]) -> Rows {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        for doc in docs {
            let claims = [
                claim(&doc.id, Some("1"), &TEXT[42..66]),
                claim(&doc.id, None, "not the text"),
                claim(&doc.id, Some("7"), &TEXT[42..66]),
            ];
            let (meetings, facts) = ([meeting(&doc.id)], [fact(&doc.id)]);
            let records = LocalRecords {
                claims: &claims,
                meetings: &meetings,
                facts: &facts,
            };
            let encoded = EncodedDoc::new(doc, &[1, 2], &mentions(), records).unwrap();
            let stored = tx
                .insert_encoded(doc, "k", &[], &encoded, &ids(), &roles())
                .unwrap();
            assert!(stored);
            assert!(!tx
                .insert_encoded(doc, "k", &[], &encoded, &ids(), &roles())
                .unwrap());
        }
        tx.commit().unwrap();
        rows(&store)
    }

    #[test]
    fn encoded_rows_are_the_plain_rows() {
        let docs = [document("d-1", None), document("d-2", Some("d-1"))];
        let plain = store_plain(&docs);
        assert_eq!(plain.len(), 8, "{plain:#?}");
        assert!(plain[7].1.contains("false"), "the duplicate is not counted");
        assert_eq!(store_encoded(&docs), plain);
    }

    #[test]
    fn a_speaker_that_is_no_local_index_is_not_encoded() {
        let doc = document("d-1", None);
        let claims = [claim("d-1", Some("e-haddad"), "x")];
        let records = LocalRecords {
            claims: &claims,
            meetings: &[],
            facts: &[],
        };
        assert!(EncodedDoc::new(&doc, &[], &[], records).is_none());
    }

    #[test]
    fn json_strings_are_written_like_serde_json() {
        for s in ["e-1", "", "quote \" back \\ tab \t nul \u{0} é", "\u{1f}"] {
            let mut out = String::new();
            push_json_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
    }
}
