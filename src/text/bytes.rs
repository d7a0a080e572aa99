//! Reading text eight bytes at a time: the few word-sized byte tests the hot loops share.
//!
//! Most of German news text is ASCII, and the loops that pass over every byte of it (the
//! [`CharIndex`](crate::text::span::CharIndex), the tokenizer, the gazetteer's screen) go
//! fastest when they look at a word of eight bytes at once. A word here is a `u64` read
//! little-endian, so its first byte is its lowest lane and `trailing_zeros() / 8` counts the
//! lanes before the first one a test marks. A test marks a lane by its high bit.
//!
//! A helper stays only while `cargo bench --bench stages` shows that it gains more than 5 % on
//! its stage over the plain loop. Measured on 2 MB of the benchmark corpus against the plain
//! byte loop: [`continuation_bits`] 8 % on `segment`, [`ascii_alphanumeric_end`] 20 % on
//! `segment+tokenize` (9 % fewer instructions). Where the standard library reads words itself
//! the plain form is kept: [`ascii_len`] is `is_ascii` on eight-byte chunks.

/// The high bit of each of eight lanes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The low bit of each of eight lanes: a byte value times this is that byte in every lane.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The eight bytes of `bytes` from `at` as a word, and the high bit of each lane that holds one
/// of them: past the end of `bytes` the word reads zeros, in lanes the mask leaves out.
#[inline]
pub fn word_at(bytes: &[u8], at: usize) -> (u64, u64) {
    match bytes.get(at..at + 8) {
        Some(chunk) => (u64::from_le_bytes(chunk.try_into().expect("eight bytes")), HIGH_BITS),
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            let mut chunk = [0; 8];
            chunk[..rest.len()].copy_from_slice(rest);
            let valid = HIGH_BITS.checked_shr(8 * (8 - rest.len() as u32)).unwrap_or(0);
            (u64::from_le_bytes(chunk), valid)
        }
    }
}

/// The high bit of each lane of `word` that is an ASCII letter or digit.
///
/// In a lane below 0x80, `0x7f + high - b` and `b + 0x7f - low` stay within the lane, and both
/// reach 0x80 exactly when `low < b < high`: no lane carries into the next. Setting bit 5 makes
/// upper-case letters lower-case and no other byte a letter.
#[inline]
pub fn ascii_alphanumeric(word: u64) -> u64 {
    let seven = word & !HIGH_BITS;
    let between = |x: u64, low: u8, high: u8| {
        (LOW_BITS * (0x7f + u64::from(high)) - x) & (x + LOW_BITS * u64::from(0x7f - low))
    };
    let letters = between(seven | (LOW_BITS * 0x20), b'a' - 1, b'z' + 1);
    let digits = between(seven, b'0' - 1, b'9' + 1);
    (letters | digits) & !word & HIGH_BITS
}

/// The end of the run of ASCII letters and digits that starts at byte `from` of `bytes`, found
/// eight bytes at a time: most words are one or two words long.
#[inline]
pub fn ascii_alphanumeric_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let other = !ascii_alphanumeric(word) & HIGH_BITS;
        if other != 0 {
            return at + other.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    at + bytes[at..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - at)
}

/// The length of the ASCII start of `bytes`. (The standard library's `is_ascii` reads each
/// eight bytes as a word.)
#[inline]
pub fn ascii_len(bytes: &[u8]) -> usize {
    let words = bytes.chunks_exact(8).take_while(|chunk| chunk.is_ascii()).count() * 8;
    words + bytes[words..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - words)
}

/// Of at most 64 bytes, bit `k` set when byte `k` is a UTF-8 continuation byte (0b10xx_xxxx),
/// so that no char starts there.
#[inline]
pub fn continuation_bits(block: &[u8]) -> u64 {
    debug_assert!(block.len() <= 64);
    if block.is_ascii() {
        return 0;
    }
    let mut mask = 0;
    let mut words = block.chunks_exact(8);
    for (k, chunk) in words.by_ref().enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // The high bit of each lane 0b10xx_xxxx, moved to the low bit of its lane; the
        // multiplication gathers the eight low bits into the top lane (no two products meet,
        // so nothing carries).
        let top = word & !(word << 1) & HIGH_BITS;
        let bits = (top >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= bits << (8 * k);
    }
    let tail = block.len() - words.remainder().len();
    for (k, &b) in words.remainder().iter().enumerate() {
        if is_continuation(b) {
            mask |= 1 << (tail + k);
        }
    }
    mask
}

fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value in every lane, between neighbours that are and are not what a test looks
    /// for, and with the bytes before and after cut off at every length.
    #[test]
    fn helpers_agree_with_byte_by_byte_tests() {
        for b in 0..=255u8 {
            for filler in [b'a', b'Z', b'7', b' ', 0x80, 0xc3, 0xff] {
                for lane in 0..8 {
                    let mut bytes = [filler; 16];
                    bytes[lane] = b;
                    let word = u64::from_le_bytes(bytes[..8].try_into().expect("eight"));
                    let expected = (0..8)
                        .filter(|&k| bytes[k].is_ascii_alphanumeric())
                        .fold(0, |mask, k| mask | 0x80 << (8 * k));
                    assert_eq!(ascii_alphanumeric(word), expected, "{b} in lane {lane}");
                    for end in 0..=bytes.len() {
                        let bytes = &bytes[..end];
                        for from in 0..=end {
                            let run = bytes[from..].iter().position(|b| !b.is_ascii_alphanumeric());
                            assert_eq!(
                                ascii_alphanumeric_end(bytes, from),
                                run.map_or(end, |k| from + k),
                                "{b} in lane {lane}, {from}..{end}"
                            );
                            let ascii = bytes[from..].iter().position(|b| !b.is_ascii());
                            assert_eq!(ascii_len(&bytes[from..]), ascii.unwrap_or(end - from));
                            let (word, valid) = word_at(bytes, from);
                            for k in 0..8 {
                                let byte = bytes.get(from + k).copied();
                                assert_eq!((word >> (8 * k)) as u8, byte.unwrap_or(0));
                                assert_eq!(valid >> (8 * k + 7) & 1 == 1, byte.is_some());
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn continuation_bits_agree_with_byte_by_byte() {
        for b in 0..=255u8 {
            for filler in [b'a', 0x80, 0xbf, 0xc3, 0xe2, 0xff] {
                for at in 0..64 {
                    let mut block = [filler; 64];
                    block[at] = b;
                    for len in [64, 63, 61, 57, 9, 8, 1, 0] {
                        let block = &block[..len];
                        let expected = (0..len)
                            .filter(|&k| is_continuation(block[k]))
                            .fold(0u64, |mask, k| mask | 1 << k);
                        assert_eq!(continuation_bits(block), expected, "{b} at {at}, {len}");
                    }
                }
            }
        }
    }
}
