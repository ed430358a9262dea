//! The per-document, pure half of the pipeline.

use stancemap_actors::{tag_document, ActorConfig, DocActors};
use stancemap_claims::{extract, ClaimsConfig, DocClaims, DocInput};
use stancemap_clean::{clean, finish, CaseStats, CleanConfig, Cleaned, Prepared};
use stancemap_dedup::{exact_key, find_repeats_in, DocTokens, MinHasher, StoryFeatures};
use stancemap_model::{doc_id, Diagnostic, Document, RawArticle};
use stancemap_segment::Segmenter;

/// Everything the stages need, loaded once (vocabulary files compiled into automata and
/// tables) and shared read-only by all worker threads.
pub struct Config {
    pub clean: CleanConfig,
    pub segmenter: Segmenter,
    pub minhash: MinHasher,
    pub actors: ActorConfig,
    pub claims: ClaimsConfig,
    /// The gazetteer's one-word names as capitalisation evidence: a batch's corpus case
    /// statistics start from these (see [`CaseStats::add_known_names`]).
    pub known_names: CaseStats,
}

impl Default for Config {
    fn default() -> Self {
        Config::from_parts(
            CleanConfig::default(),
            Segmenter::default(),
            ActorConfig::default(),
            ClaimsConfig::default(),
        )
    }
}

impl Config {
    /// A configuration of these parts, with what they derive from the gazetteer.
    pub(crate) fn from_parts(
        clean: CleanConfig,
        segmenter: Segmenter,
        actors: ActorConfig,
        claims: ClaimsConfig,
    ) -> Config {
        let mut cfg = Config {
            clean,
            segmenter,
            minhash: MinHasher::default(),
            actors,
            claims,
            known_names: CaseStats::new(),
        };
        cfg.gazetteer_changed();
        cfg
    }

    /// Call after adding gazetteer files: the claims stage learns leaders, demonyms and
    /// places from it, and Title-Case repair its one-word names.
    pub fn gazetteer_changed(&mut self) {
        let gazetteer = self.actors.gazetteer();
        self.claims.set_gazetteer(gazetteer);
        let mut known_names = CaseStats::new();
        known_names.add_known_names(gazetteer.iter().flat_map(|e| {
            e.aliases
                .iter()
                .chain(&e.metonyms)
                .chain(&e.demonyms)
                .map(String::as_str)
        }));
        self.known_names = known_names;
    }
}

/// A processed document plus the fingerprints the linker and the store need.
pub struct Processed {
    pub doc: Document,
    pub exact_key: String,
    pub signature: Vec<u32>,
    pub story_features: StoryFeatures,
    /// Entities, mentions and role facts found in the document (local to it; the
    /// linker maps them to corpus-wide entity ids).
    pub actors: DocActors,
    /// Claims, meetings and facts (speakers are local entity indices).
    pub claims: DocClaims,
}

/// Clean, segment and fingerprint one article. `None` when nothing is left after cleaning
/// (the returned diagnostic says why), so an all-boilerplate page is reported, not stored.
pub fn process(
    cfg: &Config,
    article: RawArticle,
    corpus_case: Option<&CaseStats>,
) -> Result<Processed, Diagnostic> {
    let cleaned = clean(&cfg.clean, &article, corpus_case);
    process_cleaned(cfg, article, cleaned)
}

/// [`process`] of an article already scanned by [`stancemap_clean::prepare`] (`prepared`
/// must come from `article`): a batch scans a chunk's articles once, counts the chunk's
/// case statistics from those scans, then finishes each article with them.
pub fn process_prepared(
    cfg: &Config,
    article: RawArticle,
    prepared: Prepared,
    corpus_case: Option<&CaseStats>,
) -> Result<Processed, Diagnostic> {
    let cleaned = finish(&cfg.clean, &article, prepared, corpus_case);
    process_cleaned(cfg, article, cleaned)
}

/// Segment, fingerprint, tag and extract a cleaned article.
fn process_cleaned(
    cfg: &Config,
    article: RawArticle,
    cleaned: Cleaned,
) -> Result<Processed, Diagnostic> {
    if cleaned.text.trim().is_empty() {
        return Err(Diagnostic::error(
            "empty-after-cleaning",
            format!(
                "{}: no article text left after removing {} boilerplate line(s)",
                article.source,
                cleaned.removed.len()
            ),
        ));
    }
    let mut diagnostics = article.diagnostics;
    diagnostics.extend(cleaned.diagnostics);
    let sentences = cfg.segmenter.split(&cleaned.text);
    // One tokenisation for repeats, story features and the MinHash signature.
    let text_tokens = DocTokens::new(&cleaned.text);
    let repeats = find_repeats_in(&text_tokens);
    let actors = tag_document(&cfg.actors, &cleaned.text, &sentences);
    let is_stopword = cfg.clean.stopword_test(&cleaned.language);
    let story_features =
        StoryFeatures::from_tokens(&DocTokens::new(&cleaned.title), &text_tokens, &is_stopword);
    let signature = cfg.minhash.signature_of(&text_tokens);
    // The tokens lend this thread's spelling memo; give it back before the text moves.
    drop(text_tokens);
    let doc = Document {
        id: doc_id(article.url.as_deref(), &article.source, &article.body),
        source: article.source,
        format: article.format,
        title: cleaned.title,
        published: article.published,
        author: article.author,
        url: article.url,
        outlet: article.outlet,
        language: cleaned.language,
        text: cleaned.text,
        removed: cleaned.removed,
        duplicate_of: None,
        repeats,
        story: None,
        sentences,
        diagnostics,
    };
    let claims = extract(
        &cfg.claims,
        &DocInput {
            doc_id: &doc.id,
            text: &doc.text,
            sentences: &doc.sentences,
            repeats: &doc.repeats,
            published: doc.published.as_deref(),
            actors: &actors,
        },
    );
    Ok(Processed {
        exact_key: exact_key(&doc.text),
        signature,
        story_features,
        actors,
        claims,
        doc,
    })
}
