//! stancemap-segment (to be written)
