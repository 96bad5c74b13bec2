//! Bytes read as whole machine words, for the scans and hashes of the hot
//! path.
//!
//! Copying into a `[u8; 8]` with `copy_from_slice` compiles, in the wasm
//! build (optimised for size), to a call per copy; converting the slice to an
//! array reference is one load on every target.

/// The eight bytes at `at` as a little-endian word; `None` past the end.
#[inline(always)]
pub(crate) fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let word = bytes.get(at..at.checked_add(8)?)?;
    <&[u8; 8]>::try_from(word)
        .ok()
        .map(|w| u64::from_le_bytes(*w))
}

/// Up to eight bytes as a little-endian word, zero above them (`0` for
/// more). Reads whole words, overlapping, instead of copying a variable
/// length, which compiles to a `memcpy` call.
#[inline]
pub(crate) fn small_word(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |at: usize| {
        b.get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
    };
    let byte_at = |at: usize| b.get(at).map_or(0, |&x| u64::from(x));
    match n {
        0 => 0,
        // Bytes 0, n/2 and n−1 cover one to three bytes.
        1..=3 => byte_at(0) | (byte_at(n / 2) << (8 * (n / 2))) | (byte_at(n - 1) << (8 * (n - 1))),
        // Bytes 0–3 and n−4…n−1, overlapping where both hold the same bytes.
        4..=8 => u32_at(0) | (u32_at(n - 4) << (8 * (n - 4))),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::{le_u64, small_word};

    #[test]
    fn words_are_little_endian_and_stop_at_the_end() {
        let b = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(le_u64(&b, 0), Some(0x0807_0605_0403_0201));
        assert_eq!(le_u64(&b, 1), Some(0x0908_0706_0504_0302));
        assert_eq!(le_u64(&b, 2), None);
        assert_eq!(le_u64(&b, usize::MAX), None);
    }

    #[test]
    fn small_word_is_the_bytes_zero_padded() {
        let bytes = [0x11u8, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99];
        for n in 0..=8 {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(small_word(&bytes[..n]), u64::from_le_bytes(w), "{n}");
        }
        assert_eq!(small_word(&bytes), 0);
    }
}
