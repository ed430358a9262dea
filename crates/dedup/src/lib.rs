//! stancemap-dedup (to be written)
