//! People not in the gazetteer, found from the way news introduces them.
//!
//! Two shapes, both anchored on a title hit of the automaton:
//! - **Title before name**: `[modifiers] [qualifiers] Title Name` — "Russian Foreign
//!   Minister Sergei Lavrov", "Qatar envoy Mohammed Al-Khulaifi", "former US President
//!   Donald Trump", "Kremlin spokesman Dmitry Peskov", "presidential aide Vladimir
//!   Medinsky". Modifiers directly left of the title (demonyms, states, organisations,
//!   metonyms, possessives "Ukraine's", people "Trump's") give the side; the leftmost wins
//!   ("Russian UN Ambassador" → Russia).
//! - **Appositive after name**: `Name, [a|the|Country's|...] ... Title ...` up to the end
//!   of the clause — "Andriy Sybiha, Ukraine's foreign minister", "Abbas Galljamow, a
//!   Russian journalist", "Keith Kellogg, Trump's special envoy", "Leila Haddad — a senior
//!   adviser to \[Person\]". The separator is a comma, a spaced dash or an opening bracket;
//!   at most [`APPOSITIVE_MAX_GAP`] words between separator and title, none of them a
//!   relative pronoun or verb from [`CLAUSE_WORDS`] (then the title belongs to another
//!   clause: "X, who met the Qatari foreign minister"). The first side cue of the clause
//!   gives the side ("a senior adviser to \[Person\]" → that person's side).
//!
//! A one-word name after a title ("Secretary Rubio") is not a discovery: it becomes a role
//! of the person the surname resolves to, if any.

use stancemap_model::Span;

use crate::patterns::contains_lower;
use crate::tagger::{Cover, Ctx, DocState};
use crate::translit::{first_names_compatible, name_key, surname_keys_match};
use crate::{EntityKind, MentionSource, RoleMention};

/// Longest gap (in tokens) between the appositive separator and the title:
/// "Medvedev, a prominent Russian political figure" needs 3; longer gaps are usually a
/// new clause.
const APPOSITIVE_MAX_GAP: usize = 6;
/// An appositive clause is searched for a side cue over at most this many tokens.
const APPOSITIVE_MAX_LEN: usize = 14;
/// Maximum words in a person's name.
const NAME_MAX_WORDS: usize = 4;
/// Words that start a new clause: a title after them does not describe the name before.
const CLAUSE_WORDS: &[&str] = &[
    "who", "whom", "which", "whose", "that", "where", "when", "while", "and", "or", "but", "said",
    "says", "told", "met", "meets", "with", "by", "as", "after", "before", "than",
];

/// Prepositions after a title that introduce a topic or place, not the side.
const TOPIC_WORDS: &[&str] = &[
    "for",
    "on",
    "about",
    "over",
    "in",
    "at",
    "between",
    "toward",
    "towards",
    "against",
    "regarding",
    "into",
];

/// A parsed name: tokens `lo..hi`, `words` capitalised words.
#[derive(Debug, Clone, Copy)]
struct NameParse {
    lo: usize,
    hi: usize,
    words: usize,
}

/// A side and how sure we are of it.
#[derive(Debug, Clone)]
struct Side {
    party: String,
    explicit: bool,
}

/// A role waiting for a one-word name to be resolved.
#[derive(Debug, Clone)]
pub struct PendingRole {
    pub tok: usize,
    pub role: String,
    pub party: Option<String>,
    pub span: Span,
}

pub fn discover_people(ctx: &Ctx, st: &mut DocState) {
    for t in 0..st.titles.len() {
        if ctx.in_title_case(st.titles[t].span.start) || modifies_next_title(ctx, st, t) {
            continue;
        }
        if !title_then_name(ctx, st, t) {
            appositive(ctx, st, t);
        }
    }
    relative_leaders(ctx, st);
    untitled_leaders(ctx, st);
}

/// Longest title written with an abbreviation's full stop ("Lt.", "Gen.", "Sen."); a
/// longer title before a full stop ends a sentence.
const ABBREVIATION_MAX_LEN: usize = 4;

/// Is title `t` right before another title ("deputy" of "deputy interior minister", "Lt."
/// of "Lt. Gen.")? Then it is part of that title's role, which [`left_modifiers`] takes
/// in, not a role of its own.
fn modifies_next_title(ctx: &Ctx, st: &DocState, t: usize) -> bool {
    let th = st.titles[t];
    let after_dot =
        th.tok_hi + usize::from(ctx.toks.get(th.tok_hi).is_some_and(|t| t.is_punct('.')));
    st.titles
        .get(t + 1)
        .is_some_and(|next| next.tok_lo == th.tok_hi || next.tok_lo == after_dot)
}

/// Tokens a prepositional phrase after a title may take before a comma and the name:
/// "the AU's envoy for Sudan, Grace Wanjiru," .
const TITLE_PHRASE_MAX: usize = 4;
/// Tokens an "of" phrase after a title may take: "chief of the delegation of the TPLF".
const OF_PHRASE_MAX: usize = 7;
/// Tokens searched left of "led by" for the side that is led: "the army delegation, led by".
const LED_SIDE_MAX: usize = 6;

/// "Title [for X], Name," : a name set off by commas after the title and an optional
/// short phrase introduced by a topic preposition or by "of" ("the mediator of the
/// African Union, Mister X,"). Returns the name and the tokens of the phrase.
fn comma_name_after(
    ctx: &Ctx,
    st: &DocState,
    from: usize,
) -> Option<(NameParse, std::ops::Range<usize>)> {
    let mut k = from;
    if ctx.toks.get(k).is_some_and(|t| t.is_word()) {
        let w = ctx.word(k);
        let of = w.eq_ignore_ascii_case("of");
        let opens_phrase = of || TOPIC_WORDS.iter().any(|t| t.eq_ignore_ascii_case(w));
        if !opens_phrase {
            return None;
        }
        let max = if of { OF_PHRASE_MAX } else { TITLE_PHRASE_MAX };
        let end = (k + 1 + max).min(ctx.toks.len());
        k = (k + 1..end).find(|&i| !ctx.toks[i].is_word() && !ctx.toks[i].is_punct('\''))?;
    }
    if !ctx.toks.get(k)?.is_punct(',') {
        return None;
    }
    let name = parse_name_right(ctx, st, k + 1)?;
    let closed = ctx
        .toks
        .get(name.hi)
        .is_some_and(|t| t.is_punct(',') || t.is_punct('-') || t.is_punct(')'));
    closed.then_some((name, from..k))
}

/// The "of" phrase after a title: its words before the first side cue belong to the
/// role ("minister of the Defence"), the cue is the side ("chief of the delegation of
/// the TPLF"). Returns the end byte of the role when the phrase extends it, and the side.
fn of_phrase_role_and_side(
    ctx: &Ctx,
    st: &DocState,
    phrase: std::ops::Range<usize>,
) -> Option<(Option<usize>, Option<String>)> {
    let first = phrase.clone().next()?;
    if !ctx.word(first).eq_ignore_ascii_case("of") {
        return None;
    }
    let cue = phrase
        .clone()
        .find_map(|k| cue_party_at(ctx, st, k).map(|party| (k, party)));
    let role_end = match &cue {
        // "of the" before the cue is no part of the role.
        Some((c, _)) => (first..*c)
            .rev()
            .find(|&k| !is_link_word(ctx.word(k)))
            .filter(|&k| k > first)
            .map(|k| ctx.toks[k].end()),
        None => phrase.clone().last().map(|k| ctx.toks[k].end()),
    };
    Some((role_end, cue.map(|(_, party)| party)))
}

/// "the adviser of President X": an "of" phrase naming whom the person serves is no part
/// of the role.
fn names_a_person_or_title(st: &DocState, phrase: std::ops::Range<usize>) -> bool {
    phrase.into_iter().any(|k| match st.cover[k] {
        Cover::Title(_) => true,
        Cover::Entity(e) => st.entities[e as usize].kind == EntityKind::Person,
        _ => false,
    })
}

fn is_link_word(w: &str) -> bool {
    ["of", "the"].iter().any(|l| l.eq_ignore_ascii_case(w))
}

/// "[Side] delegation, led by [Title] Name": the side of what the person leads.
fn led_by_side(ctx: &Ctx, st: &DocState, title_lo: usize) -> Option<String> {
    let mut k = title_lo;
    // Over earlier title words and abbreviation dots ("led by Maj. Gen. X").
    while k > 0 && (matches!(st.cover[k - 1], Cover::Title(_)) || ctx.toks[k - 1].is_punct('.')) {
        k -= 1;
    }
    side_led_before(ctx, st, k)
}

/// "[Side] delegation, headed by First Last" without a title: a name of two or more
/// words right after "[leader verb] by" is a person of the side that is led.
fn untitled_leaders(ctx: &Ctx, st: &mut DocState) {
    for i in 0..ctx.caps.len() {
        let k = ctx.caps[i];
        if k < 2 || st.cover[k] != Cover::Free {
            continue;
        }
        let Some(party) = side_led_before(ctx, st, k) else {
            continue;
        };
        let Some(name) = parse_name_right(ctx, st, k).filter(|n| n.words >= 2) else {
            continue;
        };
        let side = Side {
            party,
            explicit: true,
        };
        person_for_name(ctx, st, name, Some(&side));
    }
}

/// The side led by whoever starts at token `k`, when "[leader verb] by" precedes it.
fn side_led_before(ctx: &Ctx, st: &DocState, k: usize) -> Option<String> {
    let led = k >= 2
        && ctx.word(k - 1).eq_ignore_ascii_case("by")
        && contains_lower(&ctx.c.patterns.leader_verbs, ctx.word(k - 2));
    if !led {
        return None;
    }
    let lo = (k - 2).saturating_sub(LED_SIDE_MAX);
    (lo..k - 2)
        .rev()
        .find_map(|i| cue_party_at(ctx, st, i))
        .or_else(|| {
            // "The government delegation, led by …" where the document writes
            // "Colombia's government": the one side it puts before those words.
            let span = Span::new(ctx.toks[lo].start(), ctx.toks[k - 2].end());
            side_of_role_head(ctx, st, span)
        })
}

/// "Name, who heads the [Side] team": the person leads that side's team.
fn relative_leaders(ctx: &Ctx, st: &mut DocState) {
    for &k in &ctx.whos {
        if k < 2 || k + 1 >= ctx.toks.len() {
            continue;
        }
        let leads = ctx.toks[k - 1].is_punct(',')
            && contains_lower(&ctx.c.patterns.leader_verbs, ctx.word(k + 1));
        if !leads {
            continue;
        }
        let Some(name) = parse_name_left(ctx, st, k - 1) else {
            continue;
        };
        if name.words < 2 && person_in(ctx, st, name).is_none() {
            continue;
        }
        let end = clause_end(ctx, st, k + 2);
        let Some(party) = (k + 2..end).find_map(|i| cue_party_at(ctx, st, i)) else {
            continue;
        };
        let side = Side {
            party,
            explicit: true,
        };
        person_for_name(ctx, st, name, Some(&side));
    }
}

/// Roles of one-word names ("Secretary Rubio"), once surnames are resolved.
pub fn attach_pending_roles(st: &mut DocState) {
    for p in std::mem::take(&mut st.pending_roles) {
        let Some(entity) = st.entity_at(p.tok) else {
            continue;
        };
        if st.entities[entity].kind != EntityKind::Person {
            continue;
        }
        let party = p.party.or_else(|| st.entities[entity].party.clone());
        st.roles.push(RoleMention {
            entity,
            role: p.role,
            party,
            span: p.span,
        });
    }
}

fn title_then_name(ctx: &Ctx, st: &mut DocState, t: usize) -> bool {
    let th = st.titles[t];
    // An abbreviated title keeps its full stop: "Gen. Keith Kellogg", "Sen. Ana Ruiz".
    let after_dot =
        th.tok_hi + usize::from(ctx.toks.get(th.tok_hi).is_some_and(|t| t.is_punct('.')));
    let (name, of_phrase) = match parse_name_right(ctx, st, after_dot) {
        Some(name) => (name, None),
        None => match comma_name_after(ctx, st, after_dot).filter(|(n, _)| n.words >= 2) {
            Some((name, phrase)) => (name, of_phrase_role_and_side(ctx, st, phrase)),
            None => return false,
        },
    };
    let (modifier, role_start) = left_modifiers(ctx, st, th.tok_lo);
    let (role_end, phrase_side) = of_phrase.unwrap_or((None, None));
    let modifier = modifier.or(phrase_side);
    let role_span = Span::new(role_start, role_end.unwrap_or(th.span.end));
    let role = role_span.slice(ctx.text).to_string();
    let whole = Span::new(role_start, ctx.toks[name.hi - 1].end());
    let side = modifier
        .or_else(|| led_by_side(ctx, st, th.tok_lo))
        .map(|party| Side {
            party,
            explicit: true,
        })
        .or_else(|| title_hint(ctx, st, th.title(ctx.c)));
    if name.words < 2 && person_in(ctx, st, name).is_none() {
        st.pending_roles.push(PendingRole {
            tok: name.lo,
            role,
            party: side.map(|s| s.party),
            span: role_span,
        });
        return true;
    }
    let entity = person_for_name(ctx, st, name, side.as_ref());
    if side.is_none() {
        st.unresolved_sides.push(UnresolvedSide {
            role: st.roles.len(),
            clause: None,
            around: whole,
            paragraph_too: true,
        });
    }
    let party = side
        .map(|s| s.party)
        .or_else(|| st.entities[entity].party.clone());
    st.roles.push(RoleMention {
        entity,
        role,
        party,
        span: role_span,
    });
    true
}

fn appositive(ctx: &Ctx, st: &mut DocState, t: usize) {
    let th = st.titles[t];
    let Some(sep) = appositive_separator(ctx, st, th.tok_lo) else {
        return;
    };
    let Some(name) = parse_name_left(ctx, st, sep) else {
        return;
    };
    if name.words < 2 && person_in(ctx, st, name).is_none() {
        return;
    }
    let (modifier, role_start) = left_modifiers(ctx, st, th.tok_lo);
    // "Name, the movement's head of political affairs": the "of" phrase is the role's.
    // It ends at punctuation or at "and" (a second role: "head of X and minister of Y").
    let phrase_end = (th.tok_hi..(th.tok_hi + 1 + OF_PHRASE_MAX).min(ctx.toks.len())).find(|&i| {
        let t = ctx.toks[i];
        (!t.is_word() && !t.is_punct('\''))
            || (t.is_word() && ctx.word(i).eq_ignore_ascii_case("and"))
    });
    let (role_end, phrase_side) = phrase_end
        .filter(|&end| !names_a_person_or_title(st, th.tok_hi..end))
        .and_then(|end| of_phrase_role_and_side(ctx, st, th.tok_hi..end))
        .unwrap_or((None, None));
    let modifier = modifier.or(phrase_side);
    let role_span = Span::new(role_start, role_end.unwrap_or(th.span.end));
    let name_span = Span::new(ctx.toks[name.lo].start(), ctx.toks[name.hi - 1].end());
    let clause = Clause {
        from: sep + 1,
        title_lo: th.tok_lo,
        title_hi: th.tok_hi,
    };
    // "[Side] delegation was led by Name, a retired ambassador": the side led.
    let side = modifier
        .or_else(|| first_cue_in_clause(ctx, st, &clause))
        .or_else(|| side_led_before(ctx, st, name.lo))
        .map(|party| Side {
            party,
            explicit: true,
        })
        .or_else(|| title_hint(ctx, st, th.title(ctx.c)));
    let entity = person_for_name(ctx, st, name, side.as_ref());
    if side.is_none() {
        st.unresolved_sides.push(UnresolvedSide {
            role: st.roles.len(),
            clause: Some(clause),
            around: Span::new(name_span.start, th.span.end),
            paragraph_too: false,
        });
    }
    let party = side
        .map(|s| s.party)
        .or_else(|| st.entities[entity].party.clone());
    st.roles.push(RoleMention {
        entity,
        role: role_span.slice(ctx.text).to_string(),
        party,
        span: role_span,
    });
}

/// The separator token of an appositive ending in the title at `title_lo`.
fn appositive_separator(ctx: &Ctx, st: &DocState, title_lo: usize) -> Option<usize> {
    let mut k = title_lo;
    let mut gap = 0;
    while k > 0 {
        k -= 1;
        let tok = ctx.toks[k];
        match tok.kind {
            crate::tokens::TokKind::Punct(b',' | b'-' | b'(') => return Some(k),
            crate::tokens::TokKind::Punct(b'\'') => continue,
            crate::tokens::TokKind::Word => {
                let w = ctx.word(k);
                let free = st.cover[k] == Cover::Free;
                if free && CLAUSE_WORDS.iter().any(|c| c.eq_ignore_ascii_case(w)) {
                    return None;
                }
                gap += 1;
                if gap > APPOSITIVE_MAX_GAP {
                    return None;
                }
            }
            _ => return None,
        }
    }
    None
}

/// The first party cue after the separator, up to the end of the clause.
fn first_cue_in_clause(ctx: &Ctx, st: &DocState, c: &Clause) -> Option<String> {
    let end = clause_end(ctx, st, c.from);
    let before_title = (c.from..c.title_lo.min(end)).find_map(|k| cue_party_at(ctx, st, k));
    before_title.or_else(|| {
        // After the title a side follows a link ("adviser to Netanyahu", "a lawmaker from
        // Zelenskyy's party"); a topic or place preposition ends the search ("envoy for
        // Ukraine and Russia" names the file, not the side).
        for k in c.title_hi..end {
            let tok = ctx.toks[k];
            if tok.is_word() && st.cover[k] == Cover::Free {
                let w = ctx.word(k);
                if TOPIC_WORDS.iter().any(|t| t.eq_ignore_ascii_case(w)) {
                    return None;
                }
            }
            if let Some(p) = cue_party_at(ctx, st, k) {
                return Some(p);
            }
        }
        None
    })
}

/// The token after the last one of the appositive clause starting at `from`.
fn clause_end(ctx: &Ctx, st: &DocState, from: usize) -> usize {
    let end = (from + APPOSITIVE_MAX_LEN).min(ctx.toks.len());
    (from..end)
        .find(|&k| {
            let tok = ctx.toks[k];
            matches!(
                tok.kind,
                crate::tokens::TokKind::Punct(b',' | b';' | b':' | b')' | b'-')
                    | crate::tokens::TokKind::Break
            ) || (tok.is_punct('.') && st.cover[k] == Cover::Free)
        })
        .unwrap_or(end)
}

/// An appositive clause: separator + 1 .. its end, with the title inside.
#[derive(Debug, Clone, Copy)]
pub struct Clause {
    pub from: usize,
    pub title_lo: usize,
    pub title_hi: usize,
}

/// The party a token stands for: a demonym, or an entity mention with a party.
fn cue_party_at(ctx: &Ctx, st: &DocState, k: usize) -> Option<String> {
    match st.cover[k] {
        Cover::Demonym(Some(g)) => ctx.entity_party(g).map(str::to_string),
        Cover::Entity(e) => st.entities[e as usize].party.clone(),
        _ => None,
    }
}

/// Walk left from a title over modifiers: side cues (leftmost wins) and qualifiers (which
/// start the role as written). Returns the side and the byte where the role starts.
fn left_modifiers(ctx: &Ctx, st: &DocState, title_lo: usize) -> (Option<String>, usize) {
    let mut party = None;
    let mut role_start = ctx.toks[title_lo].start();
    let mut j = title_lo;
    while j > 0 {
        let k = j - 1;
        if let Some(p) = cue_party_at(ctx, st, k) {
            party = Some(p);
            j = start_of_cover(st, k);
            if party_is_qualifier_inside_role(ctx, st, j, title_lo) {
                role_start = ctx.toks[j].start();
            }
            continue;
        }
        if let Some(owner) = possessive_owner(ctx, st, k) {
            party = cue_party_at(ctx, st, owner);
            j = start_of_cover(st, owner);
            continue;
        }
        let qualifier = ctx.toks[k].is_word() && contains_lower(&ctx.c.qualifier_set, ctx.word(k));
        // A title right before this one belongs to its role ("deputy interior minister",
        // "Lt. Gen."): over an abbreviation's full stop to it.
        let abbreviation_dot = ctx.toks[k].is_punct('.')
            && k > 0
            && matches!(st.cover[k - 1], Cover::Title(_))
            && ctx.word(k - 1).len() <= ABBREVIATION_MAX_LEN;
        if abbreviation_dot {
            j = k;
            continue;
        }
        // Only while nothing but titles lies between ("President Trump's adviser" keeps
        // "adviser").
        let title_before =
            matches!(st.cover[k], Cover::Title(_)) && ctx.toks[k].is_word() && party.is_none();
        if (qualifier && matches!(st.cover[k], Cover::Free)) || title_before {
            role_start = ctx.toks[k].start();
            j = k;
            continue;
        }
        break;
    }
    (party, role_start)
}

/// A state or organisation between a qualifier and the title is part of the role as
/// written ("former US President"); without a qualifier it is not ("Russian Foreign
/// Minister" → role "Foreign Minister").
fn party_is_qualifier_inside_role(ctx: &Ctx, st: &DocState, at: usize, _title_lo: usize) -> bool {
    if at == 0 {
        return false;
    }
    ctx.toks[at - 1].is_word()
        && contains_lower(&ctx.c.qualifier_set, ctx.word(at - 1))
        && matches!(st.cover[at - 1], Cover::Free | Cover::Title(_))
}

/// `X 's` ending at token `k` ("s"): the token index of X's last token.
fn possessive_owner(ctx: &Ctx, st: &DocState, k: usize) -> Option<usize> {
    if k < 2 || ctx.word(k) != "s" || !ctx.toks[k - 1].is_punct('\'') {
        return None;
    }
    cue_party_at(ctx, st, k - 2).map(|_| k - 2)
}

/// First token of the run of tokens with the same cover as `k`.
fn start_of_cover(st: &DocState, k: usize) -> usize {
    let mut j = k;
    while j > 0 && st.cover[j - 1] == st.cover[k] {
        j -= 1;
    }
    j
}

/// A title that names one side on its own, if that side is mentioned in the document.
fn title_hint(ctx: &Ctx, st: &DocState, title: &str) -> Option<Side> {
    let party = ctx.c.patterns.title_party.get(title)?;
    st.cues.iter().any(|c| *c.party == **party).then(|| Side {
        party: party.clone(),
        explicit: true,
    })
}

/// A role whose side had no explicit cue: decided once every person of the document is
/// known (a clause "adviser to [surname]" needs the surname resolved first).
#[derive(Debug, Clone)]
pub struct UnresolvedSide {
    /// Index into the roles.
    pub role: usize,
    /// The appositive clause to search for a cue; it is left out of the context search.
    pub clause: Option<Clause>,
    /// The name and role, for the context search.
    pub around: Span,
    /// Whether the paragraph may give the side when the sentence has no cue. Not for
    /// appositives: descriptors ("a politician") are used for outsiders of the story.
    pub paragraph_too: bool,
}

/// Decide the sides left open by discovery: clause cue, else nearest context cue.
pub fn fill_unresolved_sides(ctx: &Ctx, st: &mut DocState) {
    for u in std::mem::take(&mut st.unresolved_sides) {
        let cue = u.clause.and_then(|c| first_cue_in_clause(ctx, st, &c));
        let exclude = u.clause.map(|c| {
            let end = clause_end(ctx, st, c.from)
                .max(c.from + 1)
                .min(ctx.toks.len());
            Span::new(
                ctx.toks[c.from.min(end - 1)].start(),
                ctx.toks[end - 1].end(),
            )
        });
        let (party, weight) = match cue {
            Some(p) => (Some(p), 2),
            None => (
                context_party(ctx, st, u.around, exclude, u.paragraph_too)
                    .or_else(|| side_of_role_head(ctx, st, st.roles[u.role].span)),
                1,
            ),
        };
        let Some(party) = party else { continue };
        let entity = st.roles[u.role].entity;
        st.vote_party(entity, &party, weight);
        if st.roles[u.role].party.is_none() || st.entities[entity].gazetteer_id.is_none() {
            st.roles[u.role].party = Some(party);
        }
    }
}

/// "government spokesman X" where the document speaks of "the Thai government": the one
/// side the document puts right before a word of the role ("[Demonym] government",
/// "Thailand's army"). Several sides with that word decide nothing.
fn side_of_role_head(ctx: &Ctx, st: &DocState, role: Span) -> Option<String> {
    // The noun before the title belongs to it ("government spokesman").
    let first = crate::tokens::token_at_or_after(&ctx.toks, role.start);
    let from = first
        .checked_sub(1)
        .map(|k| &ctx.toks[k])
        .filter(|t| ctx.text[t.start()..t.end()].starts_with(char::is_lowercase))
        .map_or(role.start, |t| t.start());
    let role_words: Vec<&str> = ctx.text[from..role.end]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3 && w.starts_with(char::is_lowercase))
        .collect();
    let mut found: Option<&str> = None;
    for cue in &st.cues {
        let mut k = crate::tokens::token_at_or_after(&ctx.toks, cue.span.end);
        // "Thailand's government": skip the possessive.
        if ctx
            .toks
            .get(k)
            .is_some_and(|t| &ctx.text[t.start()..t.end()] == "'")
        {
            k += 2;
        }
        let Some(next) = ctx.toks.get(k).map(|t| &ctx.text[t.start()..t.end()]) else {
            continue;
        };
        if role_words.iter().any(|w| next.eq_ignore_ascii_case(w)) {
            match found {
                Some(p) if p != &*cue.party => return None,
                _ => found = Some(&cue.party),
            }
        }
    }
    found.map(str::to_string)
}

/// The nearest side cue to `span` in its sentence (either side; ties go to the cue
/// before), else in its paragraph. Cues overlapping `span` or `exclude` do not count.
pub fn context_party(
    ctx: &Ctx,
    st: &DocState,
    span: Span,
    exclude: Option<Span>,
    paragraph_too: bool,
) -> Option<String> {
    let s = ctx.sentence_of(span.start)?;
    let sent = ctx.sents[s];
    let para_lo = ctx.sents[..s]
        .iter()
        .rposition(|x| x.paragraph != sent.paragraph)
        .map_or(0, |i| i + 1);
    let para_hi = ctx.sents[s..]
        .iter()
        .position(|x| x.paragraph != sent.paragraph)
        .map_or(ctx.sents.len(), |i| s + i);
    let para = Span::new(
        ctx.sents[para_lo].span.start,
        ctx.sents[para_hi - 1].span.end,
    );
    // What a speaker says is not who they are: "… Thailand and Cambodia talked
    // directly," spokesman X said.
    let quoted: Vec<Span> = quoted_regions(ctx.text, para)
        .into_iter()
        .filter(|q| !(q.start <= span.start && span.end <= q.end))
        .collect();
    nearest_cue(st, span, exclude, sent.span, &quoted).or_else(|| {
        paragraph_too
            .then(|| nearest_cue(st, span, exclude, para, &quoted))
            .flatten()
    })
}

/// Quoted stretches of `within`: between curly or guillemet marks, or straight quotes;
/// a closing mark with no opening one before it (a quote that began in an earlier
/// sentence) closes a stretch from the start of `within`.
fn quoted_regions(text: &str, within: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let bytes = &text.as_bytes()[..within.end];
    // A byte scan: this runs over the paragraph for every side decided by context, and
    // every quotation mark starts with one of three bytes (the rest of the text is not
    // decoded).
    let mut at = within.start;
    while let Some(step) = bytes[at..]
        .iter()
        .position(|&b| matches!(b, b'"' | 0xC2 | 0xE2))
    {
        at += step;
        let mark = match &bytes[at..] {
            [0xE2, 0x80, 0x9C, ..] | [0xC2, 0xAB, ..] => Quote::Opening,
            [0xE2, 0x80, 0x9D, ..] | [0xC2, 0xBB, ..] => Quote::Closing,
            [b'"', ..] => Quote::Straight,
            _ => Quote::None,
        };
        // The character before, for a straight quote: a non-ASCII byte belongs to a
        // character that is no sentence mark.
        let after_sentence_mark =
            at > within.start && matches!(bytes[at - 1], b',' | b'.' | b'?' | b'!');
        let closing = match mark {
            Quote::Opening => {
                open = Some(at);
                false
            }
            Quote::Closing => true,
            // A straight quote after a sentence mark closes ("…directly," he said).
            Quote::Straight => open.is_some() || after_sentence_mark,
            Quote::None => false,
        };
        if mark == Quote::Straight && !closing {
            open = Some(at);
        } else if closing {
            let start = open
                .take()
                .unwrap_or(if out.is_empty() { within.start } else { at });
            out.push(Span::new(start, at));
        }
        at += 1;
    }
    out
}

/// What a byte of [`quoted_regions`]' scan starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Opening,
    Closing,
    Straight,
    None,
}

fn nearest_cue(
    st: &DocState,
    span: Span,
    exclude: Option<Span>,
    within: Span,
    quoted: &[Span],
) -> Option<String> {
    let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
    st.cues
        .iter()
        .filter(|c| c.span.start >= within.start && c.span.end <= within.end)
        .filter(|c| !overlaps(c.span, span) && !exclude.is_some_and(|x| overlaps(c.span, x)))
        .filter(|c| !quoted.iter().any(|q| overlaps(c.span, *q)))
        .map(|c| {
            let after = c.span.start >= span.end;
            let dist = if after {
                c.span.start - span.end
            } else {
                span.start.saturating_sub(c.span.end)
            };
            ((dist, after), c)
        })
        .min_by_key(|(k, _)| *k)
        .map(|(_, c)| c.party.to_string())
}

/// A person already covering a token of `name` (a gazetteer hit inside the name).
fn person_in(_ctx: &Ctx, st: &DocState, name: NameParse) -> Option<usize> {
    (name.lo..name.hi).find_map(|k| {
        st.entity_at(k)
            .filter(|&e| st.entities[e].kind == EntityKind::Person)
    })
}

fn is_particle(ctx: &Ctx, k: usize) -> bool {
    let t = ctx.toks[k];
    t.is_word() && !t.cap && ctx.c.patterns.particles.contains(ctx.word(k))
}

/// Can token `k` be a word of a person's name?
fn name_word_ok(ctx: &Ctx, st: &DocState, k: usize) -> bool {
    match st.cover[k] {
        Cover::Entity(e) => st.entities[e as usize].kind == EntityKind::Person,
        Cover::Free | Cover::Surname(_) => ctx.is_name_word(k),
        _ => false,
    }
}

/// Single capital letter followed by a full stop: an initial ("Donald J. Trump").
fn initial_dot(ctx: &Ctx, k: usize) -> bool {
    ctx.word(k).chars().nth(1).is_none() && ctx.toks.get(k + 1).is_some_and(|t| t.is_punct('.'))
}

fn parse_name_right(ctx: &Ctx, st: &DocState, from: usize) -> Option<NameParse> {
    let from = after_honorific(ctx, from);
    let (mut j, mut words, mut hi) = (from, 0, from);
    while j < ctx.toks.len() && words < NAME_MAX_WORDS {
        if name_word_ok(ctx, st, j) {
            words += 1;
            j += if initial_dot(ctx, j) { 2 } else { 1 };
            hi = j;
        } else if words > 0
            && is_particle(ctx, j)
            && j + 1 < ctx.toks.len()
            && name_word_ok(ctx, st, j + 1)
        {
            j += 1;
        } else {
            break;
        }
    }
    (words > 0).then_some(NameParse {
        lo: from,
        hi,
        words,
    })
}

/// The token after a form of address ("Mister", "Mr.") at `k`, else `k`.
fn after_honorific(ctx: &Ctx, k: usize) -> usize {
    let is_honorific = ctx.toks.get(k).is_some_and(|t| t.is_word() && t.cap)
        && contains_lower(&ctx.c.patterns.honorifics, ctx.word(k));
    if !is_honorific {
        return k;
    }
    let dot = ctx.toks.get(k + 1).is_some_and(|t| t.is_punct('.'));
    if dot && ctx.word(k).len() == 1 {
        // "U.S.": an initial, not the Burmese "U".
        return k;
    }
    k + 1 + usize::from(dot)
}

fn parse_name_left(ctx: &Ctx, st: &DocState, end: usize) -> Option<NameParse> {
    let (mut j, mut words, mut lo) = (end, 0, end);
    while j > 0 && words < NAME_MAX_WORDS {
        let k = j - 1;
        if ctx.toks[k].is_word() && name_word_ok(ctx, st, k) {
            words += 1;
            j = k;
            lo = k;
        } else if words > 0 && k > 0 && is_particle(ctx, k) && name_word_ok(ctx, st, k - 1) {
            j = k;
        } else {
            break;
        }
    }
    (words > 0).then_some(NameParse { lo, hi: end, words })
}

/// The local person a parsed name stands for: a gazetteer person inside it, a person of
/// this document with a matching name, a gazetteer person with a matching full name, or a
/// new person. Records the mention and the side vote.
fn person_for_name(ctx: &Ctx, st: &mut DocState, name: NameParse, side: Option<&Side>) -> usize {
    let span = Span::new(ctx.toks[name.lo].start(), ctx.toks[name.hi - 1].end());
    if let Some(e) = person_in(ctx, st, name) {
        widen_mention(ctx, st, e, span, name);
        return e;
    }
    let words: Vec<&str> = (name.lo..name.hi)
        .filter(|&k| ctx.toks[k].is_word() && !is_particle(ctx, k))
        .map(|k| ctx.word(k))
        .collect();
    let last = words.last().copied().unwrap_or_default();
    let surname = &last[crate::tagger::particle_prefix(last, ctx.c).unwrap_or(0)..];
    let first = (words.len() >= 2).then(|| words[0].to_string());
    let key = name_key(surname);
    let entity = matching_doc_person(st, &key, first.as_deref())
        .or_else(|| matching_gazetteer_person(ctx, st, &key, first.as_deref()))
        .unwrap_or_else(|| st.new_person(span.slice(ctx.text), first.clone(), surname));
    let confidence = if side.is_some_and(|s| s.explicit) {
        0.9
    } else {
        0.75
    };
    if let Some(s) = side {
        st.vote_party(entity, &s.party, if s.explicit { 2 } else { 1 });
    }
    st.add_mention(
        ctx,
        entity,
        span,
        name.lo,
        name.hi,
        MentionSource::Pattern,
        confidence,
    );
    entity
}

fn matching_doc_person(st: &DocState, key: &str, first: Option<&str>) -> Option<usize> {
    st.persons
        .iter()
        .find(|p| {
            surname_keys_match(key, &p.surname_key)
                && match (first, p.first.as_deref()) {
                    (Some(a), Some(b)) => first_names_compatible(a, b),
                    _ => true,
                }
        })
        .map(|p| p.entity)
}

/// Only with both first names present: a surname alone is too weak against the whole
/// gazetteer ("Hunter Biden" is not "Joe Biden").
pub(crate) fn matching_gazetteer_person(
    ctx: &Ctx,
    st: &mut DocState,
    key: &str,
    first: Option<&str>,
) -> Option<usize> {
    let first = first?;
    let bucket = ctx
        .c
        .persons_by_bucket
        .get(&crate::matcher::key_bucket(key)?)?;
    let g = bucket.iter().map(|&i| &ctx.c.persons[i]).find(|p| {
        surname_keys_match(key, &p.surname_key)
            && p.first
                .as_deref()
                .is_some_and(|f| first_names_compatible(f, first))
    })?;
    Some(st.gaz_entity(ctx, g.entity))
}

/// A gazetteer mention inside a longer name ("Volodymyr Zelensky" around "Zelensky"):
/// widen that mention to the whole name.
fn widen_mention(ctx: &Ctx, st: &mut DocState, entity: usize, span: Span, name: NameParse) {
    let inside = |m: &crate::Mention| {
        m.entity == entity && m.span.start >= span.start && m.span.end <= span.end
    };
    if let Some(m) = st.mentions.iter_mut().rev().find(|m| inside(m)) {
        if m.span != span {
            m.span = span;
            m.surface = span.slice(ctx.text).to_string();
        }
        st.cover_range(name.lo, name.hi, Cover::Entity(entity as u32));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character scan `quoted_regions` replaced.
    fn quoted_regions_by_chars(text: &str, within: Span) -> Vec<Span> {
        let mut out = Vec::new();
        let mut open: Option<usize> = None;
        let mut prev = ' ';
        for (i, c) in text[within.start..within.end].char_indices() {
            let at = within.start + i;
            let closing = match c {
                '“' | '«' => {
                    open = Some(at);
                    false
                }
                '”' | '»' => true,
                '"' => open.is_some() || matches!(prev, ',' | '.' | '?' | '!'),
                _ => false,
            };
            if c == '"' && !closing {
                open = Some(at);
            } else if closing {
                let start = open
                    .take()
                    .unwrap_or(if out.is_empty() { within.start } else { at });
                out.push(Span::new(start, at));
            }
            prev = c;
        }
        out
    }

    #[test]
    fn quoted_regions_by_bytes_as_by_chars() {
        for text in [
            "He said “we will not leave,” and «non» left. \"Yes,\" she said; \"no\" he said.",
            "directly,\" spokesman X said. é\"x\" ”closing first“ open « » ».",
            "\"\"\"",
            ",\"",
            "Ä\"ß” – “",
            "",
        ] {
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let within = Span::new(start, text.len());
                assert_eq!(
                    quoted_regions(text, within),
                    quoted_regions_by_chars(text, within),
                    "{text:?} from {start}"
                );
            }
            let head = Span::new(0, text.len() / 2);
            if text.is_char_boundary(head.end) {
                assert_eq!(
                    quoted_regions(text, head),
                    quoted_regions_by_chars(text, head)
                );
            }
        }
    }
}
