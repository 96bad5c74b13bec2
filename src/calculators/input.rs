//! The calculators' inputs: lenient fields kept as typed and checked by the
//! calculator that reads them, so that every refusal names its field by path
//! (`channels[0].spend`) and says what is expected; serde's derived readers
//! cannot say which field had the wrong type. `null` counts as missing.

use crate::error::Error;
use serde_json::Value;
use std::marker::PhantomData;

/// A number field.
#[derive(Debug, Default)]
pub(super) struct Num(Value);

/// A text field.
#[derive(Debug, Default)]
pub(super) struct Text(Value);

/// A true/false field.
#[derive(Debug, Default)]
pub(super) struct Flag(Value);

/// A list field whose items are `T` (numbers, or objects parsed as `T`).
#[derive(Debug)]
pub(super) struct List<T> {
    raw: Value,
    item: PhantomData<T>,
}

/// A nested object field parsed as `T`.
#[derive(Debug)]
pub(super) struct Obj<T> {
    raw: Value,
    item: PhantomData<T>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            raw: Value::Null,
            item: PhantomData,
        }
    }
}

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj {
            raw: Value::Null,
            item: PhantomData,
        }
    }
}

/// The largest count accepted: 2^53 − 1, JavaScript's largest exact integer.
pub(super) const MAX_COUNT: f64 = 9_007_199_254_740_991.0;
/// The largest number of days accepted for one onboarding.
pub(super) const MAX_DAYS: f64 = 1.0e9;

pub(super) const COUNT: &str = "a whole number of 0 or more";
pub(super) const AMOUNT: &str = "a number of 0 or more";
pub(super) const FRACTION: &str = "a number between 0 and 1";
pub(super) const NUMBER: &str = "a number";

/// `“name”` with curly quotes, truncated for display.
pub(super) fn quote(name: &str) -> String {
    let mut s: String = name.chars().take(60).collect();
    if name.chars().nth(60).is_some() {
        s.push('…');
    }
    format!("“{s}”")
}

/// A number for an error sentence: plain when reasonable, else exponent.
pub(super) fn show(x: f64) -> String {
    let a = x.abs();
    if a >= 1e15 || (a < 1e-4 && x != 0.0) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// What the user gave, for "…, not X".
pub(super) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) if u <= MAX_COUNT as u64 => u.to_string(),
            (_, Some(i), _) if i > -(MAX_COUNT as i64) => i.to_string(),
            (_, _, Some(x)) => show(x),
            _ => n.to_string(),
        },
        Value::String(s) => {
            let mut t: String = s.chars().take(40).collect();
            if s.chars().nth(40).is_some() {
                t.push('…');
            }
            serde_json::to_string(&t).unwrap_or_else(|_| "a text".into())
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

pub(super) fn wrong(path: &str, expected: &str, got: &Value) -> Error {
    Error::settings(format!(
        "{} must be {expected}, not {}.",
        quote(path),
        describe(got)
    ))
}

pub(super) fn missing(path: &str, expected: &str) -> Error {
    Error::settings(format!(
        "{} is missing: it must be {expected}.",
        quote(path)
    ))
}

/// `prefix.field`, or `field` at the top.
pub(super) fn at(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// `part` must not exceed `whole` (a subset count, e.g. satisfied ⊆ responses).
pub(super) fn at_most(part: (&str, u64), whole: (&str, u64), why: &str) -> Result<(), Error> {
    if part.1 > whole.1 {
        return Err(Error::settings(format!(
            "{} ({}) cannot be more than {} ({}): {why}.",
            quote(part.0),
            part.1,
            quote(whole.0),
            whole.1
        )));
    }
    Ok(())
}

/// A part and its whole from two typed counts: both whole numbers of 0 or
/// more, the part no larger than the whole (`why` says why).
pub(super) fn part_of_whole(
    (part_name, part): (&str, &Num),
    (whole_name, whole): (&str, &Num),
    why: &str,
) -> Result<(u64, u64), Error> {
    let p = part.count(part_name)?;
    let w = whole.count(whole_name)?;
    at_most((part_name, p), (whole_name, w), why)?;
    Ok((p, w))
}

/// A calculator's input object: its fields, each a raw JSON value.
///
/// Written by [`input!`]: every field is kept as its raw JSON value and
/// checked when read, so that a refusal can name the field.
pub(super) trait Fields {
    /// The field names, in declaration order.
    const FIELDS: &'static [&'static str];
    /// The input from its fields' values, in [`Self::FIELDS`] order (a
    /// missing value is `null`).
    fn from_values(values: Vec<Value>) -> Self;
}

/// An input field: a raw JSON value, checked when the calculator reads it.
pub(super) trait Field {
    /// The field holding `value`.
    fn from_value(value: Value) -> Self;
}

impl Field for Num {
    fn from_value(value: Value) -> Self {
        Num(value)
    }
}

impl Field for Text {
    fn from_value(value: Value) -> Self {
        Text(value)
    }
}

impl Field for Flag {
    fn from_value(value: Value) -> Self {
        Flag(value)
    }
}

impl<T> Field for List<T> {
    fn from_value(raw: Value) -> Self {
        List {
            raw,
            item: PhantomData,
        }
    }
}

impl<T> Field for Obj<T> {
    fn from_value(raw: Value) -> Self {
        Obj {
            raw,
            item: PhantomData,
        }
    }
}

/// The next field value, `null` past the end; out of line, so that each
/// field of each input struct costs a call rather than an inlined `next`.
#[inline(never)]
pub(super) fn next_value(values: &mut std::vec::IntoIter<Value>) -> Value {
    values.next().unwrap_or_default()
}

/// Declares an input struct and its [`Fields`]: every field is optional
/// (missing or `null` is `null`), and a field not listed is an error.
macro_rules! input {
    (struct $name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(Debug, Default)]
        struct $name {
            $($field: $ty,)*
        }

        impl Fields for $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            #[allow(unused_mut, unused_variables)]
            fn from_values(values: Vec<Value>) -> Self {
                let mut values = values.into_iter();
                $name {
                    $($field: Field::from_value(next_value(&mut values)),)*
                }
            }
        }
    };
}

/// Parses `v` (an object; `null` at the top is `{}`) as the input struct
/// `T`; a field `T` does not have is an error naming it.
pub(super) fn parse<T: Fields>(calc: &str, path: &str, v: &Value) -> Result<T, Error> {
    fields(calc, path, v, T::FIELDS).map(T::from_values)
}

/// The values of the fields `names` of the object `v`, in that order
/// (`null` when missing; no values for a `null` input at the top).
/// The first key, in key order, that is not in `names` is an error.
pub(super) fn fields(
    calc: &str,
    path: &str,
    v: &Value,
    names: &[&str],
) -> Result<Vec<Value>, Error> {
    let object = match v {
        Value::Object(object) => object,
        Value::Null if path.is_empty() => return Ok(Vec::new()),
        other if path.is_empty() => {
            return Err(Error::settings(format!(
                "the input of the {calc} calculator must be an object of named values, not {}.",
                describe(other)
            )))
        }
        other => return Err(wrong(path, "an object of named values", other)),
    };
    if let Some(field) = object.keys().find(|k| !names.contains(&k.as_str())) {
        return Err(unknown_field(calc, path, field, names));
    }
    Ok(names
        .iter()
        .map(|n| object.get(*n).cloned().unwrap_or_default())
        .collect())
}

/// "`x` is not an input of the … calculator; it takes `a` and `b`."
pub(super) fn unknown_field(calc: &str, path: &str, field: &str, names: &[&str]) -> Error {
    let expected: Vec<String> = names.iter().map(|n| quote(n)).collect();
    let takes = match expected.split_last() {
        None => "no inputs".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    };
    let whose = if path.is_empty() {
        "it".to_string()
    } else {
        quote(path)
    };
    Error::settings(format!(
        "{} is not an input of the {calc} calculator; {whose} takes {takes}.",
        quote(&at(path, field))
    ))
}

impl Num {
    /// The number, `None` when missing; an error when it is not a number.
    pub(super) fn read(&self, path: &str, expected: &str) -> Result<Option<f64>, Error> {
        match &self.0 {
            Value::Null => Ok(None),
            Value::Number(n) => n
                .as_f64()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| wrong(path, expected, &self.0)),
            other => Err(wrong(path, expected, other)),
        }
    }

    pub(super) fn checked(
        &self,
        path: &str,
        expected: &str,
        ok: impl Fn(f64) -> bool,
    ) -> Result<Option<f64>, Error> {
        match self.read(path, expected)? {
            Some(x) if ok(x) => Ok(Some(x)),
            Some(_) => Err(wrong(path, expected, &self.0)),
            None => Ok(None),
        }
    }

    /// An optional count.
    pub(super) fn count_opt(&self, path: &str) -> Result<Option<u64>, Error> {
        let Some(x) = self.checked(path, COUNT, |x| x >= 0.0 && x.fract() == 0.0)? else {
            return Ok(None);
        };
        if x > MAX_COUNT {
            return Err(Error::settings(format!(
                "{} is too large: a count must be at most 9007199254740991 (2^53 − 1), not {}.",
                quote(path),
                describe(&self.0)
            )));
        }
        Ok(Some(x as u64))
    }

    /// A required count.
    pub(super) fn count(&self, path: &str) -> Result<u64, Error> {
        self.count_opt(path)?.ok_or_else(|| missing(path, COUNT))
    }

    /// A count, `default` when missing.
    pub(super) fn count_or(&self, path: &str, default: u64) -> Result<u64, Error> {
        Ok(self.count_opt(path)?.unwrap_or(default))
    }

    /// An optional number ≥ 0.
    pub(super) fn amount_opt(&self, path: &str) -> Result<Option<f64>, Error> {
        self.checked(path, AMOUNT, |x| x >= 0.0)
    }

    /// A required number ≥ 0.
    pub(super) fn amount(&self, path: &str) -> Result<f64, Error> {
        self.amount_opt(path)?.ok_or_else(|| missing(path, AMOUNT))
    }

    /// An optional number from 0 to 1.
    pub(super) fn fraction_opt(&self, path: &str) -> Result<Option<f64>, Error> {
        self.checked(path, FRACTION, |x| (0.0..=1.0).contains(&x))
    }

    /// A required number from 0 to 1.
    pub(super) fn fraction(&self, path: &str) -> Result<f64, Error> {
        self.fraction_opt(path)?
            .ok_or_else(|| missing(path, FRACTION))
    }

    /// A required finite number of any sign.
    pub(super) fn real(&self, path: &str) -> Result<f64, Error> {
        self.read(path, NUMBER)?
            .ok_or_else(|| missing(path, NUMBER))
    }

    /// A number accepted by `ok`, `default` when missing.
    pub(super) fn within_or(
        &self,
        path: &str,
        expected: &str,
        ok: impl Fn(f64) -> bool,
        default: f64,
    ) -> Result<f64, Error> {
        Ok(self.checked(path, expected, ok)?.unwrap_or(default))
    }

    pub(super) fn is_missing(&self) -> bool {
        self.0.is_null()
    }
}

impl Text {
    /// Which of `options` was given (`default` when missing).
    pub(super) fn choice(
        &self,
        path: &str,
        options: &[&str],
        default: Option<usize>,
    ) -> Result<usize, Error> {
        let expected = match options.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                let quoted: Vec<String> = rest.iter().map(|o| format!("\"{o}\"")).collect();
                format!("{} or \"{last}\"", quoted.join(", "))
            }
            Some((last, _)) => format!("\"{last}\""),
            None => "nothing".into(),
        };
        match &self.0 {
            Value::Null => default.ok_or_else(|| missing(path, &expected)),
            Value::String(s) => options
                .iter()
                .position(|o| o == s)
                .ok_or_else(|| wrong(path, &expected, &self.0)),
            other => Err(wrong(path, &expected, other)),
        }
    }

    /// A required non-empty text.
    pub(super) fn text(&self, path: &str) -> Result<String, Error> {
        match &self.0 {
            Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            Value::Null => Err(missing(path, "a name")),
            other => Err(wrong(path, "a name", other)),
        }
    }

    pub(super) fn is_missing(&self) -> bool {
        self.0.is_null()
    }
}

impl Flag {
    /// A required true/false.
    pub(super) fn flag(&self, path: &str) -> Result<bool, Error> {
        match &self.0 {
            Value::Bool(b) => Ok(*b),
            Value::Null => Err(missing(path, "true or false")),
            other => Err(wrong(path, "true or false", other)),
        }
    }
}

impl<T> List<T> {
    /// The raw items; `None` when the list is missing.
    pub(super) fn raw_items(&self, path: &str, expected: &str) -> Result<Option<&[Value]>, Error> {
        match &self.raw {
            Value::Null => Ok(None),
            Value::Array(items) => Ok(Some(items)),
            other => Err(wrong(path, expected, other)),
        }
    }

    pub(super) fn is_missing(&self) -> bool {
        self.raw.is_null()
    }
}

impl List<Num> {
    /// The numbers with their paths (`values[3]`); `None` when missing.
    pub(super) fn numbers(&self, path: &str) -> Result<Option<Vec<(String, Num)>>, Error> {
        let Some(items) = self.raw_items(path, "a list of numbers")? else {
            return Ok(None);
        };
        Ok(Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{path}[{i}]"), Num(v.clone())))
                .collect(),
        ))
    }
}

impl<T: Fields> List<T> {
    /// The objects, each parsed as `T`, with their paths; `None` when missing.
    pub(super) fn records(
        &self,
        calc: &str,
        path: &str,
    ) -> Result<Option<Vec<(String, T)>>, Error> {
        let Some(items) = self.raw_items(path, "a list of objects")? else {
            return Ok(None);
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let p = format!("{path}[{i}]");
                parse::<T>(calc, &p, v).map(|t| (p, t))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

impl<T: Fields> Obj<T> {
    /// The required nested object.
    pub(super) fn record(&self, calc: &str, path: &str) -> Result<T, Error> {
        if self.raw.is_null() {
            return Err(missing(path, "an object of named values"));
        }
        parse(calc, path, &self.raw)
    }
}
