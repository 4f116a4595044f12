//! `qr1405 serve`: the offline web verifier (`web/`) on this machine's loopback address.
//!
//! A static file server, small on purpose: GET and HEAD of files under one folder, nothing
//! else. It listens on 127.0.0.1 only, so nothing on the network can reach it, and refuses
//! every path that leaves the folder (`..`, encoded or not, and links pointing outside).

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::ExitCode,
    time::Duration,
};

use anyhow::Context;

/// Serve the offline web verifier on http://127.0.0.1:PORT/ (this machine only) until
/// interrupted. Prints the address on its first line of output.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 8405)]
    port: u16,
    /// The folder to serve: the page, with its WebAssembly package built into `pkg/`
    /// (`web/build.sh`).
    #[arg(long, value_name = "DIR", default_value = "web")]
    dir: PathBuf,
}

/// The longest request head read; a longer one is refused.
const MAX_HEAD: usize = 16 * 1024;

/// The largest file served (the WebAssembly module is about 2.5 MB).
const MAX_FILE: u64 = 64 * 1024 * 1024;

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = args
        .dir
        .canonicalize()
        .with_context(|| format!("cannot serve {}: no such folder", args.dir.display()))?;
    anyhow::ensure!(
        root.is_dir(),
        "cannot serve {}: not a folder",
        root.display()
    );
    if !root.join("pkg/qr1405_bg.wasm").is_file() && root.join("index.html").is_file() {
        eprintln!(
            "qr1405: warning: {} has no pkg/qr1405_bg.wasm: build it with web/build.sh",
            root.display()
        );
    }
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
    let address = listener.local_addr()?;
    println!("serving {} at http://{address}/", root.display());
    std::io::stdout().flush()?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        std::thread::spawn(move || {
            // A client that goes away mid-answer is no error of the server's.
            let _ = answer(stream, &root);
        });
    }
    Ok(crate::PASS)
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // The rest of the head: headers are not used, but read so the client sees an answer.
    let mut header = String::new();
    loop {
        header.clear();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return reply(
            &mut stream,
            405,
            "text/plain",
            b"only GET and HEAD\n",
            head_only,
        );
    }
    match resolve(root, target) {
        // Through the one file reader: regular files only (a FIFO would hang), bounded.
        Ok(path) => match qr1405_files::read(&path, MAX_FILE) {
            Ok(body) => reply(&mut stream, 200, content_type(&path), &body, head_only),
            Err(_) => reply(&mut stream, 404, "text/plain", b"not found\n", head_only),
        },
        Err(Refusal::NotFound) => reply(&mut stream, 404, "text/plain", b"not found\n", head_only),
        Err(Refusal::Outside) => reply(
            &mut stream,
            403,
            "text/plain",
            b"outside the served folder\n",
            head_only,
        ),
        Err(Refusal::Malformed) => reply(
            &mut stream,
            400,
            "text/plain",
            b"malformed path\n",
            head_only,
        ),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    NotFound,
    Outside,
    Malformed,
}

/// The file a request target names under `root`: `index.html` for a folder. Refuses a
/// target that is not an absolute path, that has a `..` segment, a backslash or a NUL (raw
/// or percent-encoded), or whose file lies outside `root` once links are followed.
fn resolve(root: &Path, target: &str) -> Result<PathBuf, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refusal::Malformed);
    }
    let decoded = percent_decode(path).ok_or(Refusal::Malformed)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refusal::Outside),
            s if s.contains(['\\', '\0']) => return Err(Refusal::Malformed),
            s => file.push(s),
        }
    }
    let mut file = file.canonicalize().map_err(|_| Refusal::NotFound)?;
    if !file.starts_with(root) {
        return Err(Refusal::Outside);
    }
    if file.is_dir() {
        file = file.join("index.html");
        if !file.is_file() {
            return Err(Refusal::NotFound);
        }
    }
    Ok(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "txt" | "pub" | "md" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn reply(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    // No caching by the browser: the page's service worker keeps its own copy for offline
    // use, and a rebuilt package must reach it at once.
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (PathBuf, PathBuf) {
        let base = std::env::temp_dir().join(format!("qr1405-serve-{}", std::process::id()));
        let root = base.join("site");
        std::fs::create_dir_all(root.join("pkg")).expect("folder");
        std::fs::write(root.join("index.html"), "<!doctype html>").expect("page");
        std::fs::write(root.join("pkg/a b.js"), "x").expect("script");
        std::fs::write(base.join("secret.txt"), "secret").expect("secret");
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink(base.join("secret.txt"), root.join("link.txt"));
        }
        (root.canonicalize().expect("root"), base)
    }

    #[test]
    fn paths_resolve_inside_the_folder_only() {
        let (root, _) = folder();
        assert_eq!(resolve(&root, "/"), Ok(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/index.html?v=1"),
            Ok(root.join("index.html"))
        );
        assert_eq!(resolve(&root, "/pkg/a%20b.js"), Ok(root.join("pkg/a b.js")));
        assert_eq!(resolve(&root, "/pkg"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/missing.js"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "/../secret.txt"), Err(Refusal::Outside));
        assert_eq!(resolve(&root, "/%2e%2e/secret.txt"), Err(Refusal::Outside));
        assert_eq!(
            resolve(&root, "/pkg/%2E%2E/%2E%2E/secret.txt"),
            Err(Refusal::Outside)
        );
        assert_eq!(resolve(&root, "/..%2fsecret.txt"), Err(Refusal::Outside));
        assert_eq!(resolve(&root, "/..%5csecret.txt"), Err(Refusal::Malformed));
        assert_eq!(resolve(&root, "/a%00b"), Err(Refusal::Malformed));
        assert_eq!(resolve(&root, "/%zz"), Err(Refusal::Malformed));
        assert_eq!(resolve(&root, "secret.txt"), Err(Refusal::Malformed));
        #[cfg(unix)]
        assert_eq!(resolve(&root, "/link.txt"), Err(Refusal::Outside));
    }

    #[test]
    fn files_are_answered_with_their_type_and_other_methods_refused() {
        let (root, _) = folder();
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("listen");
        let address = listener.local_addr().expect("address");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = answer(stream, &root);
            }
        });
        let ask = |request: &str| {
            let mut stream = TcpStream::connect(address).expect("connect");
            stream.write_all(request.as_bytes()).expect("send");
            let mut out = String::new();
            stream.read_to_string(&mut out).expect("answer");
            out
        };
        let page = ask("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
        assert!(
            page.contains("Content-Type: text/html; charset=utf-8\r\n"),
            "{page}"
        );
        assert!(page.ends_with("\r\n\r\n<!doctype html>"), "{page}");
        let head = ask("HEAD /pkg/a%20b.js HTTP/1.1\r\n\r\n");
        assert!(
            head.contains("Content-Length: 1\r\n") && head.ends_with("\r\n\r\n"),
            "{head}"
        );
        assert!(ask("GET /../secret.txt HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 403"));
        assert!(ask("POST / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 405"));
        assert!(ask("GET /nothing HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404"));
    }
}
