//! `diagram`: any labels, tooltips and keys through the DOT writer and the built-in SVG
//! renderer. See `newsgraph::fuzzing::diagram` for the input format and the checks; here the SVG
//! is also read by an XML parser (roxmltree), which must find it well-formed.
#![no_main]

use std::collections::HashSet;
use std::sync::{Mutex, Once};

use libfuzzer_sys::fuzz_target;
use newsgraph::fuzzing;

static HOOK: Once = Once::new();
static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fuzz_target!(|bytes: &[u8]| {
    HOOK.call_once(|| {
        // libfuzzer-sys's panic hook aborts before `svg_builtin` can catch a panic of layout-rs
        // and report it as an error (which the target then reports with the DOT). This hook
        // prints each place once and lets the unwind go on; a panic that escapes the target
        // still aborts, in libfuzzer-sys's wrapper.
        std::panic::set_hook(Box::new(|info| {
            let place = info.location().map(|l| l.to_string()).unwrap_or_default();
            let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
            if seen.get_or_insert_with(HashSet::new).insert(place.clone()) {
                eprintln!("panic at {place}: {info}");
            }
        }));
    });
    let svg = fuzzing::diagram(&String::from_utf8_lossy(bytes));
    if let Err(e) = roxmltree::Document::parse(&svg) {
        panic!("the SVG is not well-formed XML: {e}\n{svg}");
    }
});
