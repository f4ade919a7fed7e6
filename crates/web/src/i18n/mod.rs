//! The self-service pages' languages (F-S11): Project Fluent files, one per language, compiled
//! into the binary; the language chosen from a cookie set by the pages' language links, else
//! from `Accept-Language` with its q-values, else English. Every user-facing text of `/sso`
//! and `/me` goes through [`Tr`]; templates hold no literal text.

mod negotiate;
mod notices;
pub mod page;

pub use negotiate::{LANG_COOKIE, choose};
pub use notices::NoticeBundle;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

/// The ten languages, in the order the language links show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    PtBr,
    Da,
    De,
    En,
    Es,
    Fr,
    It,
    Nl,
    Fi,
    Sv,
}

impl Lang {
    pub const ALL: [Lang; 10] = [
        Lang::PtBr,
        Lang::Da,
        Lang::De,
        Lang::En,
        Lang::Es,
        Lang::Fr,
        Lang::It,
        Lang::Nl,
        Lang::Fi,
        Lang::Sv,
    ];

    /// The BCP 47 tag (the `lang` attribute, the cookie's value, the `?lang=` link).
    pub fn code(self) -> &'static str {
        match self {
            Lang::PtBr => "pt-BR",
            Lang::Da => "da",
            Lang::De => "de",
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Fi => "fi",
            Lang::Sv => "sv",
        }
    }

    /// The language's name in itself, for the language links.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::PtBr => "Português (Brasil)",
            Lang::Da => "Dansk",
            Lang::De => "Deutsch",
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Fr => "Français",
            Lang::It => "Italiano",
            Lang::Nl => "Nederlands",
            Lang::Fi => "Suomi",
            Lang::Sv => "Svenska",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    fn source(self) -> &'static str {
        match self {
            Lang::PtBr => include_str!("../../locales/pt-BR.ftl"),
            Lang::Da => include_str!("../../locales/da.ftl"),
            Lang::De => include_str!("../../locales/de.ftl"),
            Lang::En => include_str!("../../locales/en.ftl"),
            Lang::Es => include_str!("../../locales/es.ftl"),
            Lang::Fr => include_str!("../../locales/fr.ftl"),
            Lang::It => include_str!("../../locales/it.ftl"),
            Lang::Nl => include_str!("../../locales/nl.ftl"),
            Lang::Fi => include_str!("../../locales/fi.ftl"),
            Lang::Sv => include_str!("../../locales/sv.ftl"),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Every language's bundle, parsed once. A file that does not parse leaves its bundle with the
/// messages that did (Fluent recovers per message); the test of every page in every language
/// fails on any missing one.
static BUNDLES: LazyLock<Vec<(Lang, Bundle)>> = LazyLock::new(|| {
    Lang::ALL
        .into_iter()
        .map(|lang| (lang, bundle(lang)))
        .collect()
});

fn bundle(lang: Lang) -> Bundle {
    let id = lang
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: they would show up in form values and
    // tests, and the pages set `dir` themselves.
    b.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            tracing::error!(lang = lang.code(), ?errors, "translation file has errors");
            r
        }
    };
    if let Err(errors) = b.add_resource(resource) {
        tracing::error!(
            lang = lang.code(),
            ?errors,
            "translation file has duplicate keys"
        );
    }
    b
}

fn bundle_of(lang: Lang) -> Option<&'static Bundle> {
    BUNDLES.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
}

/// A translator for one language, handed to every template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The message `key`, or `None` if this language lacks it.
    pub fn lookup(&self, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let b = bundle_of(self.lang)?;
        let pattern = b.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = b.format_pattern(pattern, args, &mut errors).into_owned();
        errors.is_empty().then_some(text)
    }

    /// The message `key`; a missing one falls back to English, then to the key itself (logged:
    /// the language test prevents it).
    pub fn t(&self, key: &str) -> String {
        self.with(key, None)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value.to_string()));
        self.with(key, Some(&args))
    }

    /// The message `key` with a number argument (plural forms select on it).
    pub fn tn(&self, key: &str, name: &str, value: u64) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value));
        self.with(key, Some(&args))
    }

    pub(crate) fn with(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        if let Some(t) = self.lookup(key, args) {
            return t;
        }
        tracing::error!(lang = self.lang.code(), key, "missing translation");
        Tr::new(Lang::En)
            .lookup(key, args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text of a security question: a default question in this language, an
    /// administrator's own question as written.
    pub fn question(&self, q: &regain_core::questions::SecurityQuestion) -> String {
        match regain_core::questions::DEFAULT_QUESTIONS
            .iter()
            .position(|d| *d == q.text)
        {
            Some(i) => self.t(&format!("question-default-{}", i + 1)),
            None => q.text.clone(),
        }
    }

    /// Every key of a language's file (for the completeness test).
    pub fn keys(lang: Lang) -> Vec<String> {
        let Ok(r) = FluentResource::try_new(lang.source().to_owned()) else {
            return Vec::new();
        };
        r.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key a template or handler asks for, read from their sources.
    fn keys_used() -> Vec<String> {
        let sources = [
            include_str!("../../templates/sso/base.html"),
            include_str!("../../templates/sso/start.html"),
            include_str!("../../templates/sso/challenge.html"),
            include_str!("../../templates/sso/message.html"),
            include_str!("../../templates/sso/reset.html"),
            include_str!("../../templates/sso/push.html"),
            include_str!("../../templates/sso/code.html"),
            include_str!("../../templates/sso/apps.html"),
            include_str!("../../templates/me/questions.html"),
            include_str!("../../templates/me/base.html"),
            include_str!("../../templates/me/home.html"),
            include_str!("../../templates/me/login.html"),
            include_str!("../../templates/me/otp.html"),
            include_str!("../../templates/me/phone.html"),
            include_str!("../../templates/me/push.html"),
            include_str!("../../templates/me/message.html"),
            include_str!("../../templates/me/apps.html"),
            include_str!("../../templates/langs.html"),
            include_str!("../sso/page.rs"),
            include_str!("../sso/start.rs"),
            include_str!("../sso/challenge.rs"),
            include_str!("../sso/reset.rs"),
            include_str!("../sso/push.rs"),
            include_str!("../selfservice/questions.rs"),
            include_str!("../selfservice/mod.rs"),
            include_str!("../selfservice/auth.rs"),
            include_str!("../selfservice/methods.rs"),
            include_str!("../selfservice/apps.rs"),
        ];
        let mut keys = Vec::new();
        for src in sources {
            for call in [".t(\"", ".t1(\"", ".tn(\""] {
                for part in src.split(call).skip(1) {
                    if let Some(k) = part.split('"').next()
                        && !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        keys.push(k.to_owned());
                    }
                }
            }
            // Keys handed around as literals (`Some("me-code-wrong")`, `=> "me-error-code"`).
            for part in src.split("\"me-").skip(1) {
                if let Some(k) = part.split('"').next()
                    && k.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    keys.push(format!("me-{k}"));
                }
            }
            // `page.message(status, "title-key", "text-key", ...)`.
            for part in src.split("StatusCode::").skip(1) {
                for k in part.split('"').skip(1).step_by(2).take(2) {
                    if k.contains('-') && k.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                        keys.push(k.to_owned());
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    /// The pages' templates: what is left once the template code (`{{ }}`, `{% %}`) and the
    /// markup are taken out, and the texts of attributes people read.
    fn literal_texts(template: &str) -> Vec<String> {
        // The template code first (it may sit inside attributes), then the markup.
        let mut text = String::new();
        let mut src = template;
        while let Some(i) = src.find('{') {
            text.push_str(&src[..i]);
            let tail = &src[i..];
            let close = ["{{", "{%", "{#"]
                .iter()
                .zip(["}}", "%}", "#}"])
                .find(|(open, _)| tail.starts_with(**open))
                .map(|(_, close)| close);
            match close.and_then(|c| tail.find(c).map(|j| j + c.len())) {
                Some(end) => {
                    text.push(' ');
                    src = &tail[end..];
                }
                None => {
                    text.push('{');
                    src = &tail[1..];
                }
            }
        }
        text.push_str(src);
        let mut rest = String::new();
        let mut src = text.as_str();
        while let Some(i) = src.find('<') {
            rest.push_str(&src[..i]);
            rest.push(' ');
            let tail = &src[i..];
            let end = tail.find('>').unwrap_or(tail.len());
            // Attributes read by people must be translated too.
            for attr in ["placeholder=\"", "aria-label=\"", "title=\"", "alt=\""] {
                if let Some(a) = tail[..end].find(attr) {
                    rest.push_str(tail[a + attr.len()..end].split('"').next().unwrap_or(""));
                    rest.push(' ');
                }
            }
            src = tail.get(end + 1..).unwrap_or("");
        }
        rest.push_str(src);
        rest.split_whitespace()
            .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
            .map(str::to_owned)
            .collect()
    }

    /// No literal text in a template of `/sso` or `/me`: every word comes from the
    /// translation files. (The command in the push enrollment page is a command.)
    #[test]
    fn the_templates_hold_no_literal_text() {
        let templates = [
            ("sso/base", include_str!("../../templates/sso/base.html")),
            ("sso/start", include_str!("../../templates/sso/start.html")),
            (
                "sso/challenge",
                include_str!("../../templates/sso/challenge.html"),
            ),
            (
                "sso/message",
                include_str!("../../templates/sso/message.html"),
            ),
            ("sso/reset", include_str!("../../templates/sso/reset.html")),
            ("sso/push", include_str!("../../templates/sso/push.html")),
            ("sso/code", include_str!("../../templates/sso/code.html")),
            ("sso/apps", include_str!("../../templates/sso/apps.html")),
            (
                "me/questions",
                include_str!("../../templates/me/questions.html"),
            ),
            ("me/base", include_str!("../../templates/me/base.html")),
            ("me/home", include_str!("../../templates/me/home.html")),
            ("me/login", include_str!("../../templates/me/login.html")),
            ("me/otp", include_str!("../../templates/me/otp.html")),
            ("me/phone", include_str!("../../templates/me/phone.html")),
            ("me/push", include_str!("../../templates/me/push.html")),
            (
                "me/message",
                include_str!("../../templates/me/message.html"),
            ),
            ("langs", include_str!("../../templates/langs.html")),
        ];
        for (name, t) in templates {
            let words: Vec<String> = literal_texts(t)
                .into_iter()
                .filter(|w| !["regain-authenticator", "enroll"].contains(&w.as_str()))
                .collect();
            assert!(words.is_empty(), "{name}: literal text {words:?}");
        }
        // The check itself finds text.
        assert_eq!(
            literal_texts("<p>Hello {{ x }}</p><input placeholder=\"Phone app\">"),
            ["Hello", "Phone", "app"]
        );
    }

    #[test]
    fn every_key_the_pages_use_exists_in_english() {
        let english = Tr::keys(Lang::En);
        let used = keys_used();
        assert!(used.len() > 40, "found only {used:?}");
        for k in used {
            assert!(english.contains(&k), "{k} is used but not in en.ftl");
        }
    }

    /// A missing key, a key of its own, a message that does not format, or an English text
    /// left in another language fails (the brand name is the one text every language shares).
    #[test]
    fn every_language_has_every_message_translated() {
        let english = Tr::keys(Lang::En);
        let en = Tr::new(Lang::En);
        let mut args = FluentArgs::new();
        for (name, value) in [
            ("min", "12"),
            ("max", "256"),
            ("required", "3"),
            ("history", "5"),
            ("username", "jsmith"),
            ("question", "Q?"),
            ("count", "5"),
            ("n", "2"),
            ("date", "2026-12-03"),
            ("expected", "5"),
            ("number", "+41 •• ••• •• 67"),
            ("expires", "2026-12-03 12:00 UTC"),
            ("name", "CRM"),
            ("user", "alice"),
            ("at", "2026-12-04 10:00 UTC"),
            ("source", "192.0.2.7"),
            ("kind", "Authenticator app"),
            ("action", "user.unlock"),
        ] {
            args.set(name, FluentValue::from(value));
        }
        for lang in Lang::ALL {
            let keys = Tr::keys(lang);
            assert_eq!(
                keys,
                english,
                "{}: the keys differ from en.ftl",
                lang.code()
            );
            let tr = Tr::new(lang);
            for k in &english {
                let text = tr
                    .lookup(k, Some(&args))
                    .unwrap_or_else(|| panic!("{}: {k} does not format", lang.code()));
                assert!(!text.trim().is_empty(), "{}: {k} is empty", lang.code());
                if lang != Lang::En && k != "brand" {
                    assert_ne!(
                        text,
                        en.lookup(k, Some(&args)).unwrap_or_default(),
                        "{}: {k} is still English",
                        lang.code()
                    );
                }
            }
        }
    }
}
