//! `annex backup` as an administrator uses it: a copy they can restore, that only they can read,
//! and that never replaces a file already there.
#![allow(
    clippy::unwrap_used,
    reason = "a failed setup step or assertion should fail the test loudly, in helpers too"
)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const DEMO_ORG: &str = "Demo Consulting Ltd";

fn annex(cwd: &Path, data_dir: &Path, database_url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_annex"));
    command
        .args(args)
        .current_dir(cwd)
        .env("ANNEX_DATA_DIR", data_dir)
        .env("ANNEX_LOG", "warn");
    match database_url {
        Some(url) => command.env("ANNEX_DATABASE_URL", url),
        None => command.env_remove("ANNEX_DATABASE_URL"),
    };
    command.output().unwrap()
}

fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `annex serve --demo`, killed when dropped.
struct Serving(Child);

impl Serving {
    /// Starts the server and returns once the demo is committed (the JWT secret is written after).
    fn with_demo(data_dir: &Path) -> Serving {
        let server = Command::new(env!("CARGO_BIN_EXE_annex"))
            .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
            .env("ANNEX_DATA_DIR", data_dir)
            .env("ANNEX_KPI_INTERVAL_SECS", "0")
            .env_remove("ANNEX_DATABASE_URL")
            .env_remove("ANNEX_JWT_SECRET")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let serving = Serving(server);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !data_dir.join("jwt-secret").exists() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        serving
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_backup_taken_while_serving_restores_the_demo_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let _server = Serving::with_demo(&data);
    let wal = std::fs::metadata(data.join("annex.db-wal")).unwrap();
    assert!(
        wal.len() > 0,
        "the demo is still in the live server's WAL, which the copy must include"
    );

    // Relative to the working folder, with a quote in the name that must not break the SQL.
    let name = "annex's backup.db";
    assert_success(&annex(dir.path(), &data, None, &["backup", name]));
    let backup = dir.path().join(name);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the copy holds password hashes");
    }
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["annex's backup.db", "data"], "no partial file left");

    let restored = dir.path().join("restored");
    std::fs::create_dir(&restored).unwrap();
    std::fs::copy(&backup, restored.join("annex.db")).unwrap();
    let csv = dir.path().join("rfc.csv");
    let export = annex(
        dir.path(),
        &restored,
        None,
        &[
            "export",
            "--org",
            DEMO_ORG,
            "--space",
            "Requests for Change",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert_success(&export);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains("RFC 24-04 - Close the regional office"),
        "{text}"
    );

    let before = std::fs::read(&backup).unwrap();
    let again = annex(dir.path(), &data, None, &["backup", name]);
    assert!(!again.status.success(), "an existing file is not replaced");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(
        std::fs::read(&backup).unwrap() == before,
        "the file is untouched"
    );
}

#[test]
fn a_data_dir_without_a_database_is_not_backed_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = annex(
        dir.path(),
        &dir.path().join("data"),
        None,
        &["backup", "x.db"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds no Annex data"), "{stderr}");
    assert!(!dir.path().join("x.db").exists());
}

#[test]
fn a_postgres_install_is_pointed_to_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 1: the command must answer without connecting.
    let url = "postgres://annex@127.0.0.1:1/annex";
    let out = annex(dir.path(), dir.path(), Some(url), &["backup", "annex.dump"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pg_dump --format=custom --file=annex.dump <database URL>"),
        "{stderr}"
    );
    assert!(stderr.contains("pg_restore"), "{stderr}");
    assert!(!dir.path().join("annex.dump").exists());
}
