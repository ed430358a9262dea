//! stancemap-pipeline (to be written)
