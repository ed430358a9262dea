//! stancemap-corpusgen (to be written)
