//! Serves the built web UI at `/`.
//!
//! - A file is sent precompressed when the build left a `.br` or `.gz` beside it and the request's
//!   `Accept-Encoding` takes that coding (brotli first), with `Vary: Accept-Encoding`.
//! - A file whose name carries a content hash (`annex_web.3f9a…c2.js`, as `scripts/build-web`
//!   names them) never changes, so browsers keep it for a year without asking again
//!   (`immutable`); any other file is revalidated by its ETag on every use.
//! - Every other non-API path answers `index.html`, never cached, so deep links into the
//!   single-page app work after a reload and a new release is picked up on the next load.

use crate::error::ApiError;
use crate::rejections::method_not_allowed;
use actix_files::{NamedFile, file_extension_to_mime};
use actix_web::http::Method;
use actix_web::http::header::{
    self, AcceptEncoding, ContentEncoding, Encoding, Header, HeaderValue,
};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use std::path::{Path, PathBuf};

/// How a content-hashed file may be kept: a year (the longest caches honour), never revalidated.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// The handler that answers every path no API route took, from the UI's folder `dir`.
pub fn service(dir: &Path) -> actix_web::Route {
    let dir = dir.to_path_buf();
    web::route().to(move |req: HttpRequest| {
        let dir = dir.clone();
        async move { serve(&req, &dir).await }
    })
}

async fn serve(req: &HttpRequest, dir: &Path) -> HttpResponse {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return method_not_allowed(req, &["GET", "HEAD"]);
    }
    let (dir, asked, accepted) = (
        dir.to_path_buf(),
        req.path().to_owned(),
        AcceptEncoding::parse(req).ok(),
    );
    // Looking at the folder blocks: done off the server's threads, as actix-files does.
    let chosen = web::block(move || choose(&dir, &asked, accepted.as_ref())).await;
    let Ok(Ok(Chosen { path, file, coding })) = chosen else {
        return not_built();
    };
    // The media type of the file itself, whichever copy is sent.
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let mut file = file
        .set_content_type(file_extension_to_mime(extension))
        .disable_content_disposition();
    if let Some(coding) = coding {
        file = file.set_content_encoding(coding);
    }
    let mut response = file.into_response(req);
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let policy = match caching_of(&path) {
        Caching::Forever => FOREVER,
        Caching::Revalidate => "no-cache",
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// The file to send: the UI's file the path names (else `index.html`), opened as the copy the
/// request's `Accept-Encoding` takes best among those the build left (brotli, gzip, or none).
struct Chosen {
    path: PathBuf,
    file: NamedFile,
    coding: Option<ContentEncoding>,
}

fn choose(dir: &Path, asked: &str, accepted: Option<&AcceptEncoding>) -> std::io::Result<Chosen> {
    let path = file_in(dir, asked).unwrap_or_else(|| dir.join("index.html"));
    let stored: Vec<Encoding> = [Encoding::brotli(), Encoding::gzip()]
        .into_iter()
        .filter(|coding| with_suffix(&path, coding).is_file())
        .chain([Encoding::identity()])
        .collect();
    let coding = match accepted.and_then(|a| a.negotiate(stored.iter())) {
        Some(Encoding::Known(coding @ (ContentEncoding::Brotli | ContentEncoding::Gzip))) => {
            Some(coding)
        }
        _ => None,
    };
    let file = match coding {
        Some(coding) => NamedFile::open(with_suffix(&path, &Encoding::Known(coding)))?,
        None => NamedFile::open(&path)?,
    };
    Ok(Chosen { path, file, coding })
}

/// How long a browser may keep a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caching {
    /// Its name changes whenever its content does: kept for good.
    Forever,
    /// Asked again (by ETag) on every use.
    Revalidate,
}

/// The file of the UI that `request_path` names, if it names one: every segment a plain name
/// (no `..`, no hidden files, no backslashes), and a file, not a folder.
fn file_in(dir: &Path, request_path: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    let mut segments = 0;
    for segment in request_path.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains('\\') {
            return None;
        }
        path.push(segment);
        segments += 1;
    }
    (segments > 0 && path.is_file()).then_some(path)
}

/// `Forever` for a name with a content hash before its extension (16 or more hex digits between
/// dots, as `scripts/build-web` writes them), `Revalidate` for any other.
fn caching_of(path: &Path) -> Caching {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let hashed = name.split('.').rev().skip(1).any(|part| {
        part.len() >= 16
            && part
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_uppercase())
    });
    if hashed {
        Caching::Forever
    } else {
        Caching::Revalidate
    }
}

/// The precompressed copy of `path` for `coding` (`x.js.br`, `x.js.gz`).
fn with_suffix(path: &Path, coding: &Encoding) -> PathBuf {
    let suffix = match coding {
        Encoding::Known(ContentEncoding::Brotli) => "br",
        _ => "gz",
    };
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// The answer at `/` when the server runs without a built UI.
pub fn not_built() -> HttpResponse {
    ApiError::NotFound(
        "the web UI is not built here: run scripts/build-web, or set ANNEX_WEB_DIR to its folder"
            .into(),
    )
    .error_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_a_content_hash_are_kept_for_good() {
        for (name, expected) in [
            ("annex_web.3f9a1b2c4d5e6f70.js", Caching::Forever),
            ("annex_web_bg.0123456789abcdef0123.wasm", Caching::Forever),
            ("style.css", Caching::Revalidate),
            ("index.html", Caching::Revalidate),
            ("annex_web.3F9A1B2C4D5E6F70.js", Caching::Revalidate),
            ("notes.0123456789abcde.js", Caching::Revalidate),
            ("0123456789abcdef0123", Caching::Revalidate),
        ] {
            assert_eq!(caching_of(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn only_plain_names_inside_the_folder_are_files_of_the_ui() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.js"), "x").unwrap();
        std::fs::write(dir.path().join(".env"), "secret").unwrap();
        std::fs::create_dir(dir.path().join("assets")).unwrap();
        assert_eq!(
            file_in(dir.path(), "/app.js"),
            Some(dir.path().join("app.js"))
        );
        for path in [
            "/",
            "/assets",
            "/.env",
            "/../app.js",
            "/assets/..\\app.js",
            "/nope.js",
        ] {
            assert_eq!(file_in(dir.path(), path), None, "{path}");
        }
    }
}
