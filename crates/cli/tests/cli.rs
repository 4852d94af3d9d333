//! The `annex` binary as an administrator uses it on a real install.
#![allow(
    clippy::unwrap_used,
    reason = "a failed setup step or assertion should fail the test loudly, in helpers too"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn annex(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_annex"))
        .args(args)
        .env("ANNEX_DATA_DIR", data_dir)
        .env_remove("ANNEX_DATABASE_URL")
        .env("ANNEX_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn user_create_makes_the_first_owner_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "user",
        "create",
        "--org",
        "Acme Ltd",
        "--email",
        "you@acme.example",
        "--password-stdin",
        "--role",
        "owner",
    ];
    let ok = annex(dir.path(), &args, "correct horse battery\n");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout).trim(),
        "created you@acme.example as owner of Acme Ltd"
    );
    assert!(
        dir.path().join("annex.db").exists(),
        "the SQLite database is created on first run"
    );

    let again = annex(dir.path(), &args, "correct horse battery\n");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already a member"));

    let bad = [
        "user",
        "create",
        "--org",
        "Acme Ltd",
        "--email",
        "nope",
        "--password-stdin",
    ];
    let refused = annex(dir.path(), &bad, "short\n");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("email must be an email address"),
        "{stderr}"
    );
    assert!(
        stderr.contains("password must be 10 to 512 characters"),
        "{stderr}"
    );
}

#[test]
fn openapi_prints_the_committed_spec() {
    let dir = tempfile::tempdir().unwrap();
    let out = annex(dir.path(), &["openapi"], "");
    assert!(out.status.success());
    let committed = include_str!("../../../openapi/openapi.json");
    assert!(
        String::from_utf8_lossy(&out.stdout) == committed,
        "openapi/openapi.json is stale"
    );
}

#[test]
#[cfg(unix)]
fn the_generated_jwt_secret_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // The demo command loads the demo organisation; serving then generates the secret.
    let out = annex(dir.path(), &["demo"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("owner@demo.example"));
    let mut server = Command::new(env!("CARGO_BIN_EXE_annex"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("ANNEX_DATA_DIR", dir.path())
        .env_remove("ANNEX_DATABASE_URL")
        .env_remove("ANNEX_JWT_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let secret = dir.path().join("jwt-secret");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !secret.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let mode = std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(std::fs::read_to_string(&secret).unwrap().len() >= 32);
}

#[test]
fn export_and_import_move_a_space_through_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let demo = annex(dir.path(), &["demo"], "");
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let csv = dir.path().join("rfc.csv");
    let target = [
        "--org",
        "Demo Consulting Ltd",
        "--space",
        "Requests for Change",
        "--format",
        "csv",
    ];
    let out = csv.to_str().unwrap();
    let export = annex(
        dir.path(),
        &[&["export"][..], &target, &["--out", out]].concat(),
        "",
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("Change category"), "{text}");
    assert!(text.contains("RFC 24-04 - Close the regional office"));

    let import = |file: &str, actor: &str, extra: &[&str]| {
        let args = [
            &["import"][..],
            &target,
            &["--file", file, "--as", actor],
            extra,
        ]
        .concat();
        annex(dir.path(), &args, "")
    };
    let same = import(out, "editor@demo.example", &[]);
    assert!(
        same.status.success(),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("0 created, 0 updated, 6 unchanged"));

    let new = dir.path().join("new.csv");
    std::fs::write(
        &new,
        "Title,Change category\nRFC 25-03 - New backup service,Standard\n,Weekly\n",
    )
    .unwrap();
    let bad = import(new.to_str().unwrap(), "editor@demo.example", &["--dry-run"]);
    assert!(!bad.status.success());
    let report = String::from_utf8_lossy(&bad.stdout);
    assert!(
        report.contains("row 3, Title") && report.contains("row 3, Change category"),
        "{report}"
    );

    std::fs::write(
        &new,
        "Title,Change category\nRFC 25-03 - New backup service,Standard\n",
    )
    .unwrap();
    let viewer = import(new.to_str().unwrap(), "viewer@demo.example", &[]);
    assert!(!viewer.status.success(), "viewers may not import");
    let ok = import(new.to_str().unwrap(), "editor@demo.example", &[]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("1 created, 0 updated, 0 unchanged"));
}
