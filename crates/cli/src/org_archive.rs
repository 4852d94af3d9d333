//! `annex export --org` and `annex import` without `--space`: a whole organisation to one JSON
//! file and back, on either database. The file holds password and API token hashes, so it is
//! written owner-only (0600) and never over an existing file, like `annex backup`.

use crate::settings::Settings;
use annex_store::org_archive::{self, Document};
use annex_store::{StoreError, access::organisations};
use anyhow::{Context, Result, anyhow, bail};
use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;
use uuid::Uuid;

/// The largest archive read: far above any organisation's (the demo's is a few MB), and a bound
/// on what a hostile file can make the import allocate.
const MAX_ARCHIVE_BYTES: u64 = 1024 * 1024 * 1024;

/// Writes the organisation named (or with the id) `org` to a new file at `out`.
pub fn export(settings: &Settings, org: &str, out: &Path) -> Result<()> {
    if out.symlink_metadata().is_ok() {
        bail!("{} already exists; not overwriting it", out.display());
    }
    let started = Instant::now();
    let pool = settings.open_database()?;
    let mut conn = pool.get()?;
    let found = match Uuid::parse_str(org.trim()) {
        Ok(id) => match organisations::get(&mut conn, id.into()) {
            Ok(found) => Some(found),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        Err(_) => organisations::find_by_name(&mut conn, org)?,
    };
    let found = found.ok_or_else(|| anyhow!("there is no organisation {org:?}"))?;
    let document = org_archive::export(&mut conn, found.id.into())?;
    let text = document.to_json()?;
    write_private(out, text.as_bytes())?;
    println!(
        "exported {:?} ({}) to {} ({} bytes) in {:.1} s",
        found.name,
        found.id,
        out.display(),
        text.len(),
        started.elapsed().as_secs_f64()
    );
    let counts = document
        .tables
        .iter()
        .map(|(t, rows)| (t.as_str(), rows.len()));
    print_counts(counts, document.row_count());
    println!(
        "The file holds password and API token hashes: keep it as safe as a backup of the database."
    );
    Ok(())
}

/// Restores the organisation in `file` into this instance, which must not have it yet.
pub fn import(settings: &Settings, file: &Path) -> Result<()> {
    let started = Instant::now();
    let text = read_bounded(file)?;
    let document = Document::parse(&text).with_context(|| format!("{} refused", file.display()))?;
    let pool = settings.open_database()?;
    let mut conn = pool.get()?;
    let summary = org_archive::import(&mut conn, &document)
        .with_context(|| format!("{} refused; nothing was imported", file.display()))?;
    println!(
        "imported {:?} ({}) from {} in {:.1} s",
        summary.organisation,
        document.organisation_id,
        file.display(),
        started.elapsed().as_secs_f64()
    );
    let total = summary.rows.iter().map(|(_, n)| n).sum();
    print_counts(summary.rows.iter().copied(), total);
    if summary.users_kept > 0 {
        println!(
            "{} people already had an account here (same id and email) and kept it as it was",
            summary.users_kept
        );
    }
    Ok(())
}

fn print_counts<'a>(counts: impl Iterator<Item = (&'a str, usize)>, total: usize) {
    for (table, rows) in counts.filter(|(_, rows)| *rows > 0) {
        println!("  {table:<28} {rows:>7}");
    }
    println!("  {:<28} {total:>7}", "rows in total");
}

/// The file's text, refusing one larger than [`MAX_ARCHIVE_BYTES`] before reading it.
fn read_bounded(file: &Path) -> Result<String> {
    let opened =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut text = String::new();
    opened
        .take(MAX_ARCHIVE_BYTES + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {} as UTF-8 text", file.display()))?;
    if text.len() as u64 > MAX_ARCHIVE_BYTES {
        bail!(
            "{} is larger than {MAX_ARCHIVE_BYTES} bytes; not an archive this build reads",
            file.display()
        );
    }
    Ok(text)
}

/// Creates `path` readable by its owner alone and writes `bytes`, synced; an existing file is
/// refused, never replaced. A failed write leaves no partial file behind.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            anyhow!("{} already exists; not overwriting it", path.display())
        }
        _ => anyhow!("cannot create {}: {e}", path.display()),
    })?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}
