//! Tunables (`data/ledger.toml`) and the role vocabulary (`data/roles.toml`), embedded as
//! defaults and extendable by the user.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::roles::RoleVocab;
use crate::LedgerError;

const DEFAULT_LEDGER_TOML: &str = include_str!("../../../data/ledger.toml");
const DEFAULT_ROLES_TOML: &str = include_str!("../../../data/roles.toml");

/// Thresholds for positions (see the crate docs for the reasons of each value).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionTunables {
    pub min_confidence: f32,
    pub hedged_weight: f32,
    pub negated_weight: f32,
    /// Weight of the acceptance a joint agreement implies for each party, against the
    /// party's own stated stances (the agreement itself is reported apart).
    pub agreement_weight: f32,
    pub summary_max_words: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementTunables {
    pub min_confidence: f32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContradictionTunables {
    pub min_stance_confidence: f32,
    pub shared_word_min_chars: usize,
    pub function_words: Vec<String>,
    /// Dated reports of one meeting place at most this many days apart may be one round
    /// whose date sources give differently (0 = never).
    pub round_date_window_days: usize,
    /// Words before a duration that make it a bound or an estimate ("less than two
    /// hours"), by the kind of bound.
    pub duration_bounds: BTreeMap<String, DurationBound>,
    /// How far an estimate ("about", "nearly") may be from its number, as a share of it.
    pub duration_tolerance: f32,
}

/// What a qualifier makes of the number of a stated duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationBound {
    /// "less than", "under": anything up to the number.
    AtMost,
    /// "more than", "over": the number or more.
    AtLeast,
    /// "nearly", "almost": a little under the number (within the tolerance).
    JustUnder,
    /// "just over": a little over the number.
    JustOver,
    /// "about", "around": within the tolerance either way.
    About,
}

/// Everything [`crate::build`] can be tuned with.
#[derive(Debug, Clone)]
pub struct LedgerConfig {
    pub positions: PositionTunables,
    pub agreements: AgreementTunables,
    pub contradictions: ContradictionTunables,
    pub roles: RoleVocab,
}

/// The full tunables file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TunablesFile {
    positions: PositionTunables,
    agreements: AgreementTunables,
    contradictions: ContradictionTunables,
}

impl Default for LedgerConfig {
    /// The embedded defaults. Their validity is checked by a unit test, so the `expect`
    /// can only fire on a broken build, never on user input.
    fn default() -> Self {
        Self::from_embedded().expect("embedded data/ledger.toml and data/roles.toml are valid")
    }
}

impl LedgerConfig {
    fn from_embedded() -> Result<Self, LedgerError> {
        let file: TunablesFile = toml::from_str(DEFAULT_LEDGER_TOML)
            .map_err(|e| LedgerError::toml("data/ledger.toml", e))?;
        let cfg = LedgerConfig {
            positions: file.positions,
            agreements: file.agreements,
            contradictions: file.contradictions,
            roles: RoleVocab::from_toml(DEFAULT_ROLES_TOML)?,
        };
        cfg.validate()?;
        Ok(cfg)
    }

    /// Override tunables with a user file in the `data/ledger.toml` format; keys the file
    /// leaves out keep their current value.
    pub fn with_extra_ledger_toml(mut self, extra: &str) -> Result<Self, LedgerError> {
        let extra: toml::Table =
            toml::from_str(extra).map_err(|e| LedgerError::toml("extra ledger file", e))?;
        let mut merged: toml::Table = toml::from_str(DEFAULT_LEDGER_TOML)
            .map_err(|e| LedgerError::toml("data/ledger.toml", e))?;
        self.current_into(&mut merged)?;
        merge_tables(&mut merged, extra);
        let file: TunablesFile = merged
            .try_into()
            .map_err(|e| LedgerError::toml("extra ledger file", e))?;
        self.positions = file.positions;
        self.agreements = file.agreements;
        self.contradictions = file.contradictions;
        self.validate()?;
        Ok(self)
    }

    /// Add to (or, with `replace = true`, replace) the role vocabulary with a user file
    /// in the `data/roles.toml` format.
    pub fn with_extra_roles_toml(mut self, extra: &str) -> Result<Self, LedgerError> {
        self.roles = self.roles.with_extra_toml(extra)?;
        Ok(self)
    }

    /// Write the current tunables into `table` so that an extra file layers on top of
    /// earlier overrides, not only on the embedded defaults.
    fn current_into(&self, table: &mut toml::Table) -> Result<(), LedgerError> {
        let p = &self.positions;
        let c = &self.contradictions;
        let words = c
            .function_words
            .iter()
            .map(|w| toml::Value::String(w.clone()))
            .collect::<Vec<_>>();
        let mut current = toml::Table::new();
        let mut positions = toml::Table::new();
        positions.insert("min_confidence".into(), f64::from(p.min_confidence).into());
        positions.insert("hedged_weight".into(), f64::from(p.hedged_weight).into());
        positions.insert("negated_weight".into(), f64::from(p.negated_weight).into());
        positions.insert(
            "agreement_weight".into(),
            f64::from(p.agreement_weight).into(),
        );
        positions.insert(
            "summary_max_words".into(),
            count_value(p.summary_max_words)?,
        );
        let mut agreements = toml::Table::new();
        agreements.insert(
            "min_confidence".into(),
            f64::from(self.agreements.min_confidence).into(),
        );
        let mut contradictions = toml::Table::new();
        contradictions.insert(
            "min_stance_confidence".into(),
            f64::from(c.min_stance_confidence).into(),
        );
        contradictions.insert(
            "shared_word_min_chars".into(),
            count_value(c.shared_word_min_chars)?,
        );
        contradictions.insert("function_words".into(), toml::Value::Array(words));
        contradictions.insert(
            "round_date_window_days".into(),
            count_value(c.round_date_window_days)?,
        );
        contradictions.insert(
            "duration_bounds".into(),
            toml::Value::try_from(&c.duration_bounds)
                .map_err(|e| LedgerError::Invalid(e.to_string()))?,
        );
        contradictions.insert(
            "duration_tolerance".into(),
            f64::from(c.duration_tolerance).into(),
        );
        current.insert("positions".into(), positions.into());
        current.insert("agreements".into(), agreements.into());
        current.insert("contradictions".into(), contradictions.into());
        merge_tables(table, current);
        Ok(())
    }

    fn validate(&self) -> Result<(), LedgerError> {
        let unit = [
            ("positions.min_confidence", self.positions.min_confidence),
            ("positions.hedged_weight", self.positions.hedged_weight),
            ("positions.negated_weight", self.positions.negated_weight),
            (
                "positions.agreement_weight",
                self.positions.agreement_weight,
            ),
            ("agreements.min_confidence", self.agreements.min_confidence),
            (
                "contradictions.min_stance_confidence",
                self.contradictions.min_stance_confidence,
            ),
            (
                "contradictions.duration_tolerance",
                self.contradictions.duration_tolerance,
            ),
        ];
        for (name, value) in unit {
            if !(0.0..=1.0).contains(&value) {
                return Err(LedgerError::Invalid(format!(
                    "{name} = {value} is outside 0..=1"
                )));
            }
        }
        if self.positions.summary_max_words == 0 {
            return Err(LedgerError::Invalid(
                "positions.summary_max_words must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

fn count_value(n: usize) -> Result<toml::Value, LedgerError> {
    i64::try_from(n)
        .map(toml::Value::Integer)
        .map_err(|_| LedgerError::Invalid(format!("{n} is too large")))
}

/// Recursively merge `extra` into `base`: tables merge, other values replace.
fn merge_tables(base: &mut toml::Table, extra: toml::Table) {
    for (key, value) in extra {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(e)) => merge_tables(b, e),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_parse_and_validate() {
        let cfg = LedgerConfig::from_embedded().unwrap();
        assert!(cfg.positions.min_confidence > 0.0);
        assert!(cfg.positions.summary_max_words > 0);
    }

    #[test]
    fn extra_file_overrides_only_the_keys_it_gives() {
        let cfg = LedgerConfig::default()
            .with_extra_ledger_toml("[positions]\nmin_confidence = 0.9\n")
            .unwrap();
        assert_eq!(cfg.positions.min_confidence, 0.9);
        assert_eq!(
            cfg.positions.hedged_weight,
            LedgerConfig::default().positions.hedged_weight
        );
        // A second override keeps the first.
        let cfg = cfg
            .with_extra_ledger_toml("[agreements]\nmin_confidence = 0.1\n")
            .unwrap();
        assert_eq!(cfg.positions.min_confidence, 0.9);
        assert_eq!(cfg.agreements.min_confidence, 0.1);
    }

    #[test]
    fn bad_extra_files_are_errors_not_panics() {
        let cfg = LedgerConfig::default();
        assert!(cfg
            .clone()
            .with_extra_ledger_toml("[positions]\nmin_confidence = 3.0\n")
            .is_err());
        assert!(cfg
            .clone()
            .with_extra_ledger_toml("[positions]\nunknown_key = 1\n")
            .is_err());
        assert!(cfg.with_extra_ledger_toml("not toml [").is_err());
    }
}
