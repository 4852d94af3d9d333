//! Short-lived messages in the corner: a change saved, a record someone else changed.

use leptos::prelude::*;

/// How a toast is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
struct Toast {
    id: u64,
    tone: Tone,
    text: String,
}

/// The queue of toasts, shared through context.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// How many toasts show at once.
const MAX_TOASTS: usize = 3;

/// How long a toast stays, in milliseconds.
const TOAST_MS: u64 = 6000;

impl Toasts {
    /// An empty queue.
    pub fn new() -> Toasts {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        }
    }

    /// Shows `text` for a few seconds.
    pub fn show(&self, tone: Tone, text: impl Into<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| {
            items.push(Toast {
                id,
                tone,
                text: text.into(),
            });
            // A burst of changes keeps only the latest few in view.
            if items.len() > MAX_TOASTS {
                items.remove(0);
            }
        });
        let items = self.items;
        set_timeout(
            move || items.update(|all| all.retain(|t| t.id != id)),
            std::time::Duration::from_millis(TOAST_MS),
        );
    }

    /// A success or neutral message.
    pub fn info(&self, text: impl Into<String>) {
        self.show(Tone::Info, text);
    }

    /// Something the person should notice, e.g. a reload after a conflict.
    pub fn warn(&self, text: impl Into<String>) {
        self.show(Tone::Warning, text);
    }

    /// A failure that has no form field to sit beside.
    pub fn error(&self, text: impl Into<String>) {
        self.show(Tone::Error, text);
    }

    fn dismiss(&self, id: u64) {
        self.items.update(|all| all.retain(|t| t.id != id));
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Toasts::new()
    }
}

/// The toasts from context.
pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_default()
}

/// Renders the queue; mount once near the root.
#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
            <For
                each=move || toasts.items.get()
                key=|t| t.id
                children=move |t| {
                    let class = match t.tone {
                        Tone::Info => "toast",
                        Tone::Warning => "toast toast-warning",
                        Tone::Error => "toast toast-error",
                    };
                    let id = t.id;
                    view! {
                        <div class=class data-testid="toast">
                            <span>{t.text}</span>
                            <button
                                type="button"
                                aria-label="Dismiss"
                                on:click=move |_| toasts.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            />
        </div>
    }
}
