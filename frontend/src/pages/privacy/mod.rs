//! Privacy (GDPR): the statutory deadlines of data subject requests and personal data breaches.

pub mod deadlines;
pub mod item_deadline;
