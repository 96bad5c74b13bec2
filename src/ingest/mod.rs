//! From bytes to typed rows ([contract §7](crate::contract)): sniff the format, split records,
//! map columns, parse values.

pub mod columns;
pub mod decode;
pub mod reader;
pub mod sniff;
pub mod values;
