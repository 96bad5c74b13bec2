mod accounts;
mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod customers;
mod hostile;
mod properties;
mod spend;
mod subscriptions;
mod survey;
mod tickets;
