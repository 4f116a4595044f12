//! The wall around the third-party decoders: their panics are caught and silenced.

use std::{
    any::Any,
    cell::{Cell, RefCell},
    panic::AssertUnwindSafe,
    sync::Once,
};

use super::{Bound, Halt};

thread_local! {
    static SILENT: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}
static HOOK: Once = Once::new();

/// Runs `f`, catching a panic and keeping the panic hook quiet for it.
///
/// The hook installed once wraps the one in place then: on threads inside `isolate` it records
/// the panic instead of printing it, elsewhere it defers to the previous hook.
fn isolate<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if SILENT.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let message = payload_message(info.payload());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
            } else {
                previous(info);
            }
        }));
    });
    let was_silent = SILENT.with(|s| s.replace(true));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(f));
    SILENT.with(|s| s.set(was_silent));
    outcome.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_message(payload.as_ref()))
    })
}

fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

/// Runs a decoder's reading behind the wall: a panic and a bound reached both end it.
pub(super) fn guarded<T>(f: impl FnOnce() -> Result<T, Bound>) -> Result<T, Halt> {
    match isolate(f) {
        Ok(Ok(found)) => Ok(found),
        Ok(Err(bound)) => Err(Halt::Stopped(bound)),
        Err(message) => Err(Halt::Panicked(message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_are_caught_with_their_message() {
        let outcome: Result<(), String> = isolate(|| panic!("decoder bug {}", 7));
        let message = outcome.unwrap_err();
        assert!(message.starts_with("decoder bug 7 at "), "{message}");
        assert!(message.contains("wall.rs"));
        assert_eq!(isolate(|| 5), Ok(5));
    }
}
