//! Markdown (descriptions, notes, posts) shown safely: parsed into a tree and built as DOM nodes.
//!
//! Nothing here ever hands a string to the browser as HTML. Raw HTML in the text is shown as the
//! text it is, links keep only http(s) and mailto addresses (and the app's own paths), and images
//! become links so a note cannot make every reader's browser fetch a tracking pixel.

use leptos::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A piece of parsed markdown.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Code(String),
    Break,
    Rule,
    Task(bool),
    Element(Kind, Vec<Node>),
}

/// The elements markdown can produce here.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Paragraph,
    Heading(u8),
    Quote,
    CodeBlock,
    Bullets,
    Numbered(u64),
    ListItem,
    Table,
    TableHead,
    TableRow,
    HeadCell,
    Cell,
    Emphasis,
    Strong,
    Struck,
    /// A link to a safe address, or `None` when the address was refused (the text stays).
    Link(Option<String>),
    /// An image, shown as a link to it.
    Image(Option<String>),
    /// Anything else (footnotes, definition lists…): its content, without markup.
    Plain,
}

/// The address a link may point to: the web, mail, or a path of this app.
fn safe_href(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let mail = lower.starts_with("mailto:");
    let own = url.starts_with('/') && !url.starts_with("//");
    (web || mail || own).then(|| url.to_owned())
}

/// Parses markdown into a tree of nodes.
fn parse(text: &str) -> Vec<Node> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // The root, then one open element per level.
    let mut stack: Vec<(Kind, Vec<Node>)> = vec![(Kind::Plain, Vec::new())];
    let mut in_head = false;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Kind::Paragraph,
                    Tag::Heading { level, .. } => Kind::Heading(level as u8),
                    Tag::BlockQuote(_) => Kind::Quote,
                    Tag::CodeBlock(_) => Kind::CodeBlock,
                    Tag::List(None) => Kind::Bullets,
                    Tag::List(Some(start)) => Kind::Numbered(start),
                    Tag::Item => Kind::ListItem,
                    Tag::Table(_) => Kind::Table,
                    Tag::TableHead => {
                        in_head = true;
                        Kind::TableHead
                    }
                    Tag::TableRow => Kind::TableRow,
                    Tag::TableCell if in_head => Kind::HeadCell,
                    Tag::TableCell => Kind::Cell,
                    Tag::Emphasis => Kind::Emphasis,
                    Tag::Strong => Kind::Strong,
                    Tag::Strikethrough => Kind::Struck,
                    Tag::Link { dest_url, .. } => Kind::Link(safe_href(&dest_url)),
                    Tag::Image { dest_url, .. } => Kind::Image(safe_href(&dest_url)),
                    _ => Kind::Plain,
                };
                stack.push((kind, Vec::new()));
            }
            Event::End(end) => {
                if end == TagEnd::TableHead {
                    in_head = false;
                }
                if stack.len() > 1
                    && let Some((kind, children)) = stack.pop()
                    && let Some((_, parent)) = stack.last_mut()
                {
                    parent.push(Node::Element(kind, children));
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut stack, Node::Text(t.into_string()))
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                push(&mut stack, Node::Text(t.into_string()))
            }
            Event::Code(t) => push(&mut stack, Node::Code(t.into_string())),
            Event::FootnoteReference(t) => push(&mut stack, Node::Text(format!("[{t}]"))),
            Event::SoftBreak => push(&mut stack, Node::Text(" ".to_owned())),
            Event::HardBreak => push(&mut stack, Node::Break),
            Event::Rule => push(&mut stack, Node::Rule),
            Event::TaskListMarker(done) => push(&mut stack, Node::Task(done)),
        }
    }
    // Unbalanced input cannot happen with pulldown-cmark, but nothing is dropped if it did.
    while stack.len() > 1 {
        if let Some((kind, children)) = stack.pop()
            && let Some((_, parent)) = stack.last_mut()
        {
            parent.push(Node::Element(kind, children));
        }
    }
    stack.pop().map(|(_, nodes)| nodes).unwrap_or_default()
}

fn push(stack: &mut [(Kind, Vec<Node>)], node: Node) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(node);
    }
}

fn render(nodes: Vec<Node>) -> AnyView {
    nodes.into_iter().map(render_node).collect_view().into_any()
}

fn render_node(node: Node) -> AnyView {
    match node {
        Node::Text(t) => t.into_any(),
        Node::Code(t) => view! { <code>{t}</code> }.into_any(),
        Node::Break => view! { <br /> }.into_any(),
        Node::Rule => view! { <hr /> }.into_any(),
        Node::Task(done) => {
            view! { <input type="checkbox" disabled=true checked=done class="md-task" /> }
                .into_any()
        }
        Node::Element(kind, children) => element(kind, children),
    }
}

fn element(kind: Kind, children: Vec<Node>) -> AnyView {
    let inner = render(children);
    match kind {
        Kind::Paragraph => view! { <p>{inner}</p> }.into_any(),
        // Headings sit below the page's own h1/h2.
        Kind::Heading(1) => view! { <h3>{inner}</h3> }.into_any(),
        Kind::Heading(2) => view! { <h4>{inner}</h4> }.into_any(),
        Kind::Heading(3) => view! { <h5>{inner}</h5> }.into_any(),
        Kind::Heading(_) => view! { <h6>{inner}</h6> }.into_any(),
        Kind::Quote => view! { <blockquote>{inner}</blockquote> }.into_any(),
        Kind::CodeBlock => view! { <pre><code>{inner}</code></pre> }.into_any(),
        Kind::Bullets => view! { <ul>{inner}</ul> }.into_any(),
        Kind::Numbered(start) => view! { <ol start=start.to_string()>{inner}</ol> }.into_any(),
        Kind::ListItem => view! { <li>{inner}</li> }.into_any(),
        Kind::Table => view! { <div class="md-table"><table>{inner}</table></div> }.into_any(),
        Kind::TableHead => view! { <thead><tr>{inner}</tr></thead> }.into_any(),
        Kind::TableRow => view! { <tr>{inner}</tr> }.into_any(),
        Kind::HeadCell => view! { <th>{inner}</th> }.into_any(),
        Kind::Cell => view! { <td>{inner}</td> }.into_any(),
        Kind::Emphasis => view! { <em>{inner}</em> }.into_any(),
        Kind::Strong => view! { <strong>{inner}</strong> }.into_any(),
        Kind::Struck => view! { <del>{inner}</del> }.into_any(),
        Kind::Link(Some(href)) | Kind::Image(Some(href)) => view! {
            <a href=href target="_blank" rel="noopener noreferrer nofollow">{inner}</a>
        }
        .into_any(),
        Kind::Link(None) | Kind::Image(None) | Kind::Plain => {
            view! { <span>{inner}</span> }.into_any()
        }
    }
}

/// Markdown text shown as formatted content; an empty text shows `empty` instead.
#[component]
pub fn Markdown(
    #[prop(into)] text: Signal<String>,
    #[prop(optional, into)] empty: Option<String>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let empty = StoredValue::new(empty);
    view! {
        <div class="markdown" data-testid=testid>
            {move || {
                let text = text.get();
                if text.trim().is_empty() {
                    empty
                        .get_value()
                        .map(|e| view! { <p class="muted">{e}</p> }.into_any())
                        .unwrap_or_else(|| ().into_any())
                } else {
                    render(parse(&text))
                }
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|n| match n {
                Node::Text(t) | Node::Code(t) => t.clone(),
                Node::Element(_, c) => text_of(c),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn raw_html_stays_text() {
        let nodes = parse("Hello <script>alert(1)</script> <b>x</b>");
        assert_eq!(text_of(&nodes), "Hello <script>alert(1)</script> <b>x</b>");
    }

    #[test]
    fn only_web_mail_and_own_links_survive() {
        let nodes = parse("[a](javascript:alert(1)) [b](https://example.com) [c](//evil.example)");
        let Node::Element(Kind::Paragraph, inner) = &nodes[0] else {
            panic!("{nodes:?}")
        };
        let links: Vec<&Kind> = inner
            .iter()
            .filter_map(|n| match n {
                Node::Element(k, _) => Some(k),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            vec![
                &Kind::Link(None),
                &Kind::Link(Some("https://example.com".into())),
                &Kind::Link(None)
            ]
        );
    }

    #[test]
    fn lists_and_emphasis_nest() {
        let nodes = parse("- **one**\n- two");
        assert!(matches!(&nodes[0], Node::Element(Kind::Bullets, items) if items.len() == 2));
    }
}
