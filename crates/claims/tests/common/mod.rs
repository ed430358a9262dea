//! The claims stage as ingest runs it on one text: default gazetteer and vocabulary,
//! sentences and actors computed first. Shared by the test files of this crate.

use stancemap_actors::{tag_document, ActorConfig};
use stancemap_claims::{extract, ClaimsConfig, DocClaims, DocInput};
use stancemap_segment::Segmenter;

/// The default configurations, loaded once per test binary call site.
pub struct Reader {
    actors: ActorConfig,
    claims: ClaimsConfig,
    segmenter: Segmenter,
}

impl Reader {
    pub fn with_defaults() -> Self {
        let actors = ActorConfig::default();
        let mut claims = ClaimsConfig::default();
        claims.set_gazetteer(actors.gazetteer());
        Reader {
            actors,
            claims,
            segmenter: Segmenter::default(),
        }
    }

    /// Claims, meetings and facts of `text`, published on `published`.
    pub fn read(&self, doc_id: &str, text: &str, published: &str) -> DocClaims {
        let sentences = self.segmenter.split(text);
        let tagged = tag_document(&self.actors, text, &sentences);
        extract(
            &self.claims,
            &DocInput {
                doc_id,
                text,
                sentences: &sentences,
                repeats: &[],
                published: Some(published),
                actors: &tagged,
            },
        )
    }
}
