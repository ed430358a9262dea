//! stancemap-ingest (to be written)
