//! The password help pages as a browser sees them: the app with rita and nina allowed to
//! reset, `/me` sessions, enrolling, opening the app, answering, and the raw requests the
//! two-server test sends.

use super::console::{Console, PW, Res, cookie_pair, field};
use axum::http::StatusCode;

pub const NEW_PW: &str = "Quiet-Harbour-Lantern-7";

/// rita and nina may reset (3 answers enrolled, 2 asked); self-service is on.
pub async fn app() -> Console {
    let c = Console::new().await;
    // On the Default policy: a name that belongs to nobody is asked as Default asks.
    super::reset::allow_reset(&c, &[("sspr.enrollment_prompt", "may_delay")]).await;
    for u in ["rita", "nina"] {
        c.user(u, None).await;
    }
    c
}

/// Signs in to `/me` with the password (nothing enrolled: the policy allows it).
pub async fn me_session(c: &Console, user: &str) -> String {
    let page = c.get("/me/login", "").await;
    let csrf = field(&page.body, "csrf");
    let pre = cookie_pair(&page.cookies, "__Host-regain-me-pre");
    let res = c
        .post(
            "/me/login",
            &pre,
            &[("csrf", &csrf), ("username", user), ("password", PW)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    cookie_pair(&res.cookies, "__Host-regain-me")
}

/// The question ids and texts of the first `n` options of the enrollment form, answered
/// "answer N of USER".
pub async fn enrol(c: &Console, user: &str) -> String {
    let me = me_session(c, user).await;
    let home = c.get("/me", &me).await;
    assert_eq!(home.status, StatusCode::SEE_OTHER, "the policy prompts");
    assert_eq!(home.location, "/me/questions");
    let page = c.get("/me/questions", &me).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"enroll-later\""), "may delay");
    let csrf = field(&page.body, "csrf");
    let ids = ["1", "2", "3"];
    let answers: Vec<String> = (1..=3).map(|n| format!("answer {n} of {user}")).collect();
    let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf)];
    for (n, id) in ids.iter().enumerate() {
        form.push((format!("q-{}", n + 1), (*id).to_owned()));
        form.push((format!("a-{}", n + 1), answers[n].clone()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = c.post("/me/questions", &me, &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location, "/me?done=questions");
    me
}

/// The answer rita or nina enrolled for question `id` (ids 1..=3 with answers 1..=3).
pub fn answer_for(user: &str, id: &str) -> String {
    format!("  ANSWER {id} of {user} ")
}

/// Opens the app for `name`: the session cookie and the challenge page.
pub async fn identify(c: &Console, name: &str) -> (Res, String) {
    let start = c.get("/sso/passwordhelp", "").await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    let csrf = field(&start.body, "csrf");
    let pre = cookie_pair(&start.cookies, "__Host-regain-sspr-pre");
    let res = c
        .post(
            "/sso/sschallengeinit",
            &pre,
            &[("csrf", &csrf), ("username", name)],
        )
        .await;
    (res, pre)
}

pub async fn challenge(c: &Console, name: &str) -> (String, Res) {
    let (res, _) = identify(c, name).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location, "/sso/sschallenge");
    let cookie = cookie_pair(&res.cookies, "__Host-regain-sspr");
    let page = c.get("/sso/sschallenge", &cookie).await;
    (cookie, page)
}

/// The question ids a challenge page asks, in order.
pub fn asked(body: &str) -> Vec<String> {
    body.split("name=\"a-")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

pub async fn answer(c: &Console, cookie: &str, page: &Res, answers: &[(String, String)]) -> Res {
    let csrf = field(&page.body, "csrf");
    let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf)];
    for (id, a) in answers {
        form.push((format!("a-{id}"), a.clone()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post("/sso/sschallenge", cookie, &form).await
}

pub fn right_answers(user: &str, page: &Res) -> Vec<(String, String)> {
    asked(&page.body)
        .into_iter()
        .map(|id| {
            let a = answer_for(user, &id);
            (id, a)
        })
        .collect()
}

pub fn wrong_answers(page: &Res) -> Vec<(String, String)> {
    asked(&page.body)
        .into_iter()
        .map(|id| (id, "not the answer".to_owned()))
        .collect()
}

/// The page with everything that differs per request or per name masked: tokens, the
/// questions asked, the name.
pub fn masked(body: &str, name: &str) -> String {
    let mut out = String::new();
    for (i, part) in body.split("value=\"").enumerate() {
        if i == 0 {
            out.push_str(part);
        } else {
            out.push_str("value=\"TOKEN");
            out.push_str(&part[part.find('"').unwrap()..]);
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for l in out.lines() {
        if l.contains("for=\"a-") {
            lines.push("QUESTION".into());
        } else if l.contains("name=\"a-") {
            lines.push("ANSWER".into());
        } else {
            lines.push(l.replace(name, "NAME"));
        }
    }
    lines.join("\n")
}

pub fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

pub fn form_request(
    path: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> axum::http::Request<axum::body::Body> {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{k}={}", super::console::enc(v)))
        .collect();
    axum::http::Request::post(path)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body.join("&")))
        .unwrap()
}

pub fn get_request(path: &str, cookie: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(path)
        .header("cookie", cookie)
        .body(axum::body::Body::empty())
        .unwrap()
}
