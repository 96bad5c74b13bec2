//! Survey metrics ([contract §3](crate::contract)): NPS with its intervals and the
//! change between two periods (`nps`), CSAT (`csat`), CES (`ces`).

mod ces;
mod csat;
mod nps;

pub use ces::*;
pub use csat::*;
pub use nps::*;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

#[cfg(test)]
mod tests;
