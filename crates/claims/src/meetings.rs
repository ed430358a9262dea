//! Meetings and rounds reported in a sentence: place, venue, time (resolved against the
//! publication date when it can be), parties, duration and outcome.

use stancemap_actors::EntityKind;
use stancemap_model::{hash_hex, Span};

use crate::extract::{DocCtx, Ment, Sent};
use crate::tokens::{fold_hash, phrase_at, same_word, token_at};
use crate::{Claim, Meeting};

/// Meeting of one sentence, if it reports one: a meeting cue plus a place or a time.
pub(crate) fn meeting_in(ctx: &DocCtx, sent: &Sent, claims: &[Claim]) -> Option<Meeting> {
    let rules = &ctx.cfg.facts;
    if !sent.meeting_cue {
        return None;
    }
    let place = place_of(ctx, sent);
    let when = when_of(ctx, sent);
    if place.is_none() && when.is_none() {
        return None;
    }
    if crate::extract::meeting_unasserted(ctx, sent) {
        return None;
    }
    let future = !when
        .as_ref()
        .is_some_and(|w| after_past_verb(ctx, sent, w.1))
        && (0..sent.toks.len()).any(|i| rules.future_markers.any_at(sent.text, &sent.toks, i));
    let date = when
        .as_ref()
        .and_then(|(w, _)| resolve_date(ctx, w, ctx.input.published, future));
    let mut parties: Vec<String> = sent
        .ments
        .iter()
        .filter(|m| m.kind != EntityKind::Place)
        .filter(|m| place.as_ref().is_none_or(|p| m.start != p.1.start))
        .filter(|m| !located(sent, m.start))
        .filter_map(|m| m.party.map(str::to_string))
        .chain(
            claims
                .iter()
                .flat_map(|c| std::iter::once(c.party.clone()).chain(c.with.iter().cloned())),
        )
        .collect();
    parties.sort();
    parties.dedup();
    let key = format!("{}\0{}\0meeting", ctx.input.doc_id, sent.span.start);
    Some(Meeting {
        id: format!("c-{}", hash_hex(key.as_bytes())),
        sentence: sent.span,
        place: place.map(|p| p.0),
        venue: venue_of(ctx, sent),
        when: when.map(|w| w.0),
        date,
        parties,
        duration: duration_of(ctx, sent),
        outcome: outcome_of(ctx, sent),
    })
}

/// "agreed on Wednesday", "met last Monday": the time follows a past verb (skipping
/// "on"/"last"), so it is a past day even if the sentence goes on about the future.
fn after_past_verb(ctx: &DocCtx, sent: &Sent, when: Span) -> bool {
    let toks = &sent.toks;
    let mut i = token_at(toks, when.start);
    while i > 0
        && ["on", "last", "this"]
            .iter()
            .any(|w| same_word(toks[i - 1].text(sent.text), w))
    {
        i -= 1;
    }
    let Some(verb) = i.checked_sub(1).map(|k| toks[k].text(sent.text)) else {
        return false;
    };
    let lower = verb.starts_with(|c: char| c.is_lowercase());
    let regular = verb.len() > 4 && verb.ends_with("ed");
    lower && (regular || ctx.cfg.facts.past_forms.iter().any(|p| same_word(verb, p)))
}

/// Is the mention at `start` a location ("in Seoul", "at the border of Iran")?
fn located(sent: &Sent, start: usize) -> bool {
    let i = token_at(&sent.toks, start);
    i > 0
        && ["in", "at", "near"]
            .iter()
            .any(|p| same_word(sent.toks[i - 1].text(sent.text), p))
}

/// The first place mention: a gazetteer place, a state or capital after "in"/"at", or
/// "in the [demonym] capital".
fn place_of(ctx: &DocCtx, sent: &Sent) -> Option<(String, Span)> {
    // "in Geneva" before a place merely named ("inspectors return to the Fordow site").
    // Of two located places the first: "talks in the Kenyan capital to review the truce
    // that ended the war in Tigray".
    let (located, named) = place_mentions(ctx, sent);
    let located = located.map(|m| place_name(ctx, sent, m));
    let capital = capital_by_demonym(ctx, sent);
    match (located, capital) {
        (Some(l), Some(c)) => Some(if c.1.start < l.1.start { c } else { l }),
        (l, c) => l.or(c),
    }
    .or_else(|| unknown_place(ctx, sent))
    .or_else(|| named.map(|m| place_name(ctx, sent, m)))
}

/// "talks at the UN base in Naqoura", "Wednesday's Naqoura meeting": capitalised words
/// after "in", or right before a meeting word, that no mention covers and that name no
/// time (a month, a weekday) are a place the gazetteer does not know. After located
/// known places; before a known place merely named elsewhere in the sentence.
fn unknown_place(ctx: &DocCtx, sent: &Sent) -> Option<(String, Span)> {
    let toks = &sent.toks;
    let facts = &ctx.cfg.facts;
    let free_capital = |k: usize| {
        toks.get(k).is_some_and(|t| {
            let w = t.text(sent.text);
            t.word
                && w.starts_with(|c: char| c.is_uppercase())
                && !facts.names_a_day_or_month(w, t.key)
                && !sent
                    .ments
                    .iter()
                    .any(|m| m.start < t.end && t.start < m.end)
        })
    };
    // Cheapest tests first (a fold key compare), the capital/mention tests only then.
    let (in_key, the_key, s_key) = (fold_hash("in"), fold_hash("the"), fold_hash("s"));
    let is =
        |k: usize, key: u64, w: &str| toks[k].key == key && same_word(toks[k].text(sent.text), w);
    let after_in = |k: usize| k > 0 && is(k - 1, in_key, "in");
    // "the Naqoura meeting"; not "Chinese-brokered talks", "the Chinese talks", a
    // sentence start ('"Direct talks …') or a Title-Case line ("… Peace Talks").
    let before_meeting = |k: usize| {
        // After "the" or a possessive: "DEM Party met …" names who met, not where.
        let determined = k > 0 && (is(k - 1, the_key, "the") || is(k - 1, s_key, "s"));
        let lower_next = || {
            toks.get(k + 1)
                .is_some_and(|t| t.text(sent.text).starts_with(|c: char| c.is_lowercase()))
        };
        let w = toks[k].text(sent.text);
        determined
            && lower_next()
            && facts.meeting_cues.any_at(sent.text, toks, k + 1)
            && !w.contains('-')
            && !ctx.cfg.demonyms.contains_key(w)
    };
    let first = (1..toks.len())
        .find(|&k| after_in(k) && free_capital(k))
        .or_else(|| (1..toks.len()).find(|&k| before_meeting(k) && free_capital(k)))?;
    // "in Kuala Lumpour" may run over several words; "the Naqoura meeting" is one.
    let runs_on = !before_meeting(first);
    let mut last = first;
    while runs_on && free_capital(last + 1) {
        last += 1;
    }
    let span = Span::new(toks[first].start, toks[last].end);
    let written = &sent.text[span.start..span.end];
    let name = ctx
        .cfg
        .place_keys
        .get(&crate::place_key(written))
        .cloned()
        .unwrap_or_else(|| crate::strip_place_article(written).to_string());
    Some((name, span))
}

/// "in the Omani capital", "at the North Korean capital": the capital of the state
/// whose demonym (one or two words) stands before "capital".
fn capital_by_demonym(ctx: &DocCtx, sent: &Sent) -> Option<(String, Span)> {
    let toks = &sent.toks;
    let word = |k: usize| toks[k].text(sent.text);
    let capital_key = fold_hash("capital");
    (1..toks.len())
        .filter(|&k| toks[k].key == capital_key && same_word(word(k), "capital"))
        .find_map(|k| {
            (1..=2).filter(|&n| k >= n + 2).find_map(|n| {
                let first = k - n;
                let located = same_word(word(first - 1), "the")
                    && ["in", "at"].iter().any(|p| same_word(word(first - 2), p));
                let demonym = &sent.text[toks[first].start..toks[k - 1].end];
                let party = ctx.cfg.demonyms.get(demonym).filter(|_| located)?;
                let name = ctx.cfg.capitals.get(party)?;
                Some((name.clone(), Span::new(toks[first].start, toks[k].end)))
            })
        })
}

/// In one pass: the first mention after "in"/"at" that is no person, and the first
/// gazetteer place mentioned at all; never where a source sits ("officials in Seoul").
fn place_mentions<'s, 'a>(
    ctx: &DocCtx,
    sent: &'s Sent<'a>,
) -> (Option<&'s Ment<'a>>, Option<&'s Ment<'a>>) {
    let sources = &ctx.cfg.lexicon.words().source_nouns;
    let (mut located, mut named) = (None, None);
    for m in &sent.ments {
        let i = token_at(&sent.toks, m.start);
        if i >= 2 && sources.at_len(sent.text, &sent.toks, i - 2, 1) {
            continue;
        }
        let after_in = i > 0
            && ["in", "at"]
                .iter()
                .any(|p| same_word(sent.toks[i - 1].text(sent.text), p));
        if after_in && m.kind != EntityKind::Person {
            located = Some(m);
            break;
        }
        if m.kind == EntityKind::Place && named.is_none() {
            named = Some(m);
        }
    }
    (located, named)
}

/// A place mention's name: the gazetteer place's, else the text without "the ".
fn place_name(ctx: &DocCtx, sent: &Sent, m: &Ment) -> (String, Span) {
    let gazetteer_name = (m.kind == EntityKind::Place)
        .then(|| {
            ctx.input
                .actors
                .entities
                .get(m.entity)
                .map(|e| e.name.clone())
        })
        .flatten();
    let name = gazetteer_name.unwrap_or_else(|| {
        sent.text[m.start..m.end]
            .trim_start_matches("the ")
            .to_string()
    });
    (name, Span::new(m.start, m.end))
}

/// "Istanbul's Ciragan Palace" → "Ciragan Palace": capitalised words ending in a venue
/// head, not part of a party mention ("the White House" is a side, not a venue).
fn venue_of(ctx: &DocCtx, sent: &Sent) -> Option<String> {
    let toks = &sent.toks;
    for i in 0..toks.len() {
        let Some(head) = ctx.cfg.facts.venue_heads.at(sent.text, toks, i) else {
            continue;
        };
        let head_end = toks[i + head - 1].end;
        let capitalised = |k: usize| {
            toks[k].word
                && toks[k]
                    .text(sent.text)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        };
        if !capitalised(i) {
            continue;
        }
        let mut first = i;
        while first > 0 && capitalised(first - 1) {
            first -= 1;
        }
        if first == i {
            continue;
        }
        let start = toks[first].start;
        let in_mention = sent
            .ments
            .iter()
            .any(|m| m.start < head_end && start < m.end && m.party.is_some());
        if !in_mention {
            return Some(sent.text[start..head_end].to_string());
        }
    }
    None
}

/// The first time expression: a weekday, a month with a day or "mid-/early/late", an ISO
/// date, or a relative time phrase. Returns the text and its span.
fn when_of(ctx: &DocCtx, sent: &Sent) -> Option<(String, Span)> {
    let rules = &ctx.cfg.facts;
    let toks = &sent.toks;
    // One buffer for the lower-cased words: this loop runs over every token of every
    // sentence that reports a meeting.
    let mut w = String::new();
    for i in 0..toks.len() {
        if let Some(rel) = rules.relative_times.at(sent.text, toks, i) {
            let end = toks[i + rel - 1].end;
            return Some((
                sent.text[toks[i].start..end].to_string(),
                Span::new(toks[i].start, end),
            ));
        }
        // Only a weekday, a month ("mid-May") or an ISO date (ten bytes) goes on; an
        // ASCII word's key tells without lower-casing it (a non-ASCII word may
        // lower-case to one, so it is always looked at).
        let word = toks[i].text(sent.text);
        let maybe =
            word.len() == 10 || !word.is_ascii() || rules.time_word_keys.contains(&toks[i].key);
        if !maybe {
            continue;
        }
        lower_into(&mut w, word);
        if rules.weekdays.contains(&w) {
            return Some((
                toks[i].text(sent.text).to_string(),
                Span::new(toks[i].start, toks[i].end),
            ));
        }
        if is_iso_date(&w) {
            return Some((w.clone(), Span::new(toks[i].start, toks[i].end)));
        }
        let month = w.strip_prefix("mid-").unwrap_or(&w);
        if rules.months.iter().any(|m| m == month)
            && toks[i]
                .text(sent.text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            let mut start = toks[i].start;
            let mut end = toks[i].end;
            if i > 0 && is_day_number(toks[i - 1].text(sent.text)) {
                start = toks[i - 1].start;
            } else if i + 1 < toks.len() && is_day_number(toks[i + 1].text(sent.text)) {
                end = toks[i + 1].end;
            } else if i > 0
                && ["early", "late", "mid"]
                    .iter()
                    .any(|p| same_word(toks[i - 1].text(sent.text), p))
            {
                start = toks[i - 1].start;
            }
            return Some((sent.text[start..end].to_string(), Span::new(start, end)));
        }
    }
    None
}

/// `out` = `word.to_lowercase()`, reusing `out`'s allocation.
fn lower_into(out: &mut String, word: &str) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // `str::to_lowercase` knows final sigma; rare enough to allocate.
        out.push_str(&word.to_lowercase());
    }
}

fn is_day_number(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn is_iso_date(w: &str) -> bool {
    parse_iso(w).is_some()
}

/// Resolve a time expression to an ISO date using the publication date: a weekday is the
/// last such day on or before publication (the next one after it in a sentence about the
/// future); "12 May" takes the publication year; other expressions stay unresolved.
fn resolve_date(ctx: &DocCtx, when: &str, published: Option<&str>, future: bool) -> Option<String> {
    let lower = when.to_lowercase();
    if let Some(d) = parse_iso(&lower) {
        return Some(format_iso(d));
    }
    let pub_days = parse_iso(published?)?;
    let rules = &ctx.cfg.facts;
    if let Some(wd) = rules.weekdays.iter().position(|d| *d == lower) {
        let today = weekday(pub_days);
        let target = wd as i64;
        let delta = if future {
            let d = (target - today).rem_euclid(7);
            if d == 0 {
                7
            } else {
                d
            }
        } else {
            -((today - target).rem_euclid(7))
        };
        return Some(format_iso(pub_days + delta));
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (y, _, _) = civil_from_days(pub_days);
    let month = words
        .iter()
        .find_map(|w| rules.months.iter().position(|m| m == w))?;
    let day = words.iter().find(|w| is_day_number(w))?;
    let day: u32 = day
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    Some(format!("{y:04}-{:02}-{day:02}", month + 1))
}

/// Days since 1970-01-01 of an ISO date.
fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[0..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

fn format_iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Monday = 0 … Sunday = 6. 1970-01-01 was a Thursday.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A duration stated in a sentence: its words and its length in minutes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Duration {
    pub span: Span,
    pub minutes: u64,
}

/// Durations of a sentence: "(after|for|lasted) [qualifier] NUMBER UNIT", "NUMBER UNIT
/// of talks", "a NUMBER-UNIT round". The number is a digit string or a number word of
/// the data file; the unit one of `unit_minutes`.
pub(crate) fn durations(ctx: &DocCtx, sent: &Sent) -> Vec<Duration> {
    let rules = &ctx.cfg.facts;
    let toks = &sent.toks;
    let mut out = Vec::new();
    for &(start_tok, k, minutes) in sent.raw_durations(ctx) {
        let lead = start_tok > 0
            && rules
                .duration_leads
                .iter()
                .any(|l| same_word(toks[start_tok - 1].text(sent.text), l));
        // "ten hours negotiation", "two days of (indirect) talks"
        let of = k + 1 < toks.len() && same_word(toks[k + 1].text(sent.text), "of");
        let from = k + 1 + usize::from(of);
        let of_talks = (from..(from + 2).min(toks.len()))
            .any(|j| rules.meeting_cues.any_at(sent.text, toks, j));
        if lead || of_talks {
            out.push(Duration {
                span: Span::new(toks[start_tok].start, toks[k].end),
                minutes,
            });
        }
    }
    out
}

/// Every duration phrase of a sentence, without context: (first token, unit token,
/// minutes).
pub(crate) fn find_raw_durations(ctx: &DocCtx, sent: &Sent) -> Vec<(usize, usize, u64)> {
    let rules = &ctx.cfg.facts;
    let mut out = Vec::new();
    for (k, t) in sent.toks.iter().enumerate() {
        // This runs for every token: a word without a hyphen that cannot be a unit (its
        // key fails the filter) is rejected before its text is read.
        if !t.hyphen && !may_be_unit(rules, t.key) {
            continue;
        }
        if let Some((start, minutes)) = duration_ending_at(ctx, sent, k) {
            out.push((start, k, minutes));
        }
    }
    out
}

/// A duration phrase whose unit is token `k` ("[qualifier] NUMBER UNIT" or
/// "[qualifier] NUMBER-UNIT"): (first token, minutes).
fn duration_ending_at(ctx: &DocCtx, sent: &Sent, k: usize) -> Option<(usize, u64)> {
    let rules = &ctx.cfg.facts;
    let toks = &sent.toks;
    let word = toks[k].text(sent.text);
    let (number_start, value) = match word.split_once('-') {
        Some((num, unit)) => {
            // The unit first: it rejects almost every hyphenated word.
            let per = unit_value(rules, unit, crate::tokens::fold_hash(unit))?;
            (k, number_value(rules, num)? * per)
        }
        None => {
            let per = unit_value(rules, word, toks[k].key)?;
            let (start, n) = number_before(rules, sent, k)?;
            (start, n * per)
        }
    };
    let mut start = number_start;
    let qualifier = (1..=3).find(|&len| {
        start >= len && rules.duration_qualifiers.at(sent.text, toks, start - len) == Some(len)
    });
    if let Some(len) = qualifier {
        start -= len;
    }
    Some((start, value))
}

/// The number right before token `k`: digits, or a number word (phrase) ending there.
pub(crate) fn number_before(
    rules: &crate::facts::FactRules,
    sent: &Sent,
    k: usize,
) -> Option<(usize, u64)> {
    let toks = &sent.toks;
    let prev = toks.get(k.checked_sub(1)?)?.text(sent.text);
    if let Ok(n) = prev.parse::<u64>() {
        return Some((k - 1, n));
    }
    // The phrase's last word must be the previous token: compare keys before text.
    let prev_key = toks[k - 1].key;
    rules
        .number_values
        .iter()
        .zip(&rules.number_last_keys)
        .find(|((p, _), &last)| {
            last == prev_key && k >= p.len() && phrase_at(sent.text, toks, k - p.len(), p)
        })
        .map(|((p, v), _)| (k - p.len(), *v))
}

/// A number written as digits or as a one-word number of the data file (any case).
fn number_value(rules: &crate::facts::FactRules, w: &str) -> Option<u64> {
    w.parse::<u64>().ok().or_else(|| {
        rules
            .number_values
            .iter()
            .find(|(p, _)| p.len() == 1 && w.eq_ignore_ascii_case(&p[0]))
            .map(|(_, v)| *v)
    })
}

/// The one-word filter of the unit keys: false for almost every word that is no unit.
fn may_be_unit(rules: &crate::facts::FactRules, key: u64) -> bool {
    rules.unit_bloom & (1 << (key >> 58)) != 0
}

/// Minutes of a unit word (any ASCII case); `key` is its [`crate::tokens::fold_hash`].
/// Runs for every token of every sentence: the key rejects almost all of them.
fn unit_value(rules: &crate::facts::FactRules, w: &str, key: u64) -> Option<u64> {
    if !may_be_unit(rules, key) {
        return None;
    }
    rules
        .unit_keys
        .get(&key)?
        .iter()
        .find(|(u, _)| w.eq_ignore_ascii_case(u))
        .map(|(_, m)| *m)
}

fn duration_of(ctx: &DocCtx, sent: &Sent) -> Option<String> {
    durations(ctx, sent)
        .first()
        .map(|d| sent.text[d.span.start..d.span.end].to_string())
}

/// "ended without a deal", "collapsed": the outcome phrase to the end of its clause.
fn outcome_of(ctx: &DocCtx, sent: &Sent) -> Option<String> {
    let toks = &sent.toks;
    let i = (0..toks.len()).find(|&i| ctx.cfg.facts.outcome_cues.any_at(sent.text, toks, i))?;
    let start = toks[i].start;
    let rest = &sent.text[start..sent.span.end];
    let end = rest.find([',', ';', '.']).unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip_and_weekdays() {
        let d = parse_iso("2026-04-11").unwrap();
        assert_eq!(format_iso(d), "2026-04-11");
        assert_eq!(weekday(d), 5, "2026-04-11 is a Saturday");
        assert_eq!(
            format_iso(parse_iso("2024-02-28").unwrap() + 1),
            "2024-02-29"
        );
        assert!(parse_iso("2026-13-01").is_none());
        assert!(parse_iso("11 April").is_none());
    }
}
