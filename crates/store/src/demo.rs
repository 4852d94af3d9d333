//! The demo organisation: "Demo Consulting Ltd" with one person per role, for trying Annex out.

use crate::connection::DbConnection;
use crate::credentials::hash_password;
use crate::error::{StoreError, StoreResult};
use crate::members::{self, Credential};
use crate::organisations;
use annex_domain::Role;
use annex_domain::users::CreateMember;

/// The demo organisation's name.
pub const ORGANISATION: &str = "Demo Consulting Ltd";
/// The password of every demo account.
pub const PASSWORD: &str = "annex-demo";

/// The demo accounts: `<role>@demo.example`, one per role.
pub fn accounts() -> Vec<(String, Role)> {
    Role::ALL
        .into_iter()
        .map(|role| (format!("{role}@demo.example"), role))
        .collect()
}

/// Creates the demo organisation and its people when the database holds no organisation yet.
///
/// Returns whether it created them; call inside a write transaction.
pub fn load_if_empty(conn: &mut DbConnection) -> StoreResult<bool> {
    if !organisations::none_exist(conn)? {
        return Ok(false);
    }
    let org = organisations::create(conn, ORGANISATION, None)?;
    // One hash serves every account: they share the demo password and hashing is deliberately slow.
    let hash = hash_password(PASSWORD).map_err(|e| StoreError::Config(e.to_string()))?;
    for (email, role) in accounts() {
        let name = format!("Demo {}", capitalised(role.as_str()));
        let req = CreateMember {
            email,
            display_name: name,
            role,
            password: None,
        };
        members::create(
            conn,
            org.id,
            None,
            &req,
            Credential::PasswordHash(hash.clone()),
        )?;
    }
    Ok(true)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
