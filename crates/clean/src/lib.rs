//! stancemap-clean (to be written)
