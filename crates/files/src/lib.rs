//! Reading and writing files safely when their names come from strangers.
//!
//! Every file the `qr1405` libraries and command read goes through [`read`]: it refuses what
//! is not a regular file (a directory, a FIFO, `/dev/zero`) without waiting on it, and stops
//! reading at the caller's limit instead of reading a whole file first. [`read_arg`] reads
//! standard input only when the argument is `-`. [`resolve_inside`] resolves a name a
//! submission gives and refuses one that leaves its folder through `..` or a symbolic link.
//! [`write_atomic`] writes a set of files (reports) so that a failed or killed run never
//! leaves one that looks complete, and never follows a link already in the folder.
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! qr1405_files::write_atomic(dir.path(), &[("a.txt", b"hello".as_slice())])?;
//! let path = qr1405_files::resolve_inside(dir.path(), "a.txt")?;
//! assert_eq!(qr1405_files::read(&path, 16)?, b"hello");
//! let error = qr1405_files::read(&path, 4).unwrap_err();
//! assert!(error.to_string().ends_with("is larger than the 4 bytes allowed"));
//! assert!(qr1405_files::resolve_inside(dir.path(), "../a.txt").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::{
    fmt,
    fs::{File, OpenOptions},
    io::{Read, Write},
    path::{Component, Path, PathBuf},
};

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened (missing, not permitted…).
    #[error("cannot open {}: {error}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// What the operating system said (in the message, so not a separate source).
        error: std::io::Error,
    },
    /// Reading failed part way.
    #[error("cannot read {}: {error}", path.display())]
    Read {
        /// The file, or `-` for standard input.
        path: PathBuf,
        /// What the operating system said (in the message, so not a separate source).
        error: std::io::Error,
    },
    /// The name is a directory, FIFO, device or socket, not a regular file.
    #[error("{} is {kind}, not a regular file", path.display())]
    NotAFile {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        kind: FileKind,
    },
    /// The file holds more bytes than its kind may; reading stopped at the limit.
    #[error("{} is larger than the {limit} bytes allowed", path.display())]
    TooLarge {
        /// The file, or `-` for standard input.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },
    /// A name given inside a folder is empty, absolute or holds `..`.
    #[error("{name:?} is not a plain path inside {}", root.display())]
    NotAPlainPath {
        /// The folder.
        root: PathBuf,
        /// The name as given.
        name: String,
    },
    /// A name given inside a folder leads out of it through a symbolic link.
    #[error("{name:?} leads outside {} (to {})", root.display(), target.display())]
    Outside {
        /// The folder.
        root: PathBuf,
        /// The name as given.
        name: String,
        /// Where it leads.
        target: PathBuf,
    },
    /// A file could not be written, synced or moved into place.
    #[error("cannot write {}: {error}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said (in the message, so not a separate source).
        error: std::io::Error,
    },
}

/// What a name is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// A directory.
    Directory,
    /// A named pipe.
    Fifo,
    /// A character device, such as `/dev/zero`.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A socket.
    Socket,
    /// Anything else.
    Other,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a named pipe",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Other => "a special file",
        })
    }
}

impl FileKind {
    fn of(kind: std::fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return FileKind::Fifo;
            }
            if kind.is_char_device() {
                return FileKind::CharDevice;
            }
            if kind.is_block_device() {
                return FileKind::BlockDevice;
            }
            if kind.is_socket() {
                return FileKind::Socket;
            }
        }
        if kind.is_dir() {
            FileKind::Directory
        } else {
            FileKind::Other
        }
    }
}

/// Opens a regular file for reading, refusing anything else without blocking on it.
fn open_regular(path: &Path) -> Result<File, Error> {
    let mut options = OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer unless O_NONBLOCK is set; on a regular
    // file the flag changes nothing.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(|error| Error::Open {
        path: path.to_owned(),
        error,
    })?;
    let kind = file
        .metadata()
        .map_err(|error| Error::Open {
            path: path.to_owned(),
            error,
        })?
        .file_type();
    if !kind.is_file() {
        return Err(Error::NotAFile {
            path: path.to_owned(),
            kind: FileKind::of(kind),
        });
    }
    Ok(file)
}

/// Reads at most `limit` bytes from `reader`; one more is an error named after `path`.
fn read_bounded(
    reader: impl Read,
    path: &Path,
    limit: u64,
    capacity: u64,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::with_capacity(usize::try_from(capacity.min(limit)).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| Error::Read {
            path: path.to_owned(),
            error,
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a whole regular file of at most `limit` bytes.
///
/// Refuses directories, FIFOs, devices and sockets without waiting on them; reads no more than
/// `limit + 1` bytes of a file that grows or lies about its size.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let file = open_regular(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            limit,
        });
    }
    read_bounded(file, path, limit, size)
}

/// Reads at most `limit` bytes of standard input.
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, Error> {
    read_bounded(
        std::io::stdin().lock(),
        Path::new("standard input"),
        limit,
        0,
    )
}

/// [`read`], or [`read_stdin`] when `path` is `-`.
pub fn read_arg(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    if path.as_os_str() == "-" {
        read_stdin(limit)
    } else {
        read(path, limit)
    }
}

/// A secret read from a file, and whether others than its owner may read it.
#[derive(Debug)]
pub struct SecretFile {
    /// The bytes; the caller wipes them once used.
    pub bytes: Vec<u8>,
    /// The permission bits that let the file's group or others read or write it (`0o077`
    /// masked), when any are set; always `None` where the system has no such bits.
    pub open_to_others: Option<u32>,
}

/// [`read`] of a secret, telling whether its permissions let others than its owner at it.
pub fn read_secret(path: &Path, limit: u64) -> Result<SecretFile, Error> {
    let file = open_regular(path)?;
    let metadata = file.metadata().map_err(|error| Error::Open {
        path: path.to_owned(),
        error,
    })?;
    #[cfg(unix)]
    let open_to_others = {
        use std::os::unix::fs::PermissionsExt;
        Some(metadata.permissions().mode() & 0o077).filter(|m| *m != 0)
    };
    #[cfg(not(unix))]
    let open_to_others = None;
    if metadata.len() > limit {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            limit,
        });
    }
    let bytes = read_bounded(file, path, limit, metadata.len())?;
    Ok(SecretFile {
        bytes,
        open_to_others,
    })
}

/// The path of `name` inside `root`, with every link resolved; refuses a name that is empty,
/// absolute or holds `..`, and one that a symbolic link (of the name or of a folder on its way)
/// leads out of `root`.
///
/// Links that stay inside `root` are followed. Whether the result is a regular file is for
/// [`read`] to check, when it opens it.
pub fn resolve_inside(root: &Path, name: &str) -> Result<PathBuf, Error> {
    let plain = |c: Component<'_>| matches!(c, Component::Normal(_));
    if name.is_empty() || !Path::new(name).components().all(plain) {
        return Err(Error::NotAPlainPath {
            root: root.to_owned(),
            name: name.to_owned(),
        });
    }
    let joined = root.join(name);
    // A missing folder is reported as the file that cannot be opened, which is what a user
    // asked for.
    let canonical_root = root.canonicalize().map_err(|error| Error::Open {
        path: joined.clone(),
        error,
    })?;
    let target = joined.canonicalize().map_err(|error| Error::Open {
        path: joined.clone(),
        error,
    })?;
    if !target.starts_with(&canonical_root) {
        return Err(Error::Outside {
            root: root.to_owned(),
            name: name.to_owned(),
            target,
        });
    }
    Ok(target)
}

/// Writes every `(name, bytes)` into `dir`, all or none.
///
/// Each file is written to a new temporary file in `dir` (created exclusively, so a link there
/// is never followed), synced, and only once all are written renamed over its name; renaming
/// replaces a link at the name instead of writing through it. When a write fails the temporary
/// files are removed and the files already in `dir` are left as they were.
pub fn write_atomic(dir: &Path, files: &[(&str, &[u8])]) -> Result<(), Error> {
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let remove_all = |written: &[(PathBuf, PathBuf)]| {
        for (temporary, _) in written {
            let _ = std::fs::remove_file(temporary);
        }
    };
    for (name, bytes) in files {
        let path = dir.join(name);
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .and_then(|mut file| {
                written.push((temporary.clone(), path.clone()));
                file.write_all(bytes)?;
                file.sync_all()
            });
        if let Err(error) = result {
            remove_all(&written);
            return Err(Error::Write { path, error });
        }
    }
    for (index, (temporary, path)) in written.iter().enumerate() {
        if let Err(error) = std::fs::rename(temporary, path) {
            remove_all(&written[index..]);
            return Err(Error::Write {
                path: path.clone(),
                error,
            });
        }
    }
    // The renames are durable once the folder itself is synced.
    #[cfg(unix)]
    File::open(dir)
        .and_then(|folder| folder.sync_all())
        .map_err(|error| Error::Write {
            path: dir.to_owned(),
            error,
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_it_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"12345");
        assert!(matches!(
            read(&path, 4),
            Err(Error::TooLarge { limit: 4, .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_folders_and_pipes_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let kind = |path: &Path| match read(path, 1 << 30) {
            Err(Error::NotAFile { kind, .. }) => kind,
            other => panic!("{path:?}: {other:?}"),
        };
        assert_eq!(kind(Path::new("/dev/zero")), FileKind::CharDevice);
        assert_eq!(kind(dir.path()), FileKind::Directory);
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        // Without O_NONBLOCK this open would wait forever for a writer.
        assert_eq!(kind(&fifo), FileKind::Fifo);
        insta::assert_snapshot!(
            read(Path::new("/dev/zero"), 10).unwrap_err(),
            @"/dev/zero is a character device, not a regular file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_refused_and_links_inside_followed() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.pem");
        std::fs::write(&secret, b"secret").unwrap();
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        std::fs::write(root.join("a.png"), b"png").unwrap();
        symlink(&secret, root.join("x.png")).unwrap();
        symlink(outside.path(), root.join("sub")).unwrap();
        symlink(root.join("a.png"), root.join("b.png")).unwrap();
        for name in ["x.png", "sub/secret.pem"] {
            assert!(
                matches!(resolve_inside(root, name), Err(Error::Outside { .. })),
                "{name}"
            );
        }
        for name in ["../a.png", "/etc/passwd", "", "./a.png/.."] {
            assert!(
                matches!(resolve_inside(root, name), Err(Error::NotAPlainPath { .. })),
                "{name}"
            );
        }
        let inside = resolve_inside(root, "b.png").unwrap();
        assert_eq!(read(&inside, 10).unwrap(), b"png");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_writes_replace_links_instead_of_following_them() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("precious.txt");
        std::fs::write(&precious, b"keep").unwrap();
        symlink(&precious, dir.path().join("junit.xml")).unwrap();
        write_atomic(dir.path(), &[("junit.xml", b"<x/>"), ("b", b"b")]).unwrap();
        assert_eq!(std::fs::read(&precious).unwrap(), b"keep");
        assert_eq!(
            std::fs::read(dir.path().join("junit.xml")).unwrap(),
            b"<x/>"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "no temporary file is left: {names:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_files_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), b"old").unwrap();
        // The second name is a folder that does not exist: its temporary file cannot be made.
        let error = write_atomic(dir.path(), &[("a", b"new"), ("no/such", b"x")]).unwrap_err();
        assert!(matches!(error, Error::Write { .. }), "{error}");
        assert_eq!(std::fs::read(dir.path().join("a")).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_open_to_others_says_so() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        std::fs::write(&path, b"k").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_secret(&path, 8).unwrap().open_to_others, None);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(read_secret(&path, 8).unwrap().open_to_others, Some(0o044));
    }
}
