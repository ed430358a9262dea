//! Write a generated corpus to disk (the library itself does no IO).
//!
//! `cargo run -p stancemap-corpusgen --example write_corpus -- TEMPLATE_DIR OUT_DIR [ARTICLES] [SEED] [HTML_SHARE]`
//!
//! Every `*.txt` file in TEMPLATE_DIR is a template (one paragraph per line).

use std::path::PathBuf;
use std::time::Instant;

use stancemap_corpusgen::{generate, GenOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(template_dir), Some(out_dir)) = (args.first(), args.get(1)) else {
        return Err(
            "usage: write_corpus TEMPLATE_DIR OUT_DIR [ARTICLES] [SEED] [HTML_SHARE]".into(),
        );
    };
    let mut opts = GenOptions::default();
    if let Some(n) = args.get(2) {
        opts.articles = n.parse()?;
    }
    if let Some(seed) = args.get(3) {
        opts.seed = seed.parse()?;
    }
    if let Some(share) = args.get(4) {
        opts.html_share = share.parse()?;
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(template_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let templates = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<Vec<_>, _>>()?;
    std::fs::create_dir_all(out_dir)?;
    let started = Instant::now();
    let mut bytes = 0usize;
    for article in generate(&templates, &opts) {
        bytes += article.content.len();
        std::fs::write(PathBuf::from(out_dir).join(&article.name), &article.content)?;
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} articles, {:.1} MB in {secs:.2}s ({:.1} MB/s incl. writing)",
        opts.articles,
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
