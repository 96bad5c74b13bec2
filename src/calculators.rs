//! Typed-in calculators; filled in by the calculators work.
