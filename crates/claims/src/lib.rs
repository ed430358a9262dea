//! Claim extraction (in progress).
