//! The per-corpus, sequential half: duplicates and stories.

use stancemap_actors::EntityRegistry;
use stancemap_dedup::{MinHasher, StoryClusterer};

use crate::{Corpus, Processed};

/// Key under which the story clusterer's state is kept in the corpus.
pub const STORY_STATE_KEY: &str = "story-clusterer";
/// Key under which the entity registry's state is kept in the corpus.
pub const ENTITY_STATE_KEY: &str = "entity-registry";

/// What linking did with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stored {
        id: String,
        duplicate_of: Option<String>,
        repeats: usize,
        story: String,
    },
    /// The same article (same id) was stored before: nothing changed.
    AlreadyPresent { id: String },
}

#[derive(Debug, thiserror::Error)]
#[error("stored {key} state is unreadable: {source}")]
pub struct LinkerStateError {
    key: &'static str,
    source: serde_json::Error,
}

/// Decides duplicates, stories and corpus-wide entities, one document at a time, in
/// input order.
pub struct Linker {
    clusterer: StoryClusterer,
    registry: EntityRegistry,
}

impl Linker {
    /// Resume from the states saved in the corpus (or start fresh).
    pub fn resume(stories: Option<&str>, entities: Option<&str>) -> Result<Self, LinkerStateError> {
        Ok(Linker {
            clusterer: parse_state(STORY_STATE_KEY, stories)?,
            registry: parse_state(ENTITY_STATE_KEY, entities)?,
        })
    }

    /// The states to save, as (key, JSON) pairs.
    pub fn states(&self) -> [(&'static str, String); 2] {
        [
            (STORY_STATE_KEY, to_json(&self.clusterer)),
            (ENTITY_STATE_KEY, to_json(&self.registry)),
        ]
    }

    /// Link one document; `encoded` is what [`Corpus::encode`] made of it.
    pub fn link<C: Corpus>(
        &mut self,
        minhash: &MinHasher,
        corpus: &mut C,
        mut p: Processed,
        encoded: &C::Encoded,
    ) -> Result<Outcome, C::Error> {
        if corpus.has_document(&p.doc.id)? {
            return Ok(Outcome::AlreadyPresent { id: p.doc.id });
        }
        let band_keys = minhash.band_keys(&p.signature);
        p.doc.duplicate_of = match corpus.find_exact(&p.exact_key)? {
            Some(original) => Some(original),
            None => first_near_duplicate(minhash, corpus, &p.signature, &band_keys)?,
        };
        let story = self
            .clusterer
            .assign(&p.story_features, p.doc.published.as_deref());
        p.doc.story = Some(story.clone());
        let entity_ids = self.registry.resolve(Some(&story), &p.actors);
        // A duplicate does not enter the band index: later copies find the original
        // through its own bands, and crowded buckets stay as small as the set of originals.
        let indexed: &[u64] = if p.doc.duplicate_of.is_some() {
            &[]
        } else {
            &band_keys
        };
        corpus.insert(&p, encoded, indexed, &entity_ids)?;
        Ok(Outcome::Stored {
            id: p.doc.id,
            duplicate_of: p.doc.duplicate_of,
            repeats: p.doc.repeats.len(),
            story,
        })
    }
}

fn parse_state<T: serde::de::DeserializeOwned + Default>(
    key: &'static str,
    json: Option<&str>,
) -> Result<T, LinkerStateError> {
    match json {
        Some(json) => serde_json::from_str(json).map_err(|source| LinkerStateError { key, source }),
        None => Ok(T::default()),
    }
}

fn to_json(state: &impl serde::Serialize) -> String {
    serde_json::to_string(state).expect("linker state serialises")
}

/// The earliest stored document whose signature passes the near-duplicate test.
fn first_near_duplicate<C: Corpus>(
    minhash: &MinHasher,
    corpus: &C,
    signature: &[u32],
    band_keys: &[u64],
) -> Result<Option<String>, C::Error> {
    Ok(corpus
        .near_candidates(band_keys)?
        .into_iter()
        .find(|(_, other)| minhash.is_near_duplicate(signature, other))
        .map(|(id, _)| id))
}
