//! An accumulator's state as bytes, to be merged in another worker or
//! process (reading in parts, [`crate::session::ranges`]).
//!
//! The bytes are postcard (compact, no field names) behind a version
//! number; the decisions (the [`Context`]) are not in them: the loading
//! side opens an accumulator with the same plan and gives its context to
//! the state it loads. Only what reading added to the context travels:
//! the currencies the money cells named.

use super::Context;
use crate::error::Error;
use crate::ingest::values::CurrencyTally;
use serde::{de::DeserializeOwned, Serialize};

/// The version of the saved bytes; a part saved by another version is
/// refused rather than misread.
pub const VERSION: u32 = 1;

/// Why saved bytes are refused.
pub const UNREADABLE_PART: &str =
    "a part of the file read by another worker could not be read back: reload the page and read the file again.";

/// `state` and the currencies `ctx` has seen, as bytes.
pub fn save_state<T: Serialize>(ctx: &Context, state: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    save_state_into(ctx, state, &mut bytes);
    bytes
}

/// [`save_state`], appended to `bytes`.
pub fn save_state_into<T: Serialize>(ctx: &Context, state: &T, bytes: &mut Vec<u8>) {
    let currencies = ctx.currencies.borrow().saved();
    append_exact(&(VERSION, currencies, state), bytes);
}

/// `value` as postcard bytes appended to `bytes`, which grows once to the
/// exact size: a part holds every duration of its range, and a doubling
/// vector would briefly need three times the bytes (wasm memory never
/// shrinks back). Nothing is appended if `value` cannot be written.
fn append_exact<T: Serialize>(value: &T, bytes: &mut Vec<u8>) {
    // One flavor for both passes, so the serialisation code is built once.
    let Ok(size) = postcard::serialize_with_flavor(value, Exact::counting()) else {
        return;
    };
    let start = bytes.len();
    bytes.reserve_exact(size);
    bytes.resize(start + size, 0);
    let written = bytes
        .get_mut(start..)
        .and_then(|tail| postcard::serialize_with_flavor(value, Exact::into(tail)).ok());
    if written != Some(size) {
        bytes.truncate(start);
    }
}

/// A postcard flavor that counts the bytes (no buffer), or writes them
/// into a buffer of exactly that size.
struct Exact<'a> {
    out: Option<&'a mut [u8]>,
    len: usize,
}

impl<'a> Exact<'a> {
    fn counting() -> Self {
        Exact { out: None, len: 0 }
    }

    fn into(out: &'a mut [u8]) -> Self {
        Exact {
            out: Some(out),
            len: 0,
        }
    }
}

impl postcard::ser_flavors::Flavor for Exact<'_> {
    type Output = usize;

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        if let Some(out) = &mut self.out {
            out.get_mut(self.len..self.len + data.len())
                .ok_or(postcard::Error::SerializeBufferFull)?
                .copy_from_slice(data);
        }
        self.len += data.len();
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.try_extend(&[data])
    }

    fn finalize(self) -> postcard::Result<usize> {
        Ok(self.len)
    }
}

/// The state `bytes` hold, and `ctx` with the currencies they name.
pub fn load_state<T: DeserializeOwned>(ctx: &Context, bytes: &[u8]) -> Result<(Context, T), Error> {
    let refused = || Error::unreadable(UNREADABLE_PART);
    let (version, currencies, state): (u32, Vec<(String, u64)>, T) =
        postcard::from_bytes(bytes).map_err(|_| refused())?;
    if version != VERSION {
        return Err(refused());
    }
    let mut ctx = ctx.clone();
    *ctx.currencies.get_mut() = CurrencyTally::from_saved(&currencies).ok_or_else(refused)?;
    Ok((ctx, state))
}

/// Bytes `value` is saved as (a piece of a part: a report's lists).
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    append_exact(&(VERSION, value), &mut bytes);
    bytes
}

/// The value `bytes` hold (see [`to_bytes`]).
pub fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    match postcard::from_bytes::<(u32, T)>(bytes) {
        Ok((VERSION, value)) => Ok(value),
        _ => Err(Error::unreadable(UNREADABLE_PART)),
    }
}

/// The context a loaded accumulator holds until [`load_state`]'s replaces
/// it (serde's default for the skipped field).
pub fn unset_context() -> Context {
    Context::unset()
}
