//! Filled in by the ingestion work.
