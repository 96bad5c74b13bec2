mod accounts;
mod baseline;
mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod content;
mod currency;
mod customers;
mod figures;
mod hostile;
mod hours;
mod identity;
mod properties;
#[cfg(feature = "partials")]
mod ranges;
mod reading;
mod real;
mod spend;
mod subscriptions;
mod survey;
mod tickets;
mod typed;
