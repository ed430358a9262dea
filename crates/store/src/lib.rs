//! stancemap-store (to be written)
