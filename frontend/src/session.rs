//! The signed-in session: who the person is, and keeping their tokens fresh.
//!
//! Access tokens live 15 minutes and refresh tokens are single-use, so a refresh must happen at
//! most once per expiry: concurrent calls that all meet a 401 share one refresh ([`Session::refresh`]).
//! Reusing a spent refresh token ends the session on the server, which is why the stored pair is
//! re-read before every refresh.

use crate::storage;
use annex_client::domain::access::auth::{LoginRequest, Me};
use annex_client::domain::{Action, Role};
use annex_client::{ApiError, Client};
use futures_util::FutureExt;
use futures_util::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;

/// Shown on the sign-in screen when a session ends without the person signing out.
pub const SESSION_ENDED: &str = "Your session has ended. Please sign in again.";

/// Where the app is with signing in.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// Tokens from an earlier visit are being checked.
    Checking,
    /// No session: the sign-in screen is the only way in.
    SignedOut,
    /// A live session, and who it belongs to.
    SignedIn(Box<Me>),
}

/// How a refresh attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Refreshed {
    /// A new pair is stored; retry the call.
    Yes,
    /// The server refused the refresh token: the session is over.
    Ended,
    /// The server could not be reached; the session may still be alive.
    Unreachable(String),
}

/// The session, shared through context; `Copy` so every closure can hold it.
#[derive(Clone, Copy)]
pub struct Session {
    /// Signed in or not, and as whom.
    pub auth: RwSignal<Auth>,
    /// A message for the sign-in screen, such as why the last session ended.
    pub notice: RwSignal<Option<String>>,
    in_flight: StoredValue<Option<Shared<LocalBoxFuture<'static, Refreshed>>>, LocalStorage>,
}

/// The page's own origin: the API is served from the same place as the UI.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// A client that is not signed in, for login and refresh.
pub fn anonymous_client() -> Client {
    Client::new(&origin())
}

impl Session {
    /// A session in the `Checking` state; call [`Session::resume`] to settle it.
    pub fn new() -> Session {
        Session {
            auth: RwSignal::new(Auth::Checking),
            notice: RwSignal::new(None),
            in_flight: StoredValue::new_local(None),
        }
    }

    /// The person signed in, if any (tracked).
    pub fn me(&self) -> Option<Me> {
        match self.auth.get() {
            Auth::SignedIn(me) => Some(*me),
            _ => None,
        }
    }

    /// The role of the person signed in (tracked).
    pub fn role(&self) -> Option<Role> {
        self.auth.with(|a| match a {
            Auth::SignedIn(me) => Some(me.role),
            _ => None,
        })
    }

    /// Whether the person's role allows `action` (tracked); false when signed out.
    pub fn can(&self, action: Action) -> bool {
        self.role().is_some_and(|r| r.can(action))
    }

    /// The role right now, without subscribing: screens take it once when they open, so a
    /// sign-out tearing them down never re-runs their rows.
    pub fn role_untracked(&self) -> Option<Role> {
        self.auth.with_untracked(|a| match a {
            Auth::SignedIn(me) => Some(me.role),
            _ => None,
        })
    }

    /// Whether the role allows `action`, right now, without subscribing.
    pub fn can_untracked(&self, action: Action) -> bool {
        self.role_untracked().is_some_and(|r| r.can(action))
    }

    /// The signed-in person's user id, right now, without subscribing.
    pub fn user_id_untracked(&self) -> Option<uuid::Uuid> {
        self.auth.with_untracked(|a| match a {
            Auth::SignedIn(me) => Some(me.user.id),
            _ => None,
        })
    }

    /// A client carrying the stored access token.
    pub fn client(&self) -> Client {
        match storage::load().access {
            Some(token) => anonymous_client().with_token(token),
            None => anonymous_client(),
        }
    }

    /// Picks up the session of an earlier visit, if its tokens still work.
    pub async fn resume(self) {
        let stored = storage::load();
        if stored.refresh.is_none() {
            self.auth.set(Auth::SignedOut);
            return;
        }
        if stored.access.is_none() {
            match self.refresh(None).await {
                Refreshed::Yes => {}
                Refreshed::Ended => return,
                Refreshed::Unreachable(_) => return self.unreachable(),
            }
        }
        match crate::api::call(self, async |c| c.me().await).await {
            Ok(me) => self.auth.set(Auth::SignedIn(Box::new(me))),
            Err(ApiError::Network(_)) => self.unreachable(),
            // `call` already ended the session if the tokens were refused.
            Err(_) => self.end(Some(SESSION_ENDED)),
        }
    }

    /// Signs in with email and password; the error is the server's word on why not.
    pub async fn sign_in(self, email: String, password: String) -> Result<(), ApiError> {
        let request = LoginRequest {
            email,
            password,
            org_id: None,
        };
        let pair = anonymous_client().login(&request).await?;
        storage::save(&pair);
        let me = anonymous_client()
            .with_token(pair.access_token)
            .me()
            .await
            .inspect_err(|_| storage::clear())?;
        self.notice.set(None);
        self.auth.set(Auth::SignedIn(Box::new(me)));
        Ok(())
    }

    /// Signs out here and on the server (best effort: the tokens are forgotten either way).
    pub async fn sign_out(self) {
        let stored = storage::load();
        storage::clear();
        self.notice.set(Some("You have signed out.".to_owned()));
        self.auth.set(Auth::SignedOut);
        if let (Some(access), Some(refresh)) = (stored.access, stored.refresh) {
            // Failing to revoke leaves a refresh token nobody holds any more; nothing to tell the person.
            let _ = anonymous_client().with_token(access).logout(&refresh).await;
        }
    }

    /// Forgets the tokens and returns to the sign-in screen with `message`.
    pub fn end(self, message: Option<&str>) {
        storage::clear();
        self.notice.set(message.map(str::to_owned));
        self.auth.set(Auth::SignedOut);
    }

    /// Follows other tabs of this browser: signing out there signs out here, signing in there
    /// picks the session up here.
    pub fn follow_other_tabs(self) {
        // The listener lives as long as the page, so its handle is never used to remove it.
        let _listener = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().as_deref() != Some(storage::REFRESH_KEY) {
                return;
            }
            let auth = self.auth.get_untracked();
            match ev.new_value() {
                None if matches!(auth, Auth::SignedIn(_)) => {
                    self.notice
                        .set(Some("You signed out in another tab.".to_owned()));
                    self.auth.set(Auth::SignedOut);
                }
                Some(_) if auth == Auth::SignedOut => leptos::task::spawn_local(self.resume()),
                _ => {}
            }
        });
    }

    /// Re-reads who the person is, e.g. after their role or organisation changed.
    pub async fn reload_me(self) {
        if let Ok(me) = crate::api::call(self, async |c| c.me().await).await {
            self.auth.set(Auth::SignedIn(Box::new(me)));
        }
    }

    fn unreachable(self) {
        self.notice.set(Some(
            "Cannot reach the server. Check your connection and sign in again.".to_owned(),
        ));
        self.auth.set(Auth::SignedOut);
    }

    /// Exchanges the refresh token for a new pair, once however many callers ask at the same time.
    ///
    /// `rejected` is the access token the server just refused: when storage already holds another
    /// one, someone else refreshed meanwhile and the caller only needs to retry.
    pub async fn refresh(self, rejected: Option<String>) -> Refreshed {
        let current = storage::load().access;
        if rejected.is_some() && current.is_some() && current != rejected {
            return Refreshed::Yes;
        }
        let shared = match self.in_flight.get_value() {
            Some(running) => running,
            None => {
                let running = exchange(self).boxed_local().shared();
                self.in_flight.set_value(Some(running.clone()));
                running
            }
        };
        let outcome = shared.await;
        self.in_flight.set_value(None);
        outcome
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// One refresh round trip; ends the session when the server refuses the token.
async fn exchange(session: Session) -> Refreshed {
    let Some(refresh) = storage::load().refresh else {
        session.end(Some(SESSION_ENDED));
        return Refreshed::Ended;
    };
    match anonymous_client().refresh(&refresh).await {
        Ok(pair) => {
            storage::save(&pair);
            Refreshed::Yes
        }
        Err(ApiError::Network(text)) => Refreshed::Unreachable(text),
        Err(_) => {
            session.end(Some(SESSION_ENDED));
            Refreshed::Ended
        }
    }
}

/// The session from context; the app provides it at the root.
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_default()
}
