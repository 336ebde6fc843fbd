//! Writing HTML by hand, safely: everything that is not a literal goes through [`esc`] or
//! [`Html::text`]. Server-rendered pages here are small and hot; a template engine would cost
//! more than it saves.

use std::fmt::Write;

pub use aftercare_app::html::{esc, push_esc};

/// A page being written.
pub struct Html(pub String);

impl Html {
    pub fn with_capacity(n: usize) -> Html {
        Html(String::with_capacity(n))
    }
    /// Markup we wrote ourselves.
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }
    /// Text from data or translations.
    pub fn text(&mut self, s: &str) -> &mut Self {
        push_esc(&mut self.0, s);
        self
    }
    pub fn fmt(&mut self, args: std::fmt::Arguments<'_>) -> &mut Self {
        let _ = self.0.write_fmt(args);
        self
    }
}

/// Text inside `<script type="application/json">` (or ld+json): JSON, with `<` escaped so the
/// data cannot close the script element.
pub fn json_in_script(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("Kovács Anna"), "Kovács Anna");
        assert_eq!(
            json_in_script(&serde_json::json!({"a": "</script><script>"})),
            r#"{"a":"\u003c/script>\u003cscript>"}"#
        );
    }
}
