//! Integration tests, one binary: real-shaped fixtures through the public
//! API and through the command line.

mod integration;
