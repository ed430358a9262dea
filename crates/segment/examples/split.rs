//! Print the sentences of text files, one per line, for eyeballing the segmenter:
//! `cargo run -p stancemap-segment --example split -- FILE...`

use stancemap_segment::Segmenter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seg = Segmenter::default();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        println!("== {path}");
        for s in seg.split(&text) {
            println!("[{}] {}", s.paragraph, s.span.slice(&text));
        }
    }
    Ok(())
}
