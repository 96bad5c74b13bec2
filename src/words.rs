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

#[cfg(test)]
mod tests {
    use super::le_u64;

    #[test]
    fn words_are_little_endian_and_stop_at_the_end() {
        let b = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(le_u64(&b, 0), Some(0x0807_0605_0403_0201));
        assert_eq!(le_u64(&b, 1), Some(0x0908_0706_0504_0302));
        assert_eq!(le_u64(&b, 2), None);
        assert_eq!(le_u64(&b, usize::MAX), None);
    }
}
