//! From bytes to typed rows (SPEC §7): sniff the format, split records,
//! map columns, parse values.

pub mod columns;
pub mod decode;
pub mod exact;
pub mod reader;
pub mod sniff;
pub mod values;
