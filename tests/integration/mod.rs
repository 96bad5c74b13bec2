mod accounts;
mod baseline;
mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod content;
mod currency;
mod customers;
mod hostile;
mod identity;
mod properties;
mod reading;
mod real;
mod spend;
mod subscriptions;
mod survey;
mod tickets;
