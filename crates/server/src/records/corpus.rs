//! The store seen as the pipeline's `Corpus`: the adapter lives here, at the IO edge, so
//! neither the pipeline nor the store depends on the other.

use stancemap_actors::DocActors;
use stancemap_pipeline::{Corpus, Processed};
use stancemap_store::{
    EncodedDoc, LocalMention, LocalRecords, MentionRow, RoleRow, StoreError, Tx,
};

pub struct StoreCorpus<'a, 's> {
    pub tx: &'a Tx<'s>,
}

impl Corpus for StoreCorpus<'_, '_> {
    type Error = StoreError;
    /// The document's rows serialised on the worker threads (`None`: serialise at
    /// insert time, see [`EncodedDoc::new`]).
    type Encoded = Option<EncodedDoc>;

    fn encode(p: &Processed) -> Option<EncodedDoc> {
        // Speakers as local entity indices, replaced by registry ids at insert time.
        let locals: Vec<String> = (0..p.actors.entities.len())
            .map(|i| i.to_string())
            .collect();
        let (claims, meetings, facts) = p.claims.records(&p.doc.id, &p.doc.text, &locals, true);
        let mentions: Vec<LocalMention<'_>> = p
            .actors
            .mentions
            .iter()
            .map(|m| LocalMention {
                entity: m.entity,
                start: m.span.start,
                end: m.span.end,
                surface: &m.surface,
                source: m.source.name(),
                confidence: m.confidence,
            })
            .collect();
        let records = LocalRecords {
            claims: &claims,
            meetings: &meetings,
            facts: &facts,
        };
        EncodedDoc::new(&p.doc, &p.signature, &mentions, records)
    }

    fn has_document(&self, id: &str) -> Result<bool, StoreError> {
        self.tx.has_document(id)
    }

    fn find_exact(&self, exact_key: &str) -> Result<Option<String>, StoreError> {
        self.tx.find_exact(exact_key)
    }

    fn near_candidates(&self, band_keys: &[u64]) -> Result<Vec<(String, Vec<u32>)>, StoreError> {
        self.tx.near_candidates(band_keys)
    }

    fn insert(
        &mut self,
        p: &Processed,
        encoded: &Option<EncodedDoc>,
        band_keys: &[u64],
        entity_ids: &[String],
    ) -> Result<bool, StoreError> {
        if let Some(encoded) = encoded {
            let roles = role_rows(&p.actors, entity_ids);
            let doc = &p.doc;
            return self.tx.insert_encoded(
                doc,
                &p.exact_key,
                band_keys,
                encoded,
                entity_ids,
                &roles,
            );
        }
        let stored = self
            .tx
            .insert_document(&p.doc, &p.exact_key, &p.signature, band_keys)?;
        if stored {
            self.tx
                .insert_mentions(&p.doc.id, &mention_rows(&p.actors, entity_ids))?;
            self.tx
                .insert_roles(&p.doc.id, &role_rows(&p.actors, entity_ids))?;
            let (claims, meetings, facts) = stancemap_pipeline::ledger_records(p, entity_ids);
            self.tx
                .insert_ledger_records(&p.doc.id, &claims, &meetings, &facts)?;
        }
        Ok(stored)
    }

    fn chunk_linked(&mut self) -> Result<(), StoreError> {
        self.tx.index_text()?;
        self.tx.write_new_band_rows()
    }

    fn load_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.tx.load_state(key)
    }

    fn save_state(&mut self, key: &str, json: &str) -> Result<(), StoreError> {
        self.tx.save_state(key, json)
    }
}

/// Mentions as store rows, with corpus-wide entity ids.
fn mention_rows<'a>(actors: &'a DocActors, ids: &'a [String]) -> Vec<MentionRow<'a>> {
    actors
        .mentions
        .iter()
        .filter_map(|m| {
            Some(MentionRow {
                entity: ids.get(m.entity)?,
                start: m.span.start,
                end: m.span.end,
                surface: &m.surface,
                source: m.source.name(),
                confidence: m.confidence,
            })
        })
        .collect()
}

/// Role facts as store rows, with corpus-wide entity ids.
fn role_rows<'a>(actors: &'a DocActors, ids: &'a [String]) -> Vec<RoleRow<'a>> {
    actors
        .roles
        .iter()
        .filter_map(|r| {
            Some(RoleRow {
                entity: ids.get(r.entity)?,
                role: &r.role,
                party: r.party.as_deref(),
                start: r.span.start,
                end: r.span.end,
            })
        })
        .collect()
}
