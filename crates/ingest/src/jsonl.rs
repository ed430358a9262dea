//! JSON lines (news-please style records) to [`RawArticle`]s, one record per line.

use serde_json::{Map, Value};
use stancemap_model::{Diagnostic, RawArticle, SourceFormat};

use crate::dates::normalise_date;
use crate::decode::{decode, normalise_newlines, CharsetSource};
use crate::html::{collapse_ws, language_code, ld_person_names, parse_html_with};
use crate::{skipped, ReadItem, ReadOptions};

/// Text fields, in order of preference.
pub const TEXT_FIELDS: [&str; 4] = ["maintext", "text", "content", "body"];
pub const DATE_FIELDS: [&str; 4] = ["date_publish", "published", "date", "published_at"];
pub const OUTLET_FIELDS: [&str; 3] = ["source_domain", "source", "site"];

/// Parse one line (without its newline) of a JSON lines file; `None` for a blank line.
/// `line_no` is 1-based.
pub fn parse_line(
    file: &str,
    line_no: usize,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Option<ReadItem> {
    let line_source = format!("{file}#L{line_no}");
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    if bytes.len() as u64 > opts.max_bytes {
        return Some(skipped(
            &line_source,
            "too-large",
            format!(
                "{file} line {line_no}: record of {} bytes exceeds the limit of {} bytes",
                bytes.len(),
                opts.max_bytes
            ),
        ));
    }
    let decoded = decode(bytes, CharsetSource::AlwaysUtf8);
    let value: Value = match serde_json::from_str(decoded.text.trim()) {
        Ok(v) => v,
        Err(e) => {
            let msg = format!("{file} line {line_no}: bad JSON: {e}");
            return Some(skipped(&line_source, "bad-json", msg));
        }
    };
    let Value::Object(record) = value else {
        let msg = format!("{file} line {line_no}: bad JSON: expected an object per line");
        return Some(skipped(&line_source, "bad-json", msg));
    };
    Some(record_to_item(
        &line_source,
        &record,
        decoded.diagnostics,
        opts,
    ))
}

/// Turn one JSON object into an article (or a `no-text` skip). `fallback_source` names
/// the record when it has no `url`.
pub fn record_to_item(
    fallback_source: &str,
    record: &Map<String, Value>,
    diagnostics: Vec<Diagnostic>,
    opts: &ReadOptions,
) -> ReadItem {
    let url = first_str(record, &["url"]);
    let source = url.clone().unwrap_or_else(|| fallback_source.to_string());
    let mut article = RawArticle::text(source.clone(), "");
    article.format = SourceFormat::Jsonl;
    article.diagnostics = diagnostics;
    article.url = url;
    article.title = first_str(record, &["title"]).map(|t| collapse_ws(&t));
    article.outlet = first_str(record, &OUTLET_FIELDS);
    article.language = first_str(record, &["language"]).and_then(|l| language_code(&l));
    article.author = ["authors", "author"]
        .iter()
        .find_map(|k| record.get(*k).and_then(ld_person_names));
    if let Some(raw) = first_str(record, &DATE_FIELDS) {
        article.published = normalise_date(&raw, &opts.vocabulary.months);
        if article.published.is_none() {
            article.diagnostics.push(Diagnostic::info(
                "bad-date",
                format!("{source}: unparseable publication date {raw:?} dropped"),
            ));
        }
    }
    match first_str(record, &TEXT_FIELDS) {
        Some(text) => article.body = normalise_newlines(text),
        None => {
            if let Some(html) = first_str(record, &["html"]) {
                fill_from_html(&mut article, &html, opts);
            }
        }
    }
    if article.body.trim().is_empty() {
        let msg = format!(
            "{fallback_source}: record has no usable text field ({}, or html)",
            TEXT_FIELDS.join(", ")
        );
        return skipped(&source, "no-text", msg);
    }
    ReadItem::Article(article)
}

/// Body from the record's `html`; metadata the record lacks is taken from the page.
fn fill_from_html(article: &mut RawArticle, html: &str, opts: &ReadOptions) {
    let page = parse_html_with(&article.source, html, &opts.vocabulary);
    article.body = page.body;
    article.removed = page.removed;
    article.diagnostics.extend(page.diagnostics);
    article.title = article.title.take().or(page.title);
    article.published = article.published.take().or(page.published);
    article.author = article.author.take().or(page.author);
    article.url = article.url.take().or(page.url);
    article.outlet = article.outlet.take().or(page.outlet);
    article.language = article.language.take().or(page.language);
}

/// The first of `keys` holding a non-blank string.
fn first_str(record: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|k| record.get(*k).and_then(Value::as_str))
        .find(|s| !s.trim().is_empty())
        .map(|s| s.trim_matches(|c: char| c == ' ' || c == '\t').to_string())
}

/// All lines of an in-memory JSON lines file.
pub fn parse_jsonl_bytes(file: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<ReadItem> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter_map(|(i, line)| parse_line(file, i + 1, strip_cr(line), opts))
        .collect()
}

/// A `.json` file: one object, or an array of objects; anything else is read as lines.
pub fn parse_json_bytes(file: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<ReadItem> {
    let decoded = decode(bytes, CharsetSource::AlwaysUtf8);
    match serde_json::from_str::<Value>(decoded.text.trim()) {
        Ok(Value::Object(record)) => {
            vec![record_to_item(file, &record, decoded.diagnostics, opts)]
        }
        Ok(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(record) => {
                    let name = format!("{file}#{}", i + 1);
                    record_to_item(&name, record, decoded.diagnostics.clone(), opts)
                }
                _ => skipped(
                    &format!("{file}#{}", i + 1),
                    "bad-json",
                    format!("{file} item {}: bad JSON: expected an object", i + 1),
                ),
            })
            .collect(),
        _ => parse_jsonl_bytes(file, bytes, opts),
    }
}

pub fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<ReadItem> {
        parse_jsonl_bytes("feed.jsonl", text.as_bytes(), &ReadOptions::default())
    }

    fn article(item: &ReadItem) -> &RawArticle {
        match item {
            ReadItem::Article(a) => a,
            ReadItem::Skipped(s) => panic!("unexpected skip {s:?}"),
        }
    }

    #[test]
    fn news_please_record() {
        let got = items(
            r#"{"title":"Dockers  vote on offer","maintext":"Line one.\r\nLine two.","url":"https://port.example/a","date_publish":"2025-05-01 07:30:00","source_domain":"port.example","language":"en","authors":["K. Mensah","R. Silva"]}"#,
        );
        let a = article(&got[0]);
        assert_eq!(a.source, "https://port.example/a");
        assert_eq!(a.format, SourceFormat::Jsonl);
        assert_eq!(a.title.as_deref(), Some("Dockers vote on offer"));
        assert_eq!(a.body, "Line one.\nLine two.");
        assert_eq!(a.published.as_deref(), Some("2025-05-01"));
        assert_eq!(a.outlet.as_deref(), Some("port.example"));
        assert_eq!(a.author.as_deref(), Some("K. Mensah, R. Silva"));
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn alternative_fields_and_line_source() {
        let got = items("\n{\"content\":\"Body\",\"published_at\":\"03.02.2024\",\"site\":\"S\",\"author\":\"Ng\"}\n");
        let a = article(&got[0]);
        assert_eq!(a.source, "feed.jsonl#L2");
        assert_eq!(a.published.as_deref(), Some("2024-02-03"));
        assert_eq!(a.author.as_deref(), Some("Ng"));
    }

    #[test]
    fn html_field_is_extracted() {
        let got = items(
            r#"{"html":"<html lang='fr'><body><nav>Menu</nav><p>Les n\u00e9gociateurs ont sign\u00e9.</p></body></html>","title":"T"}"#,
        );
        let a = article(&got[0]);
        assert_eq!(a.body, "Les négociateurs ont signé.");
        assert_eq!(a.removed, vec!["Menu"]);
        assert_eq!(a.language.as_deref(), Some("fr"));
    }

    #[test]
    fn bad_lines_are_skipped_with_line_numbers_others_read() {
        let got = items("{\"text\":\"ok\"}\n{broken\n[1,2]\n{\"title\":\"only a title\"}\n{\"body\":\"fine\"}\n");
        let codes: Vec<String> = got
            .iter()
            .map(|i| match i {
                ReadItem::Article(a) => format!("article {}", a.source),
                ReadItem::Skipped(s) => format!("{} {}", s.diagnostic.code, s.source),
            })
            .collect();
        assert_eq!(
            codes,
            [
                "article feed.jsonl#L1",
                "bad-json feed.jsonl#L2",
                "bad-json feed.jsonl#L3",
                "no-text feed.jsonl#L4",
                "article feed.jsonl#L5"
            ]
        );
        let ReadItem::Skipped(s) = &got[1] else {
            unreachable!()
        };
        assert!(s
            .diagnostic
            .message
            .starts_with("feed.jsonl line 2: bad JSON: key must be a string"));
    }

    #[test]
    fn json_array_file() {
        let got = parse_json_bytes(
            "batch.json",
            b"[\n {\"text\": \"A\"},\n {\"text\": \"B\"}\n]",
            &ReadOptions::default(),
        );
        assert_eq!(got.len(), 2);
        assert_eq!(article(&got[1]).source, "batch.json#2");
    }
}
