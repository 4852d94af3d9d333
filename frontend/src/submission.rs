//! A request a screen sends when someone submits a form or presses a button: whether it is still
//! running (to disable the button and say "Saving…"), and its answer delivered only while the
//! screen that sent it still exists — leaving a screen mid-request never touches disposed signals.

use leptos::prelude::*;
use std::future::Future;

/// One form's or button's request in flight; `Copy`, so every closure of a screen can hold it.
#[derive(Clone, Copy)]
pub struct Submission(RwSignal<bool>);

impl Submission {
    /// Nothing running yet.
    pub fn new() -> Self {
        Self(RwSignal::new(false))
    }

    /// Whether a request is running; tracked, so `disabled=move || saving.running()` follows it.
    pub fn running(self) -> bool {
        self.0.get()
    }

    /// Whether a request is running, read without subscribing (inside event handlers).
    pub fn running_untracked(self) -> bool {
        self.0.get_untracked()
    }

    /// Sends `request`; running until it answers, then `then` gets the answer — unless the screen
    /// was left meanwhile, in which case the answer is dropped.
    pub fn run<T: 'static>(
        self,
        request: impl Future<Output = T> + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        self.0.set(true);
        leptos::task::spawn_local(async move {
            let answer = request.await;
            if self.0.is_disposed() {
                return;
            }
            self.0.set(false);
            then(answer);
        });
    }
}

impl Default for Submission {
    fn default() -> Self {
        Self::new()
    }
}
