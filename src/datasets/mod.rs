//! Streaming accumulators, one per kind of data: rows in, report out.

pub mod accounts;
pub mod spend;
pub mod subscriptions;
pub mod survey;
pub mod tickets;
