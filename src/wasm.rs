//! The JavaScript door; the only file that names wasm-bindgen.
