//! Progress on stderr: a live spinner when stderr is a terminal, nothing otherwise.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use stancemap_pipeline::Progress;

pub struct Reporter {
    bar: ProgressBar,
}

impl Reporter {
    pub fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Reporter {
                bar: ProgressBar::hidden(),
            };
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Reporter { bar }
    }

    pub fn update(&self, p: Progress) {
        self.bar.set_message(format!(
            "{} inputs, {:.1} MB of text",
            p.inputs,
            p.bytes as f64 / 1e6
        ));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
