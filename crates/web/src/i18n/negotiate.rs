//! Which language a request gets: the cookie the language links set, else the best match of
//! `Accept-Language` (q-values honoured, `q=0` excluded; `pt-BR` and `pt` are Brazilian
//! Portuguese, any other region falls back to its language), else English.

use super::Lang;
use axum::http::HeaderMap;

/// Remembers a language chosen with a language link (not a secret: no `__Host-` needed, but
/// pinned to the host and path all the same).
pub const LANG_COOKIE: &str = "regain-lang";

pub fn choose(headers: &HeaderMap) -> Lang {
    if let Some(l) = crate::console::context_cookie(headers, LANG_COOKIE).and_then(Lang::from_code)
    {
        return l;
    }
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(from_accept_language)
        .unwrap_or(Lang::En)
}

/// The best of the listed languages that we have, by q-value (the first listed on a tie).
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(u16, Lang)> = None;
    for item in header.split(',').take(32) {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), parse_q);
        let Some(q) = q.filter(|q| *q > 0) else {
            continue;
        };
        let Some(lang) = of_tag(tag) else { continue };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// A q-value in thousandths; `None` if it is not one.
fn parse_q(raw: &str) -> Option<u16> {
    let v: f32 = raw.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&v)
        .then(|| (v * 1000.0).round() as u16)
}

fn of_tag(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "pt" => Some(Lang::PtBr),
        "da" => Some(Lang::Da),
        "de" => Some(Lang::De),
        "en" => Some(Lang::En),
        "es" => Some(Lang::Es),
        "fr" => Some(Lang::Fr),
        "it" => Some(Lang::It),
        "nl" => Some(Lang::Nl),
        "fi" => Some(Lang::Fi),
        "sv" => Some(Lang::Sv),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_values_decide_and_regions_fall_back_to_their_language() {
        assert_eq!(from_accept_language("pt-BR"), Some(Lang::PtBr));
        assert_eq!(from_accept_language("pt"), Some(Lang::PtBr));
        assert_eq!(from_accept_language("pt-PT;q=0.9"), Some(Lang::PtBr));
        assert_eq!(
            from_accept_language("da, en-GB;q=0.8, en;q=0.7"),
            Some(Lang::Da)
        );
        assert_eq!(
            from_accept_language("en;q=0.5, de;q=0.9, fr;q=0.8"),
            Some(Lang::De)
        );
        assert_eq!(from_accept_language("ja, ko;q=0.9"), None);
        assert_eq!(
            from_accept_language("ja, sv;q=0.1"),
            Some(Lang::Sv),
            "the only one we have, however low"
        );
        assert_eq!(from_accept_language("de;q=0, fi;q=0.2"), Some(Lang::Fi));
        assert_eq!(
            from_accept_language("nl;q=abc, it"),
            Some(Lang::It),
            "a malformed q-value is skipped"
        );
        assert_eq!(from_accept_language("*"), None);
        assert_eq!(from_accept_language("es-419"), Some(Lang::Es));
    }

    #[test]
    fn the_cookie_wins_over_the_header() {
        let mut h = HeaderMap::new();
        h.insert("accept-language", "fr".parse().unwrap());
        assert_eq!(choose(&h), Lang::Fr);
        h.insert("cookie", "regain-lang=nl".parse().unwrap());
        assert_eq!(choose(&h), Lang::Nl);
        h.insert("cookie", "regain-lang=xx".parse().unwrap());
        assert_eq!(choose(&h), Lang::Fr, "an unknown cookie value is ignored");
        assert_eq!(choose(&HeaderMap::new()), Lang::En);
    }
}
