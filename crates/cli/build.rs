//! Embeds the example corpus (`examples/corpus/`) into the binary, so `stancemap demo`
//! works from any directory and needs no files beside the executable.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut files: Vec<_> = fs::read_dir(&corpus)
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    let mut code = String::from("pub const EXAMPLE_CORPUS: &[(&str, &[u8])] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let abs = fs::canonicalize(path).unwrap();
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("example_corpus.rs");
    fs::write(out, code).unwrap();
}
