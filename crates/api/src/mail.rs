//! Sending the outbox over SMTP (lettre, rustls): claims due mails, composes their plain-text and
//! HTML parts under the public address, sends each, and records what the SMTP server said.
//!
//! The sent state is written only after the server accepted the mail, so a crash in between sends
//! it again after the lease runs out; its `Message-ID` is the outbox id, so the second copy is
//! recognisably the same mail. Without `ANNEX_SMTP_URL` nothing is sent and mails wait.

use annex_domain::events::mail::compose;
use annex_store::events::outbox::{self, Claimed};
use annex_store::{DbPool, StoreError};
use chrono::NaiveDateTime;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, header};
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

/// Where mail goes and what it says it is from.
#[derive(Debug, Clone, Default)]
pub struct MailConfig {
    /// `smtp://`, `smtp://…?tls=required` or `smtps://`, with `user:password@` if the server
    /// wants them (`ANNEX_SMTP_URL`); none: mails wait in the outbox.
    pub smtp_url: Option<String>,
    /// The sender, `Name <address>` or an address (`ANNEX_MAIL_FROM`).
    pub from: Option<String>,
    /// The address links start with (`ANNEX_PUBLIC_URL`, or the server's own).
    pub public_url: String,
}

/// The mail settings could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("ANNEX_SMTP_URL is not one lettre understands: {0}")]
    Smtp(String),
    #[error("ANNEX_MAIL_FROM is not an address: {0}")]
    From(String),
}

/// The SMTP transport with the sender and the address links start with.
pub struct Mailer {
    transport: Option<SmtpTransport>,
    from: Mailbox,
    base: String,
    /// The domain of `Message-ID`s.
    domain: String,
}

/// Why one mail was not sent.
#[derive(Debug)]
pub struct SendFailure {
    /// The server refused this mail for good (a 5xx reply, a bad address): trying again is futile.
    pub permanent: bool,
    pub message: String,
}

/// What one sending run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendRun {
    pub sent: usize,
    /// Failed this time; tried again later.
    pub deferred: usize,
    /// Given up.
    pub failed: usize,
}

/// How long lettre waits on the SMTP server before giving up an attempt.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// Mails sent per run at most.
const BATCH: usize = 100;

impl Mailer {
    /// The mailer of `config`; an unusable URL or sender is refused at start-up, not at the first mail.
    pub fn new(config: &MailConfig) -> Result<Mailer, MailSetupError> {
        let domain = host_of(&config.public_url).unwrap_or_else(|| "annex.invalid".to_owned());
        let from = match config.from.as_deref().map(str::trim) {
            Some(from) if !from.is_empty() => from
                .parse::<Mailbox>()
                .map_err(|e| MailSetupError::From(format!("{from}: {e}")))?,
            _ => format!("Annex <annex@{domain}>")
                .parse::<Mailbox>()
                .map_err(|e| MailSetupError::From(e.to_string()))?,
        };
        let transport = match config.smtp_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => Some(
                SmtpTransport::from_url(url)
                    .map_err(|e| MailSetupError::Smtp(e.to_string()))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            _ => None,
        };
        Ok(Mailer {
            transport,
            from,
            base: config.public_url.trim_end_matches('/').to_owned(),
            domain,
        })
    }

    /// Whether an SMTP server is configured.
    pub fn configured(&self) -> bool {
        self.transport.is_some()
    }

    /// The sender, as mails show it.
    pub fn from(&self) -> String {
        self.from.to_string()
    }

    /// The mail as it goes over SMTP: both parts, the stable `Message-ID`, the unsubscribe link.
    pub fn message(&self, mail: &Claimed) -> Result<Message, SendFailure> {
        let to = mail.recipient.parse::<Mailbox>().map_err(|e| SendFailure {
            permanent: true,
            message: format!("the address {:?} is not valid: {e}", mail.recipient),
        })?;
        let parts = compose(&mail.subject, &mail.body, &self.base);
        let unsubscribe = format!(
            "<{}>",
            annex_domain::events::mail::absolute(
                &self.base,
                annex_domain::events::mail::SETTINGS_PATH
            )
        );
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(parts.subject)
            .message_id(Some(format!("<{}@{}>", mail.id, self.domain)))
            .header(ListUnsubscribe(unsubscribe))
            .multipart(MultiPart::alternative_plain_html(parts.text, parts.html))
            .map_err(|e| SendFailure {
                permanent: true,
                message: format!("the mail could not be built: {e}"),
            })
    }

    /// Sends one mail; without an SMTP server, refuses (the caller leaves the mail queued).
    fn send(&self, mail: &Claimed) -> Result<(), SendFailure> {
        let Some(transport) = &self.transport else {
            return Err(SendFailure {
                permanent: false,
                message: "no SMTP server is configured".into(),
            });
        };
        let message = self.message(mail)?;
        transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| SendFailure {
                permanent: e.is_permanent(),
                message: e.to_string(),
            })
    }

    /// Sends what is due at `at`, one mail at a time, recording each outcome as it comes. Does
    /// nothing without an SMTP server.
    pub fn send_due(&self, pool: &DbPool, at: NaiveDateTime) -> Result<SendRun, StoreError> {
        let mut run = SendRun::default();
        if self.transport.is_none() {
            return Ok(run);
        }
        let mut conn = pool.get()?;
        // One mail claimed at a time: a node that dies holds back only the mail it was sending
        // (until its lease runs out), not a whole batch.
        for _ in 0..BATCH {
            let Some(mail) = outbox::claim_due(&mut conn, at, 1)?.pop() else {
                break;
            };
            match self.send(&mail) {
                Ok(()) => {
                    outbox::mark_sent(&mut conn, &mail, annex_store::clock::now().max(at))?;
                    run.sent += 1;
                }
                Err(failure) => {
                    tracing::warn!(mail = %mail.id, error = %failure.message, permanent = failure.permanent, "a mail was not sent");
                    outbox::mark_failed(&mut conn, &mail, at, &failure.message, failure.permanent)?;
                    if failure.permanent
                        || mail.attempts + 1 >= annex_domain::events::mail::MAX_ATTEMPTS
                    {
                        run.failed += 1;
                    } else {
                        run.deferred += 1;
                    }
                }
            }
        }
        Ok(run)
    }
}

/// The host of an `http(s)://host[:port]/…` address.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':', '?', '#']).next()?.trim();
    (!host.is_empty()).then(|| host.to_owned())
}

/// `List-Unsubscribe`: where the person turns these mails off (their notification settings).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl header::Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annex_domain::events::mail::{MailBody, MailKind, MailLine, MailSection};
    use uuid::Uuid;

    fn mailer(from: Option<&str>) -> Mailer {
        Mailer::new(&MailConfig {
            smtp_url: None,
            from: from.map(str::to_owned),
            public_url: "https://isms.example.com".into(),
        })
        .unwrap()
    }

    fn claimed(to: &str) -> Claimed {
        Claimed {
            id: Uuid::from_u128(7),
            kind: MailKind::Test,
            recipient: to.into(),
            subject: "[Acme] Test".into(),
            body: MailBody {
                greeting: "Dee".into(),
                organisation: "Acme".into(),
                sections: vec![MailSection {
                    heading: None,
                    lines: vec![MailLine {
                        text: "Hello".into(),
                        link: Some("/settings/email".into()),
                    }],
                }],
            },
            attempts: 0,
        }
    }

    #[test]
    fn a_message_has_both_parts_a_stable_id_and_the_unsubscribe_link() {
        let message = mailer(Some("ISMS <isms@acme.example>"))
            .message(&claimed("dee@acme.example"))
            .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(
            raw.contains("Message-ID: <00000000-0000-0000-0000-000000000007@isms.example.com>"),
            "{raw}"
        );
        assert!(
            raw.contains("List-Unsubscribe: <https://isms.example.com/settings/notifications>"),
            "{raw}"
        );
        assert!(raw.contains("From: ISMS <isms@acme.example>"), "{raw}");
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("text/plain"));
        assert!(raw.contains("text/html"));
    }

    #[test]
    fn a_bad_address_is_a_permanent_failure_and_a_bad_sender_refuses_to_start() {
        let failure = mailer(None)
            .message(&claimed("not an address"))
            .unwrap_err();
        assert!(failure.permanent);
        assert!(
            Mailer::new(&MailConfig {
                smtp_url: None,
                from: Some("nobody".into()),
                public_url: "http://localhost".into(),
            })
            .is_err()
        );
        assert!(
            Mailer::new(&MailConfig {
                smtp_url: Some("gopher://mail".into()),
                from: None,
                public_url: "http://localhost".into(),
            })
            .is_err()
        );
        assert_eq!(host_of("http://127.0.0.1:8080/x"), Some("127.0.0.1".into()));
    }
}
