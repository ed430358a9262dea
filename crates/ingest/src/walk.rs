//! The file-system edge: expand paths lazily and stream JSON lines files line by line.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::decode::looks_binary;
use crate::jsonl::{parse_line, strip_cr};
use crate::{format_hint, parse_bytes, skipped, FormatHint, ReadItem, ReadOptions};

type Walk = Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send>;

/// Lazy reader over a list of paths; see [`crate::read_paths`].
pub struct PathReader {
    paths: std::vec::IntoIter<PathBuf>,
    walk: Option<Walk>,
    lines: Option<JsonlStream>,
    pending: VecDeque<ReadItem>,
    opts: crate::ReadOptions,
}

impl PathReader {
    pub fn new(paths: Vec<PathBuf>, opts: ReadOptions) -> Self {
        PathReader {
            paths: paths.into_iter(),
            walk: None,
            lines: None,
            pending: VecDeque::new(),
            opts,
        }
    }

    fn start_path(&mut self, path: PathBuf) {
        if path.as_os_str() == "-" {
            self.read_stdin();
            return;
        }
        match std::fs::metadata(&path) {
            Err(e) => self.push_unreadable(&path, &e),
            Ok(meta) if meta.is_dir() => self.walk = Some(walk_dir(&path)),
            Ok(_) => self.read_file(&path),
        }
    }

    fn read_stdin(&mut self) {
        match read_limited(io::stdin().lock(), self.opts.max_bytes) {
            Ok(Limited::Bytes(bytes)) => self.pending.extend(parse_bytes("-", &bytes, &self.opts)),
            Ok(Limited::TooLarge) => {
                self.pending
                    .push_back(too_large("-", None, self.opts.max_bytes))
            }
            Err(e) => self.push_unreadable(Path::new("-"), &e),
        }
    }

    fn read_entry(&mut self, entry: walkdir::DirEntry) {
        let ft = entry.file_type();
        // Symlinks are not followed into directories (loops, escapes); a symlink to a
        // file is read like the file.
        let is_file = ft.is_file()
            || (ft.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()));
        if is_file {
            self.read_file(entry.path());
        }
    }

    fn read_file(&mut self, path: &Path) {
        let source = path.display().to_string();
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return self.push_unreadable(path, &e),
        };
        // JSON lines are streamed, so the limit applies to each line, not the file.
        if format_hint(&source) == FormatHint::Jsonl {
            self.lines = Some(JsonlStream::new(source, file));
            return;
        }
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > self.opts.max_bytes {
            self.pending
                .push_back(too_large(&source, Some(size), self.opts.max_bytes));
            return;
        }
        match read_limited(file, self.opts.max_bytes) {
            Ok(Limited::Bytes(bytes)) => self
                .pending
                .extend(parse_bytes(&source, &bytes, &self.opts)),
            Ok(Limited::TooLarge) => {
                self.pending
                    .push_back(too_large(&source, None, self.opts.max_bytes))
            }
            Err(e) => self.push_unreadable(path, &e),
        }
    }

    fn push_unreadable(&mut self, path: &Path, e: &dyn std::fmt::Display) {
        let source = path.display().to_string();
        let msg = format!("{source}: unreadable: {e}");
        self.pending.push_back(skipped(&source, "unreadable", msg));
    }
}

impl Iterator for PathReader {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some(stream) = self.lines.as_mut() {
                match stream.next_item(&self.opts) {
                    Some(item) => return Some(item),
                    None => self.lines = None,
                }
                continue;
            }
            if let Some(walk) = self.walk.as_mut() {
                match walk.next() {
                    Some(Ok(entry)) => self.read_entry(entry),
                    Some(Err(e)) => {
                        let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                        self.push_unreadable(&path, &e);
                    }
                    None => self.walk = None,
                }
                continue;
            }
            let path = self.paths.next()?;
            self.start_path(path);
        }
    }
}

/// Recursive, sorted by file name at every level (so by path overall), dot-files and
/// dot-directories skipped (the root itself is always read, even `./`).
fn walk_dir(root: &Path) -> Walk {
    let walk = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    Box::new(walk)
}

fn too_large(source: &str, size: Option<u64>, limit: u64) -> ReadItem {
    let size = size.map_or_else(
        || "more than the limit".to_string(),
        |s| format!("{s} bytes"),
    );
    skipped(
        source,
        "too-large",
        format!("{source}: too large ({size}; the limit is {limit} bytes)"),
    )
}

enum Limited {
    Bytes(Vec<u8>),
    TooLarge,
}

/// Read everything, but never more than `limit + 1` bytes.
fn read_limited(reader: impl Read, limit: u64) -> io::Result<Limited> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Limited::TooLarge);
    }
    Ok(Limited::Bytes(bytes))
}

/// A JSON lines file read one line at a time: memory is bounded by the longest line
/// that is accepted (`max_bytes`), whatever the file size.
struct JsonlStream {
    source: String,
    reader: BufReader<File>,
    line_no: usize,
    checked_binary: bool,
    done: bool,
}

enum LineRead {
    Line(Vec<u8>),
    TooLong(u64),
}

impl JsonlStream {
    fn new(source: String, file: File) -> Self {
        JsonlStream {
            source,
            reader: BufReader::with_capacity(64 * 1024, file),
            line_no: 0,
            checked_binary: false,
            done: false,
        }
    }

    fn next_item(&mut self, opts: &ReadOptions) -> Option<ReadItem> {
        if let Some(item) = self.check_binary() {
            return Some(item);
        }
        while !self.done {
            self.line_no += 1;
            let line = match read_line_limited(&mut self.reader, opts.max_bytes) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    let msg = format!("{} line {}: unreadable: {e}", self.source, self.line_no);
                    return Some(skipped(&self.source, "unreadable", msg));
                }
            };
            let item = match line {
                LineRead::Line(bytes) => {
                    parse_line(&self.source, self.line_no, strip_cr(&bytes), opts)
                }
                LineRead::TooLong(size) => Some(skipped(
                    &format!("{}#L{}", self.source, self.line_no),
                    "too-large",
                    format!(
                        "{} line {}: record of {size} bytes exceeds the limit of {} bytes",
                        self.source, self.line_no, opts.max_bytes
                    ),
                )),
            };
            if item.is_some() {
                return item;
            }
        }
        None
    }

    /// A binary file with a `.jsonl` name would otherwise produce one `bad-json` per
    /// "line"; sniff the first buffer once instead.
    fn check_binary(&mut self) -> Option<ReadItem> {
        if self.checked_binary {
            return None;
        }
        self.checked_binary = true;
        let reason = match self.reader.fill_buf() {
            Ok(head) => looks_binary(head)?,
            Err(_) => return None, // the line reader reports the IO error with context
        };
        self.done = true;
        let msg = format!("{}: binary data ({reason})", self.source);
        Some(skipped(&self.source, "binary", msg))
    }
}

/// Read one `\n`-terminated line, keeping at most `limit` bytes of it in memory.
fn read_line_limited(reader: &mut impl BufRead, limit: u64) -> io::Result<Option<LineRead>> {
    let mut line = Vec::new();
    let mut size: u64 = 0;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, found_newline) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        size += take as u64;
        if size <= limit {
            line.extend_from_slice(&chunk[..take]);
        } else {
            line = Vec::new(); // over the limit: stop holding the line, keep counting
        }
        reader.consume(take + usize::from(found_newline));
        if found_newline {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if size > limit {
        return Ok(Some(LineRead::TooLong(size)));
    }
    Ok(Some(LineRead::Line(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limited_line_reader() {
        let mut r = BufReader::with_capacity(4, &b"short\nthis one is long\n\nend"[..]);
        let mut got = Vec::new();
        while let Some(line) = read_line_limited(&mut r, 8).unwrap() {
            got.push(match line {
                LineRead::Line(b) => String::from_utf8(b).unwrap(),
                LineRead::TooLong(n) => format!("too long {n}"),
            });
        }
        assert_eq!(got, ["short", "too long 16", "", "end"]);
    }
}
