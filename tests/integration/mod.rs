mod accounts;
mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod hostile;
mod properties;
mod real;
mod spend;
mod subscriptions;
mod survey;
mod tickets;
