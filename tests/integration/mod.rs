mod accounts;
mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod content;
mod hostile;
mod identity;
mod properties;
mod real;
mod reading;
mod spend;
mod subscriptions;
mod survey;
mod tickets;
