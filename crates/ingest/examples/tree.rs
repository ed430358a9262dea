//! Debug aid: print the html5ever-normalised tree of a file (how malformed markup was repaired).
fn main() {
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(text) => println!("{}", scraper::Html::parse_document(&text).html()),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
