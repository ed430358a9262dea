//! FxHash (rustc's hasher, from `rustc-hash`) for internal lookup maps.
//!
//! The story clusterer looks up every term of every document in its document-frequency
//! map and centroids; SipHash cost more than the lookups themselves. The maps are never
//! iterated in an output path (output is sorted or goes through `BTreeMap`s), so the
//! hash function cannot change results. stancemap is an offline tool fed by the analyst,
//! so SipHash's resistance to crafted collisions buys nothing here.

pub(crate) use rustc_hash::FxHashMap;

/// Add `amount` to the entry of `key`, allocating the key only when it is new; returns
/// the new value.
pub(crate) fn add_to<V: Copy + std::ops::AddAssign + Default>(
    map: &mut FxHashMap<String, V>,
    key: &str,
    amount: V,
) -> V {
    match map.get_mut(key) {
        Some(v) => {
            *v += amount;
            *v
        }
        None => {
            let mut v = V::default();
            v += amount;
            map.insert(key.to_string(), v);
            v
        }
    }
}
