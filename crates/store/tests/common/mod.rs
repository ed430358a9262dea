//! Fixtures shared by the integration tests. All article text is written for these tests.
#![allow(dead_code)] // each test binary uses a different subset

use stancemap_model::{doc_id, Diagnostic, Document, Repeat, Sentence, SourceFormat, Span};
use stancemap_store::Store;

/// Paragraphs of invented, noisy news copy about several negotiations.
pub const PARAGRAPHS: &[&str] = &[
    "Hostage Talks In Doha Enter Third Week As Mediators Float A Phased Release",
    "Negotiators for the two sides met again on Tuesday, officials said. A 42-day pause was on the table.",
    "Tehran\u{2019}s envoy said enrichment \u{201C}is not negotiable\u{201D}, while the IAEA asked for inspectors\u{00A0}to return.",
    "The union rejected the 3.5 % offer \u{2014} it wants 6 % over two years and a four-day week.",
    "Brussels and Washington agreed to freeze the tariff hike until 1 August; steel quotas remain open.",
    "Les n\u{e9}gociateurs ont quitt\u{e9} Gen\u{e8}ve sans accord. \u{00AB}Nous reviendrons\u{00BB}, a dit le m\u{e9}diateur.",
    "\u{0414}\u{0435}\u{043B}\u{0435}\u{0433}\u{0430}\u{0446}\u{0438}\u{0438} \u{0432}\u{0441}\u{0442}\u{0440}\u{0435}\u{0442}\u{044F}\u{0442}\u{0441}\u{044F} \u{0432} \u{0421}\u{0442}\u{0430}\u{043C}\u{0431}\u{0443}\u{043B}\u{0435}.",
    "\u{0627}\u{0644}\u{0648}\u{0633}\u{0637}\u{0627}\u{0621} \u{064A}\u{0642}\u{062A}\u{0631}\u{062D}\u{0648}\u{0646} \u{0647}\u{062F}\u{0646}\u{0629} \u{0645}\u{062F}\u{062A}\u{0647}\u{0627} \u{0633}\u{062A}\u{0629} \u{0623}\u{0633}\u{0627}\u{0628}\u{064A}\u{0639}.",
    "Ports strike: dockworkers say automation guarantees are a red line \u{1F6A2}.",
];

/// Split `text` (paragraphs joined by a blank line) into sentence spans at ". ".
pub fn sentences_of(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (paragraph, para) in text.split("\n\n").enumerate() {
        let mut start = 0;
        for (i, _) in para.match_indices(". ") {
            out.push(sentence(offset + start, offset + i + 1, paragraph));
            start = i + 2;
        }
        if start < para.len() {
            out.push(sentence(offset + start, offset + para.len(), paragraph));
        }
        offset += para.len() + 2;
    }
    out
}

fn sentence(start: usize, end: usize, paragraph: usize) -> Sentence {
    Sentence {
        span: Span::new(start, end),
        paragraph: u32::try_from(paragraph).expect("few paragraphs"),
    }
}

/// A small document number `n`, different for every `n`; `tag` keeps ids of different
/// writers apart.
pub fn small_doc(tag: &str, n: usize) -> Document {
    let a = PARAGRAPHS[n % PARAGRAPHS.len()];
    let b = PARAGRAPHS[(n * 7 + 3) % PARAGRAPHS.len()];
    let text = format!("{a}\n\n{b} (update {tag}-{n})");
    Document {
        id: doc_id(None, "doc.txt", &text),
        source: format!("feeds/{tag}/{n:05}.txt"),
        format: SourceFormat::Text,
        title: a.to_string(),
        published: None,
        author: None,
        url: None,
        outlet: None,
        language: if n % 5 == 0 { "fr".into() } else { "en".into() },
        sentences: sentences_of(&text),
        text,
        removed: Vec::new(),
        duplicate_of: None,
        repeats: Vec::new(),
        story: Some(format!("s-{}", n % 3 + 1)),
        diagnostics: Vec::new(),
    }
}

/// A document with every field set, unicode everywhere.
pub fn full_doc() -> Document {
    let text = [PARAGRAPHS[2], PARAGRAPHS[5], PARAGRAPHS[6], PARAGRAPHS[2]].join("\n\n");
    let first = PARAGRAPHS[2].len();
    let last_start = text.len() - first;
    Document {
        id: doc_id(
            Some("https://news.example.org/nuclear-talks"),
            "doc.txt",
            &text,
        ),
        source: "https://news.example.org/nuclear-talks".into(),
        format: SourceFormat::Html,
        title: "Nuclear Talks: \u{201C}Enrichment Is Not Negotiable\u{201D}".into(),
        published: Some("2026-03-14".into()),
        author: Some("Ren\u{e9}e Okonkwo-\u{0160}imi\u{0107}".into()),
        url: Some("https://news.example.org/nuclear-talks?utm_source=x&lang=\u{e9}".into()),
        outlet: Some("Example Wire \u{2013} World".into()),
        language: "en".into(),
        sentences: sentences_of(&text),
        removed: vec![
            "Share on X | Share on Facebook | Email".into(),
            "\u{00A9} 2026 Example Wire. All rights reserved.".into(),
            "Read more: Port Strike Enters Day 9 \u{2192}".into(),
        ],
        duplicate_of: None,
        repeats: vec![Repeat {
            start: last_start,
            end: text.len(),
            of_start: 0,
            of_end: first,
        }],
        story: Some("s-7".into()),
        diagnostics: vec![
            Diagnostic::info("decoded", "decoded as windows-1252"),
            Diagnostic::warning(
                "invalid-utf8",
                "invalid UTF-8 replaced at 2 places \u{FFFD}",
            ),
        ],
        text,
    }
}

/// A toy signature and band keys derived from the document id, so two documents with the
/// same `group` share a band key.
pub fn dedup_keys(doc: &Document, group: u64) -> (String, Vec<u32>, Vec<u64>) {
    let exact = stancemap_model::text::match_key(&doc.text);
    let sig: Vec<u32> = doc.id.bytes().map(u32::from).collect();
    let bands = vec![
        group,
        u64::MAX - group,
        0x9E37_79B9_7F4A_7C15 ^ doc.text.len() as u64,
    ];
    (exact, sig, bands)
}

/// Insert `docs` in one committed transaction.
pub fn insert_all(store: &mut Store, docs: &[Document]) {
    let tx = store.transaction().expect("begin");
    for (i, doc) in docs.iter().enumerate() {
        let (exact, sig, bands) = dedup_keys(doc, i as u64);
        assert!(tx
            .insert_document(doc, &exact, &sig, &bands)
            .expect("insert"));
    }
    tx.commit().expect("commit");
}
