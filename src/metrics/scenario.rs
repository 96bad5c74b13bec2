//! See SPEC; filled in by the metric core.
