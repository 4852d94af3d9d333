//! A real SMTP server for the mail tests: aiosmtpd (PyPI) writing each mail it accepts to a
//! Maildir, started and stopped by the test. aiosmtpd is installed once into `.tools/smtpd`
//! (`pip install --target`), or taken from `ANNEX_TEST_SMTPD_DIR`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The aiosmtpd release the tests run.
const AIOSMTPD: &str = "aiosmtpd==1.4.6";

static INSTALL: Mutex<()> = Mutex::new(());

/// The folder aiosmtpd is installed in, installing it the first time.
fn aiosmtpd_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("ANNEX_TEST_SMTPD_DIR") {
        return PathBuf::from(dir);
    }
    // The workspace's `.tools`, whichever package's tests ask.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(manifest);
    let dir = root.join(".tools/smtpd");
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if dir.join("aiosmtpd").is_dir() {
        return dir;
    }
    // Installed beside and renamed into place, so a concurrent test binary never sees half of it.
    let partial = dir.with_extension(format!("partial-{}", std::process::id()));
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .arg("--target")
        .arg(&partial)
        .arg(AIOSMTPD)
        .status()
        .expect("python3 must be installed to run the SMTP server of the mail tests");
    assert!(status.success(), "pip could not install {AIOSMTPD}");
    if std::fs::rename(&partial, &dir).is_err() {
        // Another test binary got there first.
        let _ = std::fs::remove_dir_all(&partial);
    }
    dir
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A mail the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope's recipients.
    pub to: Vec<String>,
    pub from: String,
    pub subject: String,
    pub message_id: String,
    pub list_unsubscribe: String,
    pub text: String,
    pub html: String,
}

/// aiosmtpd on `127.0.0.1:port`, stopped when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    /// A server on a free port.
    pub fn start() -> SmtpServer {
        SmtpServer::start_on(free_port())
    }

    /// A server on `port`, once it accepts connections.
    pub fn start_on(port: u16) -> SmtpServer {
        let dir = aiosmtpd_dir();
        let maildir = tempfile::tempdir().expect("temp dir");
        let child = Command::new("python3")
            .env("PYTHONPATH", &dir)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let server = SmtpServer {
            child,
            port,
            maildir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// `ANNEX_SMTP_URL` for this server (plain SMTP on loopback).
    pub fn url(&self) -> String {
        smtp_url(self.port)
    }

    /// Every mail accepted so far, in the order they arrived.
    pub fn received(&self) -> Vec<Received> {
        let new = self.maildir.path().join("box/new");
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&new)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| (e.metadata().and_then(|m| m.modified()).unwrap(), e.path()))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| parse(&std::fs::read(path).expect("read mail")))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ANNEX_SMTP_URL` for a server on `port`.
pub fn smtp_url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

fn parse(raw: &[u8]) -> Received {
    use mailparse::MailHeaderMap;
    let mail = mailparse::parse_mail(raw).expect("a mail");
    let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
    let part = |mime: &str| {
        mail.subparts
            .iter()
            .find(|p| p.ctype.mimetype == mime)
            .map(|p| p.get_body().expect("body"))
            .unwrap_or_default()
    };
    Received {
        to: header("X-RcptTo")
            .split(',')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect(),
        from: header("From"),
        subject: header("Subject"),
        message_id: header("Message-ID"),
        list_unsubscribe: header("List-Unsubscribe"),
        text: part("text/plain"),
        html: part("text/html"),
    }
}
