//! Values the store's unit tests share.

use stancemap_model::{Document, SourceFormat};

/// A minimal stored document: one sentence of `text`, in `story`.
pub(crate) fn doc(id: &str, story: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        source: format!("{id}.txt"),
        format: SourceFormat::Text,
        title: "Talks in Doha".into(),
        published: Some("2026-03-02".into()),
        author: None,
        url: None,
        outlet: None,
        language: "en".into(),
        text: text.into(),
        removed: vec![],
        duplicate_of: None,
        repeats: vec![],
        story: Some(story.into()),
        sentences: vec![],
        diagnostics: vec![],
    }
}
