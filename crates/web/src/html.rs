//! Minimal HTML helpers for the few pages served before the console's templates arrive.

use axum::response::Html;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `body` must already be escaped.
pub fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>\
         body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2733;line-height:1.5}}\
         label{{display:block;margin-top:1rem;font-weight:600}}input{{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}}\
         button{{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;background:#1f5fbf;color:#fff;border:0;border-radius:4px}}\
         .error{{color:#a4161a;font-weight:600}}.ok{{color:#1b6b35;font-weight:600}}</style></head>\
         <body><main>{body}</main></body></html>",
        escape(title)
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href='x'>&\""),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
    }
}
