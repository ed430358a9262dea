//! FxHash (rustc's hasher, from `rustc-hash`) for internal lookup maps.
//!
//! The story clusterer interns every term of every document, and story features and the
//! spelling memo look up every word; SipHash cost more than the lookups themselves. The maps are never
//! iterated in an output path (output is sorted or goes through `BTreeMap`s), so the
//! hash function cannot change results. stancemap is an offline tool fed by the analyst,
//! so SipHash's resistance to crafted collisions buys nothing here.

pub(crate) use rustc_hash::FxHashMap;
