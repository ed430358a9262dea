//! Publication dates to ISO `YYYY-MM-DD`. The calendar date is taken as written in the
//! source's own time zone (no conversion to UTC): "2025-06-02T23:30:00-05:00" is the 2nd,
//! which is the day the outlet says it published.

use std::collections::BTreeMap;

/// Years outside this range are typos or epoch placeholders ("0001-01-01"), not news.
const MIN_YEAR: u32 = 1900;
const MAX_YEAR: u32 = 2100;

/// Normalise a date string, or `None` when no accepted format matches. Accepted:
/// RFC 3339 / ISO 8601 (`2025-06-02T10:00:00Z`), `YYYY-MM-DD HH:MM:SS`, `YYYY/MM/DD`,
/// `DD.MM.YYYY`, RFC 2822 (`Mon, 02 Jun 2025 10:00:00 +0000`) and the spelled-out forms
/// `2 June 2025` / `June 2, 2025` (month names from the vocabulary).
pub fn normalise_date(raw: &str, months: &BTreeMap<String, u32>) -> Option<String> {
    let raw = raw.trim();
    let (y, m, d) = year_first(raw)
        .or_else(|| day_first_dotted(raw))
        .or_else(|| spelled_out(raw, months))?;
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `YYYY-MM-DD…` or `YYYY/MM/DD…`: the date must be followed by the end, `T`, or a space.
fn year_first(raw: &str) -> Option<(u32, u32, u32)> {
    let b = raw.as_bytes();
    if b.len() < 10 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    Some((num(&raw[0..4])?, num(&raw[5..7])?, num(&raw[8..10])?))
}

/// `DD.MM.YYYY` (one-digit day and month accepted).
fn day_first_dotted(raw: &str) -> Option<(u32, u32, u32)> {
    let date = raw.split_whitespace().next()?;
    let mut parts = date.trim_end_matches(',').split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((num(y)?, num(m)?, num(d)?))
}

/// RFC 2822 and the spelled-out forms: find a month name, a 4-digit year and a 1–2 digit
/// day among the first tokens, in any order.
fn spelled_out(raw: &str, months: &BTreeMap<String, u32>) -> Option<(u32, u32, u32)> {
    let (mut year, mut month, mut day) = (None, None, None);
    let tokens = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .take(5);
    for token in tokens {
        let lower = token.trim_end_matches('.').to_lowercase();
        let digits = lower.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
        if let Some(&m) = months.get(&lower) {
            month = month.or(Some(m));
        } else if token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()) {
            year = year.or(num(token));
        } else if (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            day = day.or(num(digits));
        }
    }
    Some((year?, month?, day?))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m)
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Vocabulary;

    fn norm(s: &str) -> Option<String> {
        normalise_date(s, &Vocabulary::default().months)
    }

    #[test]
    fn accepted_formats() {
        for (raw, want) in [
            ("2025-06-02T23:30:00-05:00", "2025-06-02"),
            ("2025-06-02", "2025-06-02"),
            ("2024-02-29 08:15:00", "2024-02-29"),
            ("2025/06/02", "2025-06-02"),
            ("02.06.2025", "2025-06-02"),
            ("2.6.2025 14:00", "2025-06-02"),
            ("Mon, 02 Jun 2025 10:00:00 +0000", "2025-06-02"),
            ("June 2, 2025", "2025-06-02"),
            ("2nd June 2025", "2025-06-02"),
        ] {
            assert_eq!(norm(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn rejected_dates() {
        for raw in [
            "2023-02-29",
            "yesterday",
            "0001-01-01T00:00:00Z",
            "2025-13-01",
            "12/06/2025",
            "",
        ] {
            assert_eq!(norm(raw), None, "{raw}");
        }
    }
}
