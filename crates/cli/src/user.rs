//! `annex user`: account administration from the shell, e.g. the first owner of a real install.

use crate::settings::Settings;
use annex_domain::Role;
use annex_domain::access::users::CreateMember;
use annex_store::access::credentials::hash_password;
use annex_store::access::members::{self, Credential};
use annex_store::{access::organisations, transaction};
use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;
use std::io::Read;
use validator::Validate;

/// Account commands.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a user in an organisation (created too if it does not exist yet).
    Create {
        /// The organisation's name.
        #[arg(long)]
        org: String,
        #[arg(long)]
        email: String,
        /// The person's name; the part of the email before @ when absent.
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input (so it stays out of the shell history).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long, default_value = "owner")]
        role: Role,
    },
}

/// Runs an account command.
pub fn run(settings: &Settings, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Create {
            org,
            email,
            name,
            password_stdin: _,
            role,
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("cannot read the password from stdin")?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            let display_name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            let req = CreateMember {
                email,
                display_name,
                role,
                password: Some(password.clone()),
            };
            if let Err(errors) = req.validate() {
                let fields: Vec<String> = annex_domain::problem::field_errors(&errors)
                    .into_iter()
                    .map(|(field, messages)| format!("{field} {}", messages.join(", ")))
                    .collect();
                bail!("invalid user: {}", fields.join("; "));
            }
            let hash = hash_password(&password).map_err(|e| anyhow!("hashing failed: {e}"))?;
            let pool = settings.open_database()?;
            let mut conn = pool.get()?;
            let member = transaction::write(&mut conn, |conn| {
                let organisation = match organisations::find_by_name(conn, &org)? {
                    Some(o) => o,
                    None => organisations::create(conn, &org, None)?,
                };
                members::create(
                    conn,
                    organisation.id.into(),
                    None,
                    &req,
                    Credential::PasswordHash(hash),
                )
            })?;
            println!("created {} as {} of {org}", member.email, member.role);
            Ok(())
        }
    }
}
