//! Form helpers: bodies with repeated keys (checkbox lists) and URL path encoding.

/// Form bodies with repeated keys (checkbox lists) as pairs.
pub fn pairs(raw: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(raw);
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

pub fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A parsed form's fields as pairs (for carrying them through a re-authentication).
pub fn of_map(f: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
    f.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_form_keys_and_escapes() {
        let p = super::pairs(b"perm=users.view&perm=users.unlock&name=Help+desk%21&x=%zz");
        assert_eq!(p.iter().filter(|(k, _)| k == "perm").count(), 2);
        assert_eq!(super::first(&p, "name").unwrap(), "Help desk!");
        assert_eq!(super::first(&p, "x").unwrap(), "%zz");
    }
}
