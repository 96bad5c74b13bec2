mod accounts;
mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod currency;
mod hostile;
mod properties;
mod spend;
mod subscriptions;
mod survey;
mod tickets;
