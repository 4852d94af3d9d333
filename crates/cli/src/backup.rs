//! `annex backup`: a consistent copy of the SQLite database taken while the server keeps running,
//! written where only the server's user can read it, since it holds every organisation's records
//! and password hashes.

use crate::settings::Settings;
use annex_store::{Backend, DbConnection};
use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// `annex backup`.
#[derive(Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    file: PathBuf,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Copies the database into a new file, or says how to back up PostgreSQL.
pub fn run(settings: &Settings, args: BackupArgs) -> Result<()> {
    let url = settings.database_url()?;
    if Backend::of(&url) == Backend::Postgres {
        bail!(
            "annex backup copies SQLite databases only; back up PostgreSQL with\n  \
             pg_dump --format=custom --file={} <database URL>\n\
             and restore it with\n  \
             pg_restore --clean --if-exists --dbname=<database URL> {}",
            args.file.display(),
            args.file.display(),
        );
    }
    let target = args.file;
    if target.symlink_metadata().is_ok() {
        bail!("{} already exists; not overwriting it", target.display());
    }
    let pool = annex_store::connect(&url, 1).context("cannot open the SQLite database")?;
    let mut conn = pool.get().context("cannot connect to the database")?;
    let DbConnection::Sqlite(sqlite) = &mut *conn else {
        bail!("{url} is not an SQLite database");
    };
    let migrated: Count = diesel::sql_query(
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = '__diesel_schema_migrations'",
    )
    .get_result(sqlite)?;
    if migrated.n == 0 {
        bail!("{url} holds no Annex data (check --data-dir); nothing to back up");
    }

    let partial = partial_name(&target)?;
    create_private(&partial)?;
    let copied = copy_into(sqlite, &partial).and_then(|()| publish(&partial, &target));
    // Ours, and either linked to the target by now or a failed copy: it goes either way.
    let _ = std::fs::remove_file(&partial);
    copied?;
    let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    println!("backed up {url} to {} ({bytes} bytes)", target.display());
    Ok(())
}

/// A hidden name beside the target, so the finished copy can be moved into place in one step.
fn partial_name(target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| anyhow!("{} does not name a file", target.display()))?;
    let mut partial = std::ffi::OsString::from(".");
    partial.push(name);
    partial.push(format!(".{}.partial", std::process::id()));
    Ok(target.with_file_name(partial))
}

/// Creates the empty file the copy goes into, readable by its owner alone: VACUUM INTO accepts an
/// empty file and keeps its mode.
fn create_private(path: &Path) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}

/// Writes a snapshot of the database into the empty file at `partial`, synced to disk.
fn copy_into(sqlite: &mut diesel::SqliteConnection, partial: &Path) -> Result<()> {
    let path = partial
        .to_str()
        .ok_or_else(|| anyhow!("{} is not valid UTF-8", partial.display()))?;
    // A bound parameter, not a quoted literal: any file name is safe, quotes included.
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(path)
        .execute(sqlite)
        .context("cannot copy the database")?;
    // SQLite does not sync the file VACUUM INTO writes; a backup that is lost on power failure is none.
    File::open(partial)?.sync_all()?;
    Ok(())
}

/// Gives the finished copy its name without replacing a file that appeared meanwhile.
fn publish(partial: &Path, target: &Path) -> Result<()> {
    match std::fs::hard_link(partial, target) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            bail!("{} already exists; not overwriting it", target.display())
        }
        // Some file systems (FAT, some network shares) have no hard links: check, then rename.
        Err(_) if target.symlink_metadata().is_err() => std::fs::rename(partial, target)
            .with_context(|| format!("cannot create {}", target.display()))?,
        Err(_) => bail!("{} already exists; not overwriting it", target.display()),
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // The new name is durable once its folder is synced; not every platform can open a folder.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}
