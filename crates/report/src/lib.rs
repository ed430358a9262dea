//! stancemap-report (to be written)
