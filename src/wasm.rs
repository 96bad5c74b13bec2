//! The JavaScript door; with `src/wasm/page.rs`, the only files that name
//! wasm-bindgen.
//!
//! Two modules are built from the core. The page's (feature `page`, on by
//! default; [`page`]) exports `Ingest` for data (chunks in, the report out)
//! and `calculate` for the typed-in calculators. The warehouse module (the
//! workspace crate `cxmetrics-warehouse`, which depends on the core with
//! `page` off) exports the SQL generator and the result-table reader, so
//! the page loads them only when they are used. This file holds what both
//! share: values cross with `serde-wasm-bindgen` (JS values read as JSON
//! values by [`json`]), and errors cross as a JS `Error` whose message is
//! the sentence the command line prints and whose `code` is
//! [`Error::code`] ([`core_error`]); and the browser's time zones for
//! [`crate::zone`].

use crate::error::Error;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use wasm_bindgen::prelude::*;

#[cfg(feature = "page")]
mod page;
#[cfg(feature = "parts")]
mod parts;

/// Reports a panic on the console before the module traps, so the page can
/// show "internal error" with something to copy.
#[cfg(any(feature = "page", feature = "parts"))]
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("cxmetrics internal error: {info}").into());
    }));
}

/// A result as a plain JS object. An integer beyond 2^53 − 1, which a
/// JavaScript number cannot hold exactly, is refused rather than rounded.
#[cfg(any(feature = "page", feature = "parts"))]
fn js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            js_error(
                "result_too_large",
                &format!(
                    "The result is not valid: {}: use smaller counts.",
                    message(e)
                ),
            )
        })
}

/// The settings object (`undefined` or `null`: every default), read as
/// `cxmetrics report --settings FILE` reads the file: an unknown key or a
/// value outside its set is refused with a sentence naming it.
#[cfg(any(feature = "page", feature = "parts"))]
fn settings_from(value: JsValue) -> Result<crate::settings::Settings, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Default::default());
    }
    let invalid =
        |e: &dyn fmt::Display| js_error("settings", &format!("The settings are not valid: {e}."));
    let value = json(value).map_err(|e| invalid(&e))?;
    serde::Deserialize::deserialize(&value).map_err(|e| invalid(&e))
}

/// A JS `Error` with `message` and a `code` property.
pub fn js_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// The core's error as a JS `Error`: its sentence and its code.
pub fn core_error(e: Error) -> JsValue {
    js_error(e.code(), &e.to_string())
}

/// The message of a `serde-wasm-bindgen` error (its JS `Error`'s message).
pub fn message(e: serde_wasm_bindgen::Error) -> String {
    let value = JsValue::from(e);
    match value.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => format!("{value:?}"),
    }
}

/// Reading stops this deep: a JS value nested deeper is refused rather
/// than run the reader out of stack.
const MAX_DEPTH: u32 = 64;

/// Reads a JSON value at nesting `depth` (a [`DeserializeSeed`] so the
/// depth travels down): `null` and `undefined` are null, a safe integer an
/// integer, another number a float (NaN and infinities null); arrays,
/// objects and `Map`s nest. Anything JSON has no room for is refused with
/// the reader's "invalid type" sentence.
struct Nested(u32);

impl<'de> DeserializeSeed<'de> for Nested {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Nested {
    fn deeper<E: serde::de::Error>(&self) -> Result<Nested, E> {
        if self.0 >= MAX_DEPTH {
            return Err(E::custom(format_args!(
                "the value nests more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(Nested(self.0 + 1))
    }
}

impl<'de> Visitor<'de> for Nested {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.deeper()?)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.deeper()?)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A JS value as a JSON value (see [`Nested`]).
pub fn json(value: JsValue) -> Result<Value, String> {
    Nested(0)
        .deserialize(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(message)
}

/// A time zone's rules in the page: an `Intl.DateTimeFormat` that reads an
/// instant in the zone ([`crate::zone`]).
pub(crate) type ZoneRules = js_sys::Intl::DateTimeFormat;

/// The browser's rules for the zone `name` (any IANA name its tz database
/// knows, in any case) with the name as the browser spells it, or `None`
/// for a zone it does not know. The formatter is built through
/// `Reflect.construct`, which returns the `RangeError` of an unknown zone
/// instead of throwing it through the wasm.
pub(crate) fn zone_rules(name: &str) -> Option<(String, ZoneRules)> {
    use js_sys::{Array, Function, Object, Reflect};
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    // The date to the second as numbers, on a 24-hour clock, in the
    // Gregorian calendar with Latin digits, and the era (to read BC years).
    let options = Object::new();
    for (key, value) in [
        ("timeZone", name),
        ("hourCycle", "h23"),
        ("era", "short"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("second", "numeric"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let args = Array::of2(&JsValue::from_str("en-US-u-ca-gregory-nu-latn"), &options);
    let format: ZoneRules = Reflect::construct(&constructor, &args)
        .ok()?
        .dyn_into()
        .ok()?;
    let canonical = Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| name.to_string());
    Some((canonical, format))
}

/// The local reading of the instant `t` (Unix seconds, inside
/// [`crate::zone::EARLIEST`]..=[`crate::zone::LATEST`], so a valid JS
/// `Date`) in the zone of `rules`: `[year, month, day, hour, minute,
/// second]`, or `None` when a part is missing.
pub(crate) fn zone_reading(rules: &ZoneRules, t: i64) -> Option<[i64; 6]> {
    use js_sys::{Date, Reflect};
    let date = Date::new(&JsValue::from_f64(t as f64 * 1000.0));
    let mut fields = [None; 6];
    let mut before_christ = false;
    for part in rules.format_to_parts(&date).iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string();
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string();
        let (Some(kind), Some(value)) = (kind, value) else {
            continue;
        };
        let slot = match kind.as_str() {
            "era" => {
                before_christ = value.starts_with('B');
                continue;
            }
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        fields[slot] = value.parse::<i64>().ok();
    }
    let mut reading = [0i64; 6];
    for (r, f) in reading.iter_mut().zip(fields) {
        *r = f?;
    }
    if before_christ {
        reading[0] = 1 - reading[0];
    }
    Some(reading)
}
