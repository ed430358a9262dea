//! Actors: recognise people, states, organisations and armed groups in article text,
//! across spellings and transliterations, and tie each to the side (party) it speaks for.
//!
//! Pure: [`tag_document`] takes a text and its sentences and returns values;
//! [`EntityRegistry::resolve`] folds one document's entities into a serialisable
//! cross-document state. No IO anywhere: the caller reads user gazetteer files and hands
//! their text to [`ActorConfig::add_gazetteer_toml`].
//!
//! # Design decisions
//! - **Vocabulary is data.** Entities come from gazetteer TOML files (`data/gazetteer/*.toml`,
//!   format in their headers: id, name, kind, party, aliases, metonyms, demonyms, dated
//!   roles); role words and pattern cues from `data/actor_patterns.toml`. Both are embedded
//!   as the default and extendable ([`ActorConfig::add_gazetteer_toml`],
//!   [`ActorConfig::add_patterns_toml`]). A user entity with a known id extends it.
//! - **One automaton pass.** Every gazetteer surface (names, aliases, metonyms with and
//!   without "the "/"The ", demonyms, implicit surnames of gazetteer people) and every title
//!   (lower case, first letter capitalised, Title Case) goes into ONE automaton (a byte
//!   trie walked from the word starts of the tokenizer, `surface_trie.rs`, giving exactly
//!   the hits of an unanchored Aho–Corasick scan of every byte: see there why),
//!   leftmost-longest, matched **case-sensitively on the text as written** (case-insensitive
//!   matching is ~3× slower, and case carries meaning: "US" is a state, "us" a pronoun;
//!   "Turkey" a state, "turkey" a bird). Hits must sit on word boundaries (no alphanumeric
//!   character either side). Known limit: with leftmost-longest a longer surface that fails
//!   the boundary check hides a shorter one at the same place (rare: it needs a surface
//!   glued to letters). The automaton is built lazily on first use after the last change
//!   to the config (a `OnceLock`, a few milliseconds), so configs are cheap to extend and
//!   share across threads.
//! - **Ambiguous surfaces.** A surface listed by two entities with different parties is
//!   ignored (a shared demonym such as "Congolese" says nothing about the side). Surfaces in
//!   `ambiguous_names` of the patterns file ("Georgia", "Jordan", "Chad") are rejected
//!   when a capitalised word that is not a stop word sits directly before or after them:
//!   they are then part of a longer name ("Michael Jordan", "Jordan Bardella").
//! - **Demonyms are not mentions.** "Russian" marks the side of the phrase it modifies;
//!   it is a party *cue*, used by the patterns and by coreference.
//! - **People not in the gazetteer** are found with the news patterns documented in
//!   `discover.rs` (title before name, appositive after name, left modifiers for the side).
//!   The side comes, in order, from: an explicit modifier or appositive cue ("Russian",
//!   "Ukraine's", "Kremlin", "Trump's"); a title that implies one party (`[title_party]`),
//!   used only when that party is mentioned somewhere in the document; the nearest party
//!   cue in the sentence (either side, ties go to the one before); for "\[Title\] \[Name\]"
//!   only, the nearest in the paragraph (appositive descriptors such as "a politician"
//!   often introduce outsiders, so they get no paragraph guess). Context sides are decided
//!   after surnames are resolved, so "adviser to Araghchi" sees Araghchi. Names are 2–4 capitalised words (particles such as "al", "bin", "von"
//!   allowed inside). Title-Case sentences (at least 5 words and no lower-case word of 4
//!   letters or more) are not used for discovery: every word looks like a name there.
//!   A state or capital right after a locative preposition ("flew to Doha") is a place:
//!   still a mention, but not a side cue for the people around it.
//! - **Aliases within a document** (`translit.rs`): a transliteration key (diacritics
//!   removed, y/j/i, w/v, kh/ch/h, q/gh/k, tsch/ch, ou/u, doubled letters, silent final e)
//!   plus a bounded edit distance (0 edits under 4 letters, 1 edit, 2 edits when the longer
//!   key has ≥ 8 letters), with the same first letter and the same last two letters.
//!   A surname-only word matches a person already in the document; a preceding first name
//!   that is incompatible (different key, not an initial) makes it a different person.
//!   Implicit surnames of gazetteer people ("Putin" for "Vladimir Putin") count on their
//!   own only when unique in the gazetteer and at least 4 letters long; otherwise only
//!   after the full name appeared in the document.
//! - **Across documents** ([`EntityRegistry`]): gazetteer id when known ("e-" + lower-case
//!   id); otherwise persons match on the surname key rule above, freely (first names only
//!   need to be compatible) inside a story they were already seen in, and across stories
//!   only with a full-name match (both first names present with equal keys). The party of
//!   a non-gazetteer person is the majority over documents (ties: first seen).
//!   A gazetteer one-word surname preceded by an incompatible first name ("Abdelrahim
//!   Dagalo" next to "Mohamed Hamdan Dagalo") is such a namesake too; a namesake takes the
//!   side of the known person (relatives are mostly on one side) unless nothing is known.
//!   A one-word surname matching several people of the document goes to the one mentioned
//!   last before it.
//! - **Across documents** ([`EntityRegistry`]): gazetteer id when known ("e-" + lower-case
//!   id); otherwise persons match on the surname key rule above, freely (first names only
//!   need to be compatible) inside a story they were already seen in, and across stories
//!   only with a full-name match (both first names present with equal keys). The party of
//!   a non-gazetteer person is the majority over documents (ties: first seen). Aliases are
//!   every surface seen plus, for people, the surname of a full name seen ("Lavrov" from
//!   "Sergei Lavrov") when no other person in the registry has it and the word before it
//!   is not a particle-like short word ("al Saud", "Al Thani" keep their full form).
//! - **Names from the document itself** (`org_names.rs`): a word in capitals is the
//!   organisation, group or state of the document whose name has those initials ("RSF"
//!   next to "Rapid Support Forces"), or the mention right before its brackets; a run of
//!   capitalised words joined by "of"/"the"/... with exactly the capitalised words of an
//!   organisation alias in another order is that organisation ("Forces of Rapid
//!   Support", machine-translated); "the army", "the union", "Army officials" stand for the
//!   one organisation or group of the document whose alias ends in that word (else the
//!   one such organisation of a party the document mentions: "the junta"); a bracketed
//!   acronym whose letters are a reordered known acronym ("FPLT"), or a known acronym
//!   after a name one word away from its alias ("De'ang National Liberation Army
//!   (TNLA)"), makes that name the organisation's wherever it recurs. A word in
//!   capitals of 3+ letters ("PORT SUDAN —") is never part of a person's name; a particle
//!   glued by a hyphen to a capitalised word ("al-Otaibi") is, its surname key taken after
//!   the hyphen. Delegation leaders take the side they lead: "[Name], who heads the
//!   [Side] team", "the [Side] delegation, led by [Title] [Name]" and, without a title,
//!   "headed by [First] [Last]" (two words or more) (`leader_verbs` in the patterns
//!   file); "[Title] for X, [Name]," is a title with its name, and so is "[Title] of X,
//!   [Name],": the words of X before a side cue extend the role ("minister of the
//!   Interior", "chief of the delegation"), the cue is the side ("mediator of the AU").
//!   Forms of address before a name ("Mister", `honorifics`) are skipped.
//! - **Coreference** (`coref.rs`) is light: "the \[Demonym\] \[person head\]" and
//!   "\[Country\]'s \[person head\]" → the last person of that side, else the side; "the
//!   \[Demonym\] \[side head\]" / "\[Country\]'s delegation" → the side; "both sides"-phrases →
//!   the two leading parties when they clearly lead (the second has ≥ 2 mentions and the
//!   third at most half as many); "he"/"she" → the last person mentioned before it in the
//!   same paragraph, or in the previous paragraph when the pronoun opens its paragraph
//!   ("He also demanded ...") (no gender check). Coreference surfaces are not added to
//!   [`LocalEntity::surfaces`] (they would pollute aliases with "He").
//! - **Confidence** values are fixed per source, documented on [`MentionSource`].
//! - **Speed** (≥ 50 MB/s per core is the target): one table-driven byte tokenizer pass,
//!   then one automaton pass over its tokens (a trie walk only from the words that two
//!   8 KB bit filters let through, started after the word from the node an exact table
//!   of the surfaces' first words gives; it replaced a 16 MB Aho–Corasick DFA scanned byte by
//!   byte, whose table lookups were most of tagging's L1 misses and whose build took half
//!   a second per process), then only the capitalised tokens, the title hits and the side cues are
//!   visited; name keys are computed only for words whose key initial matches a person
//!   of the document; party strings are shared (`Arc<str>`), not copied per mention.
//!   Tokens carry `u32` offsets (12 bytes); the token vector and per-token tables are
//!   per-thread buffers reused across documents; name keys are built in a reused buffer
//!   with byte-pattern digraph folding; per-word set lookups (stop words, locative
//!   prepositions, qualifiers) compare an ASCII word, lower-cased byte by byte, with the
//!   few members of its shape (length, first byte) instead of hashing a lower-cased copy
//!   (`patterns::WordSet`); gazetteer persons are looked up by surname-key bucket (first letter and
//!   last two, which matching keys always share). Tried and dropped: anchored walks of
//!   the DFA from every token start (one walk per ~5 bytes plus per-walk overhead cost
//!   more than the scan saved; the trie walks only from filtered words).
//!   The document-context passes start only from their triggers: the tokenizer lists
//!   capitalised words, words in capitals of acronym length, "he"/"she", words after
//!   "the" and "who" as it goes (descriptions, acronyms, relative leaders and pronouns
//!   visit those lists, never every token; descriptions only the words after "the" and
//!   the capitalised sentence openers, of the shape of a head word of the document);
//!   automaton hits carry the token they were found from (no token search per hit);
//!   side decisions from context find quotation marks by a byte scan;
//!   acronym initials and organisation head words are computed once per configuration
//!   per gazetteer entity (`org_names::EntityNames`), not per document from the alias
//!   strings; cheap tests (token length, cover, first letter of a surname key) come
//!   before string work. Tried and dropped: an eight-bytes-at-a-time (SWAR) word scan
//!   in the tokenizer (more instructions than the table scan for ~5-byte words).
//!
//! # Thresholds (all in one place, with the reason for each value)
//! | value | where | why |
//! |---|---|---|
//! | 2–4 capitalised words in a name | `discover.rs` `NAME_MAX_WORDS` | news names people with first + last name, sometimes a middle name or patronymic; more is a title run |
//! | ≤ 6 words between appositive separator and title | `APPOSITIVE_MAX_GAP` | "a prominent Russian political figure" needs 3; longer is a new clause |
//! | ≤ 14 tokens searched for the appositive's side cue | `APPOSITIVE_MAX_LEN` | covers "a senior adviser to the Foreign Minister Abbas X" |
//! | Title Case: ≥ 5 words, no lower-case word of ≥ 4 letters | `tagger.rs` | real sentences always have a lower-case content word; Title Case leaves only "as", "on", "for" |
//! | edit distance 0 (< 4 letters), 1, 2 (longer key ≥ 8 letters) | `translit.rs` `allowed_distance` | "Zensky"/"Zelensky" needs 2 on 8 letters; 2 on 6 letters merges "Peskov"/"Petrov" |
//! | same first letter and last two letters | `surname_keys_match` | noise sits inside names; "Zelenko" ≠ "Zelensky" by ending |
//! | implicit surname alone: unique and ≥ 4 key letters | `matcher.rs` `STANDALONE_SURNAME_MIN_KEY` | "Kim", "Li", "Ali" name too many people |
//! | "both sides" needs the 2nd party ≥ 2 mentions, 3rd ≤ half of 2nd | `coref.rs` `PAIR_MIN_MENTIONS` | otherwise "the two main parties" is a guess |
//!
//! # Known limits
//! - A person only named once, with no title or appositive, is not discovered (no
//!   generic person-name recogniser); a gazetteer entry or a role pattern is needed.
//! - Sides from context are the nearest cue: a sentence mentioning the mediator closer to
//!   the name than the person's own side gets the mediator's side (the registry's
//!   majority vote over documents usually repairs it).
//! - All-caps text is not matched (names are case-sensitive); the cleaner repairs Title
//!   Case, not all-caps.

mod coref;
mod discover;
mod gazetteer;
mod matcher;
mod org_names;
mod patterns;
mod registry;
mod surface_trie;
mod tagger;
mod tokens;
pub mod translit;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use stancemap_model::Span;

pub use gazetteer::{GazEntity, GazRole};
pub use patterns::Patterns;
pub use registry::{EntityRegistry, GlobalEntity};
pub use tagger::tag_document;

/// The default pattern vocabulary, embedded at build time.
pub const DEFAULT_PATTERNS: &str = include_str!("../../../data/actor_patterns.toml");

/// The default gazetteer files, embedded at build time (file name, text).
pub const DEFAULT_GAZETTEER: &[(&str, &str)] = &[
    (
        "states.toml",
        include_str!("../../../data/gazetteer/states.toml"),
    ),
    (
        "organisations.toml",
        include_str!("../../../data/gazetteer/organisations.toml"),
    ),
    (
        "groups.toml",
        include_str!("../../../data/gazetteer/groups.toml"),
    ),
    (
        "places.toml",
        include_str!("../../../data/gazetteer/places.toml"),
    ),
    (
        "people.toml",
        include_str!("../../../data/gazetteer/people.toml"),
    ),
];

/// Everything that can go wrong loading vocabulary.
#[derive(Debug, thiserror::Error)]
pub enum ActorsError {
    #[error("cannot parse TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("gazetteer entity {id:?} is new but has no `{field}`")]
    MissingField { id: String, field: &'static str },
    #[error("default gazetteer file {file}: {source}")]
    Default {
        file: &'static str,
        #[source]
        source: Box<ActorsError>,
    },
}

/// What an entity is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    State,
    Organisation,
    Group,
    Place,
}

/// How a mention was found. Confidence per source: gazetteer name or alias 0.95 (0.6 for
/// an `ambiguous_names` surface), metonym 0.85, pattern 0.9 with an explicit side cue and
/// 0.75 when the side came from context, alias (surname or spelling variant) 0.85 for an
/// equal key and 0.7 for a fuzzy one, an implicit gazetteer surname on its own 0.75,
/// coreference 0.6 for definite descriptions and 0.45 for pronouns.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MentionSource {
    Gazetteer,
    Metonym,
    Pattern,
    Alias,
    Coreference,
}

impl MentionSource {
    /// The lower-case name used in the store and the export (same as serde's).
    pub fn name(self) -> &'static str {
        match self {
            MentionSource::Gazetteer => "gazetteer",
            MentionSource::Metonym => "metonym",
            MentionSource::Pattern => "pattern",
            MentionSource::Alias => "alias",
            MentionSource::Coreference => "coreference",
        }
    }
}

/// An entity as it appears in one document.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LocalEntity {
    /// Gazetteer id when the entity is in the gazetteer.
    pub gazetteer_id: Option<String>,
    /// Best full name seen (the gazetteer's canonical name when known).
    pub name: String,
    pub kind: EntityKind,
    pub party: Option<String>,
    /// Every surface form in this document, in order of first appearance.
    pub surfaces: Vec<String>,
}

/// One mention of a local entity.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Mention {
    /// Index into [`DocActors::entities`].
    pub entity: usize,
    pub span: Span,
    pub surface: String,
    pub confidence: f32,
    pub source: MentionSource,
}

/// A role given to a person in the text ("Defense Minister"), kept as a fact.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RoleMention {
    pub entity: usize,
    /// As written, with qualifiers ("former US President", "foreign minister").
    pub role: String,
    pub party: Option<String>,
    /// The role words in the text.
    pub span: Span,
}

/// Everything found in one document.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct DocActors {
    pub entities: Vec<LocalEntity>,
    /// Sorted by span start.
    pub mentions: Vec<Mention>,
    pub roles: Vec<RoleMention>,
}

/// Gazetteer and patterns, plus the automaton compiled from them on first use.
#[derive(Debug, Clone)]
pub struct ActorConfig {
    entities: Vec<GazEntity>,
    patterns: Patterns,
    compiled: OnceLock<matcher::Compiled>,
}

impl Default for ActorConfig {
    /// The embedded gazetteer and patterns. The embedded files are tested to load, so
    /// this cannot fail at run time.
    fn default() -> Self {
        Self::try_default().unwrap_or_else(|e| panic!("embedded actor data is invalid: {e}"))
    }
}

impl ActorConfig {
    /// No entities, no patterns.
    pub fn empty() -> Self {
        ActorConfig {
            entities: Vec::new(),
            patterns: Patterns::default(),
            compiled: OnceLock::new(),
        }
    }

    /// The embedded defaults, reporting a bad embedded file as an error.
    pub fn try_default() -> Result<Self, ActorsError> {
        let mut cfg = Self::empty();
        cfg.add_patterns_toml(DEFAULT_PATTERNS)?;
        for (file, text) in DEFAULT_GAZETTEER {
            cfg.add_gazetteer_toml(text)
                .map_err(|e| ActorsError::Default {
                    file,
                    source: Box::new(e),
                })?;
        }
        Ok(cfg)
    }

    /// Only the embedded patterns, no gazetteer: for users who bring their own entities.
    pub fn patterns_only() -> Result<Self, ActorsError> {
        let mut cfg = Self::empty();
        cfg.add_patterns_toml(DEFAULT_PATTERNS)?;
        Ok(cfg)
    }

    /// Add one gazetteer file's entities (a known id is extended). The automaton is
    /// rebuilt on the next [`tag_document`] call.
    pub fn add_gazetteer_toml(&mut self, toml: &str) -> Result<(), ActorsError> {
        gazetteer::merge_toml(&mut self.entities, toml)?;
        self.compiled = OnceLock::new();
        Ok(())
    }

    /// Add pattern vocabulary (format of `data/actor_patterns.toml`).
    pub fn add_patterns_toml(&mut self, toml: &str) -> Result<(), ActorsError> {
        self.patterns.merge_toml(toml)?;
        self.compiled = OnceLock::new();
        Ok(())
    }

    /// Build the automaton now (otherwise it is built by the first [`tag_document`]).
    pub fn finish(&self) {
        self.compiled();
    }

    /// The gazetteer entities, in load order.
    pub fn gazetteer(&self) -> &[GazEntity] {
        &self.entities
    }

    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    fn compiled(&self) -> &matcher::Compiled {
        self.compiled
            .get_or_init(|| matcher::Compiled::build(&self.entities, &self.patterns))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_load_and_compile() {
        let cfg = ActorConfig::try_default().expect("embedded data loads");
        assert!(cfg.gazetteer().len() > 100);
        cfg.finish();
        let doc = tag_document(&cfg, "The Kremlin and Kyiv met in Istanbul.", &[]);
        assert!(doc
            .entities
            .iter()
            .any(|e| e.party.as_deref() == Some("RUS")));
    }
}
