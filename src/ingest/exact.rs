//! Correctly rounded decimal → `f64` for the rare numbers the fast path in
//! [`super::values`] cannot convert exactly: more than 15 significant
//! digits, or a power of ten beyond 10^±22.
//!
//! The value is computed as an exact fraction of two big integers and
//! rounded to nearest, ties to even — the result the standard library's
//! parser gives (the tests check it against `str::parse::<f64>`). That
//! parser is not used because its tables and code weigh 14 KB gzipped in
//! the page's wasm, for a path a spreadsheet export almost never takes;
//! this one costs about 1.4 KB and is fast enough for a rare cell.

use std::cmp::Ordering;

/// A non-negative big integer: little-endian 32-bit limbs, no zero limb on
/// top (zero is the empty vector).
#[derive(Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// self = self × m + add.
    fn mul_add(&mut self, m: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n >= 9 {
            self.mul_add(1_000_000_000, 0);
            n -= 9;
        }
        if n > 0 {
            self.mul_add(10u32.pow(n), 0);
        }
    }

    fn bits(&self) -> u64 {
        match self.0.last() {
            None => 0,
            Some(top) => 32 * (self.0.len() as u64 - 1) + u64::from(32 - top.leading_zeros()),
        }
    }

    fn shl(&mut self, n: u32) {
        if self.0.is_empty() {
            return;
        }
        let (words, bits) = ((n / 32) as usize, n % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = *limb;
                *limb = (v << bits) | carry;
                carry = v >> (32 - bits);
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat(0).take(words));
    }

    fn shr1(&mut self) {
        let mut carry = 0u32;
        for limb in self.0.iter_mut().rev() {
            let v = *limb;
            *limb = (v >> 1) | (carry << 31);
            carry = v & 1;
        }
        self.trim();
    }

    /// self −= other, with other ≤ self.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            *limb = v as u32;
            borrow = i64::from(v < 0);
        }
        self.trim();
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The `f64` nearest to `digits` × 10^`exp` (ties to even), where `digits`
/// are ASCII decimal digits; infinity when it is beyond `f64::MAX`.
///
/// ```
/// use cxmetrics::ingest::exact::decimal_to_f64;
/// // 2^53 + 1 lies halfway between two doubles: ties go to the even one.
/// assert_eq!(decimal_to_f64(b"9007199254740993", 0), 9_007_199_254_740_992.0);
/// assert_eq!(decimal_to_f64(b"5", -324), 5e-324);
/// assert_eq!(decimal_to_f64(b"17976931348623157", 292), f64::MAX);
/// assert_eq!(decimal_to_f64(b"2", 308), f64::INFINITY);
/// ```
pub fn decimal_to_f64(digits: &[u8], exp: i64) -> f64 {
    let digits = match digits.iter().position(|&d| d != b'0') {
        Some(first) => &digits[first..],
        None => return 0.0,
    };
    let top = exp.saturating_add(digits.len() as i64);
    // value ≥ 10^(top−1): from 10^309 on it is beyond f64::MAX (1.8e308);
    // value < 10^top: up to 10^−325 it is below half the least subnormal.
    if top > 309 {
        return f64::INFINITY;
    }
    if top < -324 {
        return 0.0;
    }
    // value = num / den exactly.
    let mut num = Big(Vec::new());
    for &d in digits {
        num.mul_add(10, u32::from(d.wrapping_sub(b'0')));
    }
    let mut den = Big(vec![1]);
    if exp >= 0 {
        num.mul_pow10(exp as u32);
    } else {
        den.mul_pow10(exp.unsigned_abs() as u32);
    }
    // k: 2^k ≤ value < 2^(k+1).
    let mut k = num.bits() as i64 - den.bits() as i64;
    let (mut a, mut b) = (num.clone(), den.clone());
    if k >= 0 {
        b.shl(k as u32);
    } else {
        a.shl(k.unsigned_abs() as u32);
    }
    if a < b {
        k -= 1;
    }
    if k > 1023 {
        return f64::INFINITY;
    }
    // Weight of the last significand bit: 53 bits for a normal number,
    // fixed at 2^−1074 for a subnormal.
    let mut lsb = (k - 52).max(-1074);
    // q = ⌊value / 2^lsb⌋ < 2^53, by binary long division; num keeps the
    // remainder.
    if lsb >= 0 {
        den.shl(lsb as u32);
    } else {
        num.shl(lsb.unsigned_abs() as u32);
    }
    let mut step = den.clone();
    step.shl(52);
    let mut q = 0u64;
    for bit in (0..=52).rev() {
        if num >= step {
            num.sub(&step);
            q |= 1 << bit;
        }
        step.shr1();
    }
    num.shl(1);
    match num.cmp(&den) {
        Ordering::Greater => q += 1,
        Ordering::Equal => q += q & 1,
        Ordering::Less => {}
    }
    if q == 1 << 53 {
        q >>= 1;
        lsb += 1;
    }
    if lsb > 1023 - 52 {
        return f64::INFINITY;
    }
    if q < 1 << 52 {
        // Subnormal (lsb = −1074): the bits are the significand itself.
        f64::from_bits(q)
    } else {
        f64::from_bits((((lsb + 52 + 1023) as u64) << 52) | (q - (1 << 52)))
    }
}

#[cfg(test)]
mod tests {
    use super::decimal_to_f64;
    use proptest::prelude::*;

    fn std_parse(digits: &str, exp: i64) -> f64 {
        format!("{digits}e{exp}").parse().unwrap()
    }

    #[test]
    fn edge_cases_match_std() {
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("000", 5),
            ("1", 0),
            ("9007199254740993", 0),
            ("9007199254740995", 0),
            ("18014398509481985", 0),
            ("17976931348623157", 292),
            ("17976931348623158", 292),
            ("17976931348623159", 292),
            ("1797693134862315807937289714053034150799", 269),
            ("17976931348623158079372897140530341507993413271003782693617377898044496829276475094664736", 220),
            ("22250738585072011", -324),
            ("22250738585072014", -324),
            ("22250738585072012", -324),
            ("49406564584124654", -340),
            ("24703282292062327", -340),
            ("24703282292062328", -340),
            ("2470328229206232720882538", -348),
            ("24703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125", -1074),
            ("1", 400),
            ("1", -400),
            ("123456789012345678901234567890", 0),
            ("1", 22),
            ("1", 23),
            ("1", -23),
            ("3", -325),
            ("25", -325),
        ];
        for &(digits, exp) in cases {
            let got = decimal_to_f64(digits.as_bytes(), exp);
            let want = std_parse(digits, exp);
            assert_eq!(got.to_bits(), want.to_bits(), "{digits}e{exp}");
        }
    }

    proptest! {
        /// Any digit string and power of ten converts exactly as the
        /// standard library's correctly rounded parser does.
        #[test]
        fn matches_std_parse(digits in "[0-9]{1,70}", exp in -420i64..420) {
            let got = decimal_to_f64(digits.as_bytes(), exp);
            let want = std_parse(&digits, exp);
            prop_assert_eq!(got.to_bits(), want.to_bits(), "{}e{}", digits, exp);
        }

        /// Every double's exact decimal expansion, and its shortest one,
        /// converts back to it.
        #[test]
        fn doubles_round_trip(bits in any::<u64>().prop_map(|b| b & 0x7FEF_FFFF_FFFF_FFFF)) {
            let x = f64::from_bits(bits);
            for text in [format!("{x:e}"), format!("{x:.1100e}")] {
                let (mantissa, exp) = text.split_once('e').unwrap();
                let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
                let exp = exp.parse::<i64>().unwrap() - frac.len() as i64;
                let digits = format!("{int}{frac}");
                prop_assert_eq!(decimal_to_f64(digits.as_bytes(), exp).to_bits(), bits, "{}", text);
            }
        }

        /// Exactly halfway between two doubles (ties to even), and one unit
        /// of the last digit either side of halfway, written out exactly
        /// with u128 arithmetic: (2q + 1) × 2^(s − 1).
        #[test]
        fn halfway_points(q in (1u64 << 52)..(1u64 << 53), s in -28i32..=70) {
            let odd = u128::from(2 * q + 1);
            let (mid, exp) = if s >= 1 {
                (odd << (s - 1), 0i64)
            } else {
                let n = (1 - s) as u32;
                (odd * 5u128.pow(n), -i64::from(n))
            };
            let texts = [
                (mid.to_string(), exp),
                ((mid * 10 + 1).to_string(), exp - 1),
                ((mid * 10 - 1).to_string(), exp - 1),
            ];
            for (digits, exp) in texts {
                prop_assert_eq!(
                    decimal_to_f64(digits.as_bytes(), exp).to_bits(),
                    std_parse(&digits, exp).to_bits(),
                    "{}e{}", digits, exp
                );
            }
        }
    }
}
