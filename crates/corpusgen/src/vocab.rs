//! The generator's vocabulary: name variants, synonyms and page furniture, read from
//! `variants.toml` and `boilerplate.toml` (formats documented in those files).

use serde::Deserialize;

use crate::CorpusGenError;

const DEFAULT_VARIANTS: &str = include_str!("../variants.toml");
const DEFAULT_BOILERPLATE: &str = include_str!("../boilerplate.toml");

/// Everything the generator mixes into articles besides the templates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Groups of spellings of one name.
    #[serde(default)]
    pub names: Vec<Vec<String>>,
    /// Groups of interchangeable words.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    #[serde(default)]
    pub lines: Vec<String>,
    #[serde(default)]
    pub related_headers: Vec<String>,
    #[serde(default)]
    pub time_prefixes: Vec<String>,
    #[serde(default)]
    pub headline_edits: Vec<String>,
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub nav: Vec<String>,
    #[serde(default)]
    pub share: Vec<String>,
    #[serde(default)]
    pub footer: Vec<String>,
}

/// Both file formats in one: `[[names]] forms`, `[[synonyms]] words`, and the flat
/// boilerplate lists.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    names: Vec<NameGroup>,
    #[serde(default)]
    synonyms: Vec<SynonymGroup>,
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    related_headers: Vec<String>,
    #[serde(default)]
    time_prefixes: Vec<String>,
    #[serde(default)]
    headline_edits: Vec<String>,
    #[serde(default)]
    sites: Vec<String>,
    #[serde(default)]
    nav: Vec<String>,
    #[serde(default)]
    share: Vec<String>,
    #[serde(default)]
    footer: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NameGroup {
    forms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymGroup {
    words: Vec<String>,
}

impl Vocabulary {
    /// The embedded `variants.toml` and `boilerplate.toml`. Both are checked by unit
    /// tests; were one ever broken, its part would simply be empty.
    pub fn embedded() -> Self {
        let mut v = Vocabulary::default();
        let _ = v.extend_from_toml(DEFAULT_VARIANTS);
        let _ = v.extend_from_toml(DEFAULT_BOILERPLATE);
        v
    }

    /// Append the lists of a TOML document in the format of `variants.toml` /
    /// `boilerplate.toml`; a top-level `replace = true` clears everything first.
    pub fn extend_from_toml(&mut self, toml_text: &str) -> Result<(), CorpusGenError> {
        let file: VocabFile = toml::from_str(toml_text)?;
        let groups_ok = file.names.iter().all(|g| valid_group(&g.forms))
            && file.synonyms.iter().all(|g| valid_group(&g.words));
        if !groups_ok {
            return Err(CorpusGenError::BadGroup);
        }
        if file.replace {
            *self = Vocabulary::default();
        }
        self.names.extend(file.names.into_iter().map(|g| g.forms));
        self.synonyms
            .extend(file.synonyms.into_iter().map(|g| g.words));
        self.lines.extend(file.lines);
        self.related_headers.extend(file.related_headers);
        self.time_prefixes.extend(file.time_prefixes);
        self.headline_edits.extend(file.headline_edits);
        self.sites.extend(file.sites);
        self.nav.extend(file.nav);
        self.share.extend(file.share);
        self.footer.extend(file.footer);
        Ok(())
    }
}

/// A variant group needs two non-empty entries to vary anything.
fn valid_group(entries: &[String]) -> bool {
    entries.len() >= 2 && entries.iter().all(|e| !e.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse_and_are_populated() {
        let mut v = Vocabulary::default();
        v.extend_from_toml(DEFAULT_VARIANTS).unwrap();
        v.extend_from_toml(DEFAULT_BOILERPLATE).unwrap();
        assert_eq!(v, Vocabulary::embedded());
        assert!(v.names.iter().any(|g| g.contains(&"Araqchi".to_string())));
        assert!(!v.synonyms.is_empty() && !v.lines.is_empty() && !v.sites.is_empty());
        assert!(v.headline_edits.iter().all(|e| e.contains("{}")));
    }

    #[test]
    fn extend_appends_and_replace_clears() {
        let mut v = Vocabulary::embedded();
        let before = v.lines.len();
        v.extend_from_toml("lines = [\"Paywall: log in\"]").unwrap();
        assert_eq!(v.lines.len(), before + 1);
        v.extend_from_toml("replace = true\n[[names]]\nforms = [\"Doha\", \"Dauha\"]")
            .unwrap();
        assert!(v.lines.is_empty());
        assert_eq!(v.names, vec![vec!["Doha".to_string(), "Dauha".to_string()]]);
    }

    #[test]
    fn bad_input_is_an_error_and_changes_nothing() {
        let mut v = Vocabulary::embedded();
        assert!(v.extend_from_toml("[[names]]\nforms = [\"Solo\"]").is_err());
        assert!(v.extend_from_toml("colour = 3").is_err());
        assert_eq!(v, Vocabulary::embedded());
    }
}
