//! Every page of `/me` in every language (F-S11): the sign-in page with its refusals and
//! notices, the methods page, the questions, enrolling an app, a phone and a push device with
//! their refusals, application passwords, and the expired-form page. Each page is rendered through the router in
//! English first; a text seen on an English page that shows up unchanged on another
//! language's page is English left behind (a literal in a template or handler, or a missing
//! translation falling back to English), and fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::service::Caller;
use regain_web::i18n::Lang;
use std::collections::BTreeSet;
use support::console::{Console, PW, Res, cookie_pair, field};

/// The texts people read on a page: its text nodes, and the attributes read out or shown.
fn texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push(rest[..i].to_owned());
        let tail = &rest[i..];
        // Skip what is not text: inline SVG (the QR codes), scripts, styles.
        if let Some((_, close)) = [
            ("<svg", "</svg>"),
            ("<script", "</script>"),
            ("<style", "</style>"),
        ]
        .iter()
        .find(|(open, _)| tail.starts_with(open))
        {
            rest = tail.find(close).map_or("", |j| &tail[j + close.len()..]);
            continue;
        }
        let end = tail.find('>').unwrap_or(tail.len());
        for attr in ["placeholder=\"", "aria-label=\"", "title=\""] {
            if let Some(a) = tail[..end].find(attr) {
                out.push(
                    tail[a + attr.len()..end]
                        .split('"')
                        .next()
                        .unwrap_or("")
                        .to_owned(),
                );
            }
        }
        rest = tail.get(end + 1..).unwrap_or("");
    }
    out.push(rest.to_owned());
    out.into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect()
}

/// Signs in `user` with the password (the user has no method, so no code) in `lang`.
async fn sign_in(c: &Console, lang: &str, user: &str) -> (Vec<(&'static str, Res)>, String) {
    let lang_cookie = format!("regain-lang={lang}");
    let mut pages = Vec::new();
    let login = c.get("/me/login", &lang_cookie).await;
    let pre = cookie_pair(&login.cookies, "__Host-regain-me-pre");
    let csrf = field(&login.body, "csrf");
    let jar = format!("{pre}; {lang_cookie}");
    let wrong = c
        .post(
            "/me/login",
            &jar,
            &[("csrf", &csrf), ("username", user), ("password", "wrong")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let expired = c
        .post(
            "/me/login",
            &jar,
            &[("csrf", "forged"), ("username", user), ("password", PW)],
        )
        .await;
    assert_eq!(expired.status, StatusCode::FORBIDDEN);
    let signed_out = c.get("/me/login?signed_out=1", &lang_cookie).await;
    let pre = cookie_pair(&wrong.cookies, "__Host-regain-me-pre");
    let ok = c
        .post(
            "/me/login",
            &format!("{pre}; {lang_cookie}"),
            &[
                ("csrf", &field(&wrong.body, "csrf")),
                ("username", user),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let session = cookie_pair(&ok.cookies, "__Host-regain-me");
    pages.push(("sign-in", login));
    pages.push(("sign-in refused", wrong));
    pages.push(("sign-in form expired", expired));
    pages.push(("signed out", signed_out));
    (pages, format!("{session}; {lang_cookie}"))
}

/// Every page of `/me`, as `user` sees them in `lang`.
async fn every_page(c: &Console, lang: &str, user: &str) -> Vec<(&'static str, Res)> {
    let (mut pages, jar) = sign_in(c, lang, user).await;
    // A number of one's own (a number belongs to one user).
    let n = Lang::ALL.iter().position(|l| l.code() == lang).unwrap();
    let number = format!("+41 79 555 12 {:02}", 10 + n);
    // A user with only a password is asked for the questions first.
    let first = c.get("/me", &jar).await;
    assert_eq!(first.location, "/me/questions", "{}", first.body);
    let questions = c.get("/me/questions", &jar).await;
    let csrf = field(&questions.body, "csrf");
    let home = c.get("/me?done=questions", &jar).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    let otp = c
        .post("/me/otp", &jar, &[("csrf", &csrf), ("label", "")])
        .await;
    let wrong_code = c
        .post(
            "/me/otp/confirm",
            &jar,
            &[
                ("csrf", &csrf),
                ("method", &field(&otp.body, "method")),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(wrong_code.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_number = c
        .post("/me/phone", &jar, &[("csrf", &csrf), ("number", "12345")])
        .await;
    assert_eq!(bad_number.status, StatusCode::UNPROCESSABLE_ENTITY);
    let phone = c
        .post("/me/phone", &jar, &[("csrf", &csrf), ("number", &number)])
        .await;
    assert_eq!(phone.status, StatusCode::OK, "{}", phone.body);
    let push = c.post("/me/push", &jar, &[("csrf", &csrf)]).await;
    assert_eq!(push.status, StatusCode::OK, "{}", push.body);
    let with_methods = c.get("/me?done=otp", &jar).await;
    let no_apps = c.get("/me/apps", &jar).await;
    let app_refused = c
        .post(
            "/me/apps",
            &jar,
            &[("csrf", &csrf), ("name", " "), ("password", "x")],
        )
        .await;
    assert_eq!(app_refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = c
        .post(
            "/me/apps",
            &jar,
            &[
                ("csrf", &csrf),
                ("name", "CRM"),
                ("address", "https://crm.example.test"),
                ("login", user),
                ("password", "App-Secret-1"),
            ],
        )
        .await;
    assert_eq!(added.location, "/me/apps?done=saved", "{}", added.body);
    let apps = c.get("/me/apps?done=saved", &jar).await;
    assert!(!apps.body.contains("App-Secret-1"));
    let id = apps
        .body
        .split("href=\"/me/apps/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let edit = c.get(&format!("/me/apps/{id}"), &jar).await;
    assert_eq!(edit.status, StatusCode::OK);
    let forged = c.post("/me/push", &jar, &[("csrf", "forged")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    pages.extend([
        ("questions", questions),
        ("home", home),
        ("authenticator app", otp),
        ("wrong code", wrong_code),
        ("bad number", bad_number),
        ("phone", phone),
        ("push device", push),
        ("home with pending methods", with_methods),
        ("expired form", forged),
        ("no application passwords", no_apps),
        ("application password refused", app_refused),
        ("application passwords", apps),
        ("application password edit", edit),
    ]);
    pages
}

#[tokio::test]
async fn every_page_of_me_is_in_every_language_with_no_english_left() {
    let c = Console::new().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    s.create_policy(&op, "Remote", Some("Default"))
        .await
        .unwrap();
    s.set_policy(
        &op,
        "Remote",
        &[
            ("enrollment.remote".to_owned(), "password".to_owned()),
            ("sspr.allow_reset".to_owned(), "true".to_owned()),
        ],
    )
    .await
    .unwrap();
    let user_of = |lang: Lang| format!("u{}", lang.code().to_lowercase().replace('-', ""));
    for lang in Lang::ALL {
        c.user(&user_of(lang), None).await;
        s.set_user_policy(&op, &user_of(lang), "Remote")
            .await
            .unwrap();
    }
    let english = every_page(&c, "en", &user_of(Lang::En)).await;
    let mut english_texts = BTreeSet::new();
    for (_, page) in &english {
        english_texts.extend(texts(&page.body));
    }
    assert!(
        english_texts.len() > 60,
        "the pages show too little: {english_texts:?}"
    );
    // What every language shows alike: the brand, the language names, the user's own data.
    let shared: BTreeSet<String> = Lang::ALL
        .iter()
        .map(|l| l.native_name().to_owned())
        .chain(["Regain", "CRM", "https://crm.example.test"].map(str::to_owned))
        .collect();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let user = user_of(lang);
        for (name, page) in every_page(&c, lang.code(), &user).await {
            assert!(
                page.body
                    .contains(&format!("<html lang=\"{}\">", lang.code())),
                "{} {name}: {}",
                lang.code(),
                page.body
            );
            for t in texts(&page.body) {
                let english_left = english_texts.contains(&t)
                    && !shared.contains(&t)
                    && !t.contains(&user)
                    && !t.contains(&user_of(Lang::En))
                    && !t.ends_with(" UTC");
                assert!(
                    !english_left,
                    "{} {name}: English text left: {t:?}",
                    lang.code()
                );
            }
        }
    }
}
