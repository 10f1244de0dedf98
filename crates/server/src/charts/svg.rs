//! A small SVG writer: escaped text and attributes, numbers rounded to 0.1, and the accessible
//! root element every chart shares.

use std::fmt::Display;

/// Escapes text for XML character data and attribute values. Characters that XML 1.0 does not
/// allow at all (most control characters) are dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate or length rounded to 0.1, always with one decimal (`"12.0"`), never `"-0.0"`.
/// Non-finite values become `"0.0"`; callers only pass finite ones.
pub(crate) fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0.0".to_string();
    }
    format!("{:.1}", super::clean::one_decimal(value))
}

/// One element's start tag under construction.
pub(crate) struct Tag {
    name: &'static str,
    attrs: String,
}

impl Tag {
    /// A new element with no attributes.
    pub(crate) fn new(name: &'static str) -> Tag {
        Tag {
            name,
            attrs: String::new(),
        }
    }

    /// Adds an attribute; the value is escaped.
    pub(crate) fn attr(mut self, name: &str, value: impl Display) -> Tag {
        self.attrs.push(' ');
        self.attrs.push_str(name);
        self.attrs.push_str("=\"");
        self.attrs.push_str(&escape(&value.to_string()));
        self.attrs.push('"');
        self
    }

    /// Adds a numeric attribute rounded to 0.1.
    pub(crate) fn num(self, name: &str, value: f64) -> Tag {
        self.attr(name, num(value))
    }
}

/// An SVG document written element by element, one per line.
pub(crate) struct Doc {
    out: String,
    open: Vec<&'static str>,
}

impl Doc {
    /// Starts the accessible root: `role="img"`, labelled by a `<title>` and a `<desc>` whose
    /// ids start with `id` (unique per chart content, so two charts on a page do not clash).
    pub(crate) fn new(
        id: &str,
        class: &str,
        width: f64,
        height: f64,
        title: &str,
        desc: &str,
    ) -> Doc {
        let mut doc = Doc {
            out: String::new(),
            open: Vec::new(),
        };
        let title_id = format!("{id}-title");
        let desc_id = format!("{id}-desc");
        doc.open(
            Tag::new("svg")
                .attr("xmlns", "http://www.w3.org/2000/svg")
                .attr("class", format!("anneal-chart {class}"))
                .attr("viewBox", format!("0 0 {} {}", num(width), num(height)))
                .attr("width", "100%")
                .attr("role", "img")
                .attr("aria-labelledby", format!("{title_id} {desc_id}"))
                .attr(
                    "font-family",
                    "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                )
                .attr("fill", super::palette::TEXT),
        );
        doc.text(Tag::new("title").attr("id", title_id), title);
        doc.text(Tag::new("desc").attr("id", desc_id), desc);
        doc
    }

    /// Writes an element with no content: `<rect .../>`.
    pub(crate) fn leaf(&mut self, tag: Tag) {
        self.out.push('<');
        self.out.push_str(tag.name);
        self.out.push_str(&tag.attrs);
        self.out.push_str("/>\n");
    }

    /// Opens an element whose children follow; [`Doc::close`] ends it.
    pub(crate) fn open(&mut self, tag: Tag) {
        self.out.push('<');
        self.out.push_str(tag.name);
        self.out.push_str(&tag.attrs);
        self.out.push_str(">\n");
        self.open.push(tag.name);
    }

    /// Closes the innermost open element (no-op when none is open).
    pub(crate) fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
    }

    /// Writes an element holding escaped text: `<text ...>a &amp; b</text>`.
    pub(crate) fn text(&mut self, tag: Tag, content: &str) {
        self.out.push('<');
        self.out.push_str(tag.name);
        self.out.push_str(&tag.attrs);
        self.out.push('>');
        self.out.push_str(&escape(content));
        self.out.push_str("</");
        self.out.push_str(tag.name);
        self.out.push_str(">\n");
    }

    /// Writes an element whose children are already-written markup (`<text>` with `<tspan>`s).
    pub(crate) fn raw_children(&mut self, tag: Tag, children: &str) {
        self.out.push('<');
        self.out.push_str(tag.name);
        self.out.push_str(&tag.attrs);
        self.out.push('>');
        self.out.push_str(children);
        self.out.push_str("</");
        self.out.push_str(tag.name);
        self.out.push_str(">\n");
    }

    /// Closes every open element and returns the SVG text.
    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

/// An inline element with escaped text (a `<tspan>`), for building a multi-part `<text>`.
pub(crate) fn inline(tag: Tag, content: &str) -> String {
    format!(
        "<{name}{}>{}</{name}>",
        tag.attrs,
        escape(content),
        name = tag.name
    )
}

/// A stable 32-bit FNV-1a hash of a chart's input, for element ids that are deterministic and
/// differ between charts with different content.
pub(crate) struct IdHash(u32);

impl IdHash {
    /// Starts a hash.
    pub(crate) fn new() -> IdHash {
        IdHash(0x811c_9dc5)
    }

    /// Feeds bytes.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u32::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }

    /// Feeds a number by its bit pattern.
    pub(crate) fn f64(&mut self, value: f64) {
        self.bytes(&value.to_bits().to_le_bytes());
    }

    /// Feeds an integer.
    pub(crate) fn i64(&mut self, value: i64) {
        self.bytes(&value.to_le_bytes());
    }

    /// The id: `prefix` and the hash in hex.
    pub(crate) fn id(&self, prefix: &str) -> String {
        format!("{prefix}-{:08x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }

    #[test]
    fn escape_drops_characters_xml_forbids() {
        assert_eq!(escape("a\u{0}b\u{1b}c\td\u{FFFF}"), "abc\td");
    }

    #[test]
    fn numbers_have_one_decimal() {
        assert_eq!(num(12.0), "12.0");
        assert_eq!(num(12.34567), "12.3");
        assert_eq!(num(-0.04), "0.0");
        assert_eq!(num(f64::NAN), "0.0");
    }

    #[test]
    fn doc_writes_nested_escaped_markup() {
        let mut doc = Doc::new("x", "c", 10.0, 20.0, "T & t", "D");
        doc.open(Tag::new("g").attr("class", "a\"b"));
        doc.leaf(Tag::new("rect").num("x", 1.25));
        doc.text(Tag::new("text"), "<hi>");
        let out = doc.finish();
        assert!(out.starts_with("<svg "));
        assert!(out.contains("<title id=\"x-title\">T &amp; t</title>"));
        assert!(out.contains("<g class=\"a&quot;b\">"));
        assert!(out.contains("<rect x=\"1.3\"/>"));
        assert!(out.contains("<text>&lt;hi&gt;</text>"));
        assert!(out.ends_with("</g>\n</svg>\n"));
    }

    #[test]
    fn id_hash_is_stable_and_input_sensitive() {
        let mut a = IdHash::new();
        a.f64(1.0);
        let mut b = IdHash::new();
        b.f64(1.0);
        let mut c = IdHash::new();
        c.f64(2.0);
        assert_eq!(a.id("m"), b.id("m"));
        assert_ne!(a.id("m"), c.id("m"));
    }
}
