//! The pipeline over an in-memory corpus: duplicates, idempotence, determinism.

use stancemap_ingest::ReadItem;
use stancemap_model::{Document, RawArticle};
use stancemap_pipeline::{run_batch, Config, MemoryCorpus};

const PORT_TALKS: &str = "Port strike talks stall over automation clause
Negotiators for the dockworkers' union and the port employers' association broke off talks late on Thursday after nine hours, with no agreement on the automation clause that has blocked a new contract since March.
The union wants a guarantee that no crane jobs will be cut for the length of the contract. The employers have offered a retraining fund instead and say a blanket guarantee would make the terminals uncompetitive.
Federal mediator Ana Ruiz said both sides had agreed to return to the table on Monday and that progress had been made on wages, where the gap has narrowed to less than one percent a year.
A union spokesman said members would not accept any deal that left the automation question open, and warned that a strike vote could be called within two weeks.";

const NUCLEAR_TALKS: &str = "Envoys meet in Muscat for third round of nuclear talks
Iranian and American negotiators held a third round of indirect talks in Muscat on Saturday, with Omani officials carrying messages between the two delegations.
Tehran insists on its right to enrich uranium on its own soil and has rejected proposals to ship its stockpile abroad. Washington wants enrichment capped at low levels and broader access for international inspectors.
Oman's foreign minister described the atmosphere as constructive and said technical teams would meet in Geneva next week.";

fn article(source: &str, url: Option<&str>, body: &str) -> ReadItem {
    let mut a = RawArticle::text(source, body);
    a.url = url.map(String::from);
    ReadItem::Article(a)
}

fn ingest(corpus: &mut MemoryCorpus, items: Vec<ReadItem>) -> stancemap_pipeline::BatchSummary {
    run_batch(&Config::default(), corpus, items.into_iter(), 2, |_| {}).unwrap()
}

fn doc<'c>(corpus: &'c MemoryCorpus, source: &str) -> &'c Document {
    corpus
        .documents
        .iter()
        .find(|d| d.source == source)
        .unwrap()
}

#[test]
fn reingest_adds_nothing() {
    let mut corpus = MemoryCorpus::default();
    let first = ingest(&mut corpus, vec![article("a.txt", None, PORT_TALKS)]);
    assert_eq!(first.stored, 1);
    let again = ingest(
        &mut corpus,
        vec![article("elsewhere/a.txt", None, PORT_TALKS)],
    );
    assert_eq!((again.stored, again.already_present), (0, 1));
    assert_eq!(corpus.documents.len(), 1);
    let renamed = ingest(&mut corpus, vec![article("b.txt", None, PORT_TALKS)]);
    assert_eq!((renamed.stored, renamed.duplicates), (1, 1));
}

#[test]
fn exact_and_near_duplicates_point_to_the_first_document() {
    let edited = PORT_TALKS
        .replace("late on Thursday", "on Thursday night")
        .replace("Port strike talks stall", "Dock talks stall");
    let mut corpus = MemoryCorpus::default();
    let summary = ingest(
        &mut corpus,
        vec![
            article("wire.txt", Some("https://wire.example/port"), PORT_TALKS),
            article("outlet-a.txt", Some("https://a.example/port"), PORT_TALKS),
            article("outlet-b.txt", None, &edited),
            article("nuclear.txt", None, NUCLEAR_TALKS),
        ],
    );
    assert_eq!(summary.stored, 4);
    assert_eq!(summary.duplicates, 2);
    let original = doc(&corpus, "wire.txt").id.clone();
    assert_eq!(
        doc(&corpus, "outlet-a.txt").duplicate_of.as_deref(),
        Some(original.as_str())
    );
    assert_eq!(
        doc(&corpus, "outlet-b.txt").duplicate_of.as_deref(),
        Some(original.as_str())
    );
    assert_eq!(doc(&corpus, "nuclear.txt").duplicate_of, None);
    assert_ne!(
        doc(&corpus, "nuclear.txt").story,
        doc(&corpus, "wire.txt").story
    );
}

#[test]
fn same_input_gives_the_same_documents() {
    let run = || {
        let mut corpus = MemoryCorpus::default();
        ingest(
            &mut corpus,
            vec![
                article("n.txt", None, NUCLEAR_TALKS),
                article("p.txt", None, PORT_TALKS),
            ],
        );
        corpus.documents
    };
    assert_eq!(run(), run());
}

#[test]
fn sentences_are_verbatim_slices_and_title_is_first_line() {
    let mut corpus = MemoryCorpus::default();
    ingest(&mut corpus, vec![article("p.txt", None, PORT_TALKS)]);
    let d = doc(&corpus, "p.txt");
    assert_eq!(d.title, "Port strike talks stall over automation clause");
    assert_eq!(d.sentences.len(), 6, "title + 5 sentences");
    for s in &d.sentences {
        let slice = s.span.slice(&d.text);
        assert_eq!(slice, slice.trim());
        assert!(!slice.is_empty());
    }
}

#[test]
fn skipped_inputs_are_counted_not_fatal() {
    let mut corpus = MemoryCorpus::default();
    let bad = stancemap_ingest::Skipped {
        source: "x.bin".into(),
        diagnostic: stancemap_model::Diagnostic::error("binary", "x.bin: binary file"),
    };
    let s = ingest(
        &mut corpus,
        vec![
            ReadItem::Skipped(bad),
            article("n.txt", None, NUCLEAR_TALKS),
        ],
    );
    assert_eq!((s.inputs, s.stored, s.skipped.len()), (2, 1, 1));
}

#[test]
fn a_title_case_paragraph_keeps_the_gazetteer_names_it_alone_mentions() {
    let body = "Talks resume on the northern border\n\
        Negotiators from both countries met again on Monday and agreed to keep talking about \
        the disputed points along the border, officials said after the meeting.\n\
        Officials In Jerusalem Said The Army Would Stay In The Hills Until The Talks Ended.\n\
        The next meeting is planned for the middle of January, a diplomat said on Tuesday.";
    let mut corpus = MemoryCorpus::default();
    ingest(&mut corpus, vec![article("a.txt", None, body)]);
    let text = &doc(&corpus, "a.txt").text;
    assert!(
        text.contains("Officials in Jerusalem said the army would stay"),
        "{text}"
    );
}
