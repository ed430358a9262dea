//! The per-corpus, sequential half: duplicates and stories.

use stancemap_dedup::{MinHasher, StoryClusterer};

use crate::{Corpus, Processed};

/// Key under which the story clusterer's state is kept in the corpus.
pub const STORY_STATE_KEY: &str = "story-clusterer";

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
#[error("stored story-clusterer state is unreadable: {0}")]
pub struct LinkerStateError(#[from] serde_json::Error);

/// Decides duplicates and stories, one document at a time, in input order.
pub struct Linker {
    clusterer: StoryClusterer,
}

impl Linker {
    /// Resume from the clusterer state saved in the corpus (or start fresh).
    pub fn resume(state_json: Option<&str>) -> Result<Self, LinkerStateError> {
        let clusterer = match state_json {
            Some(json) => serde_json::from_str(json)?,
            None => StoryClusterer::new(),
        };
        Ok(Linker { clusterer })
    }

    pub fn state_json(&self) -> String {
        serde_json::to_string(&self.clusterer).expect("clusterer state serialises")
    }

    pub fn link<C: Corpus>(
        &mut self,
        minhash: &MinHasher,
        corpus: &mut C,
        mut p: Processed,
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
        // A duplicate does not enter the band index: later copies find the original
        // through its own bands, and crowded buckets stay as small as the set of originals.
        let indexed: &[u64] = if p.doc.duplicate_of.is_some() {
            &[]
        } else {
            &band_keys
        };
        corpus.insert(&p, indexed)?;
        Ok(Outcome::Stored {
            id: p.doc.id,
            duplicate_of: p.doc.duplicate_of,
            repeats: p.doc.repeats.len(),
            story,
        })
    }
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
