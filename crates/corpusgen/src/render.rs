//! Rendering an article's blocks as plain text or as an HTML page.

use crate::compose::Block;
use crate::rng::Rng;
use crate::{Style, Vocabulary};

pub(crate) fn render(
    blocks: Vec<Block>,
    style: Style,
    vocab: &Vocabulary,
    rng: &mut Rng,
) -> String {
    let blocks = if style.title_case {
        blocks.into_iter().map(title_case_block).collect()
    } else {
        blocks
    };
    if style.html {
        render_html(&blocks, vocab, rng)
    } else {
        render_text(&blocks, style.blank_lines)
    }
}

/// One line per paragraph/boilerplate line, optionally blank lines between them.
fn render_text(blocks: &[Block], blank_lines: bool) -> String {
    let separator = if blank_lines { "\n\n" } else { "\n" };
    let mut lines: Vec<&str> = Vec::new();
    for block in blocks {
        match block {
            Block::Headline(s) | Block::Paragraph(s) | Block::Boiler(s) => lines.push(s),
            Block::Related { header, items } => {
                lines.push(header);
                lines.extend(items.iter().map(String::as_str));
            }
        }
    }
    let mut out = lines.join(separator);
    out.push('\n');
    out
}

/// Title Case as re-typing sites do it: headline and paragraphs only (page furniture is
/// typed once by the site), first letter of every word upper-cased, the rest untouched.
fn title_case_block(block: Block) -> Block {
    match block {
        Block::Headline(s) => Block::Headline(title_case(&s)),
        Block::Paragraph(s) => Block::Paragraph(title_case(&s)),
        other => other,
    }
}

pub(crate) fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if at_word_start && c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        // Quotes and brackets before a word do not make the word a continuation.
        at_word_start = c.is_whitespace() || matches!(c, '"' | '(' | '“' | '‘' | '«' | '[');
    }
    out
}

/// A complete page: navigation, share bar, article, furniture blocks, footer.
fn render_html(blocks: &[Block], vocab: &Vocabulary, rng: &mut Rng) -> String {
    let site = rng.pick(&vocab.sites).map_or("News", String::as_str);
    let headline = blocks
        .iter()
        .find_map(|b| match b {
            Block::Headline(h) => Some(h.as_str()),
            _ => None,
        })
        .unwrap_or_default();
    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str(&format!(
        "<title>{} | {}</title>\n<meta property=\"og:site_name\" content=\"{}\">\n</head>\n<body>\n",
        escape(headline),
        escape(site),
        escape(site)
    ));
    page.push_str(&link_list("nav", &vocab.nav));
    page.push_str("<main>\n<article>\n");
    for block in blocks {
        page.push_str(&block_html(block));
        if matches!(block, Block::Headline(_)) {
            page.push_str(&link_list("div class=\"share-bar\"", &vocab.share));
        }
    }
    page.push_str("</article>\n</main>\n<footer>\n");
    for line in &vocab.footer {
        let line = line.replace("{site}", site);
        page.push_str(&format!("<p>{}</p>\n", escape(&line)));
    }
    page.push_str("</footer>\n</body>\n</html>\n");
    page
}

fn block_html(block: &Block) -> String {
    match block {
        Block::Headline(s) => format!("<h1>{}</h1>\n", escape(s)),
        Block::Paragraph(s) => format!("<p>{}</p>\n", escape(s)),
        Block::Boiler(s) => format!("<div class=\"promo\">{}</div>\n", escape(s)),
        Block::Related { header, items } => {
            let mut html = format!(
                "<aside class=\"related\">\n<h3>{}</h3>\n<ul>\n",
                escape(header)
            );
            for item in items {
                html.push_str(&format!("<li><a href=\"#\">{}</a></li>\n", escape(item)));
            }
            html.push_str("</ul>\n</aside>\n");
            html
        }
    }
}

/// `<tag>` with one link per entry; `open` may carry attributes.
fn link_list(open: &str, entries: &[String]) -> String {
    let tag = open.split(' ').next().unwrap_or(open);
    let links: Vec<String> = entries
        .iter()
        .map(|e| format!("<a href=\"#\">{}</a>", escape(e)))
        .collect();
    format!("<{open}>{}</{tag}>\n", links.join(" "))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_capitalises_word_starts_only() {
        assert_eq!(
            title_case("the envoy's “final offer” (revised) for mid-may"),
            "The Envoy's “Final Offer” (Revised) For Mid-may"
        );
    }

    #[test]
    fn html_escapes_and_wraps_furniture() {
        let vocab = Vocabulary {
            nav: vec!["Home".into()],
            share: vec!["Share".into()],
            footer: vec!["© {site}".into()],
            sites: vec!["Test & Co".into()],
            ..Vocabulary::default()
        };
        let blocks = vec![
            Block::Headline("Tariffs <up>".into()),
            Block::Paragraph("A & B said \"no\".".into()),
            Block::Boiler("Advertisement".into()),
        ];
        let mut rng = Rng::for_article(0, 0, 0);
        let html = render_html(&blocks, &vocab, &mut rng);
        assert!(html.contains("<h1>Tariffs &lt;up&gt;</h1>"));
        assert!(html.contains("<p>A &amp; B said &quot;no&quot;.</p>"));
        assert!(html.contains("<nav><a href=\"#\">Home</a></nav>"));
        assert!(html.contains("<div class=\"share-bar\"><a href=\"#\">Share</a></div>"));
        assert!(html.contains("<p>© Test &amp; Co</p>"));
        assert!(html.contains("<div class=\"promo\">Advertisement</div>"));
    }

    #[test]
    fn text_rendering_separators() {
        let blocks = vec![
            Block::Headline("H".into()),
            Block::Related {
                header: "Related".into(),
                items: vec!["- 10:00 X".into()],
            },
        ];
        assert_eq!(render_text(&blocks, false), "H\nRelated\n- 10:00 X\n");
        assert_eq!(render_text(&blocks, true), "H\n\nRelated\n\n- 10:00 X\n");
    }
}
