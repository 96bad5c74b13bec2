mod accounts;
mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod hostile;
mod spend;
mod subscriptions;
mod survey;
mod tickets;
