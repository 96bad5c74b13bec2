mod chunking;
#[cfg(feature = "cli")]
mod cli;
mod common;
mod survey;
