//! The self-service reset's common setup for the tests: the Default policy allowing it, a
//! user's answers enrolled (as the user, signed in just now), and a password help session
//! proven by the right answers.

use super::console::{Console, cookie_pair, field};
use regain_core::ids::QuestionId;
use regain_core::ports::Clock;
use regain_core::service::{Authority, Caller, SecondFactor};
use secrecy::SecretString;

/// Self-service on, and the Default policy allowing the reset (remote enrollment with the
/// password, 3 answers enrolled, 2 asked), then `extra` changes to it.
pub async fn allow_reset(c: &Console, extra: &[(&str, &str)]) {
    let op = Caller::operator("test");
    let s = &c.env.services;
    let changes: Vec<(String, String)> = [
        ("enrollment.remote", "password"),
        ("sspr.allow_reset", "true"),
        ("sspr.questions_to_enroll", "3"),
        ("sspr.questions_to_answer", "2"),
    ]
    .iter()
    .chain(extra)
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    s.set_policy(&op, "Default", &changes).await.unwrap();
    s.set_settings(&op, &[("self_service_enabled".into(), "true".into())])
        .await
        .unwrap();
}

/// `user` on their self-service pages, signed in just now with the password.
pub fn self_caller(c: &Console, user: &str) -> Caller {
    Caller {
        actor: regain_core::audit::Actor::User(user.into()),
        source: None,
        authority: Authority::SelfService {
            username: user.into(),
            second_factor: SecondFactor::ConfirmedAt(None),
            signed_in_at: Some(c.env.clock.now()),
        },
    }
}

/// Enrols `answer(n)` for the questions 1 to 3 as `user`.
pub async fn enrol_answers(c: &Console, user: &str, answer: impl Fn(i64) -> String) {
    let answers: Vec<(QuestionId, SecretString)> = (1..=3)
        .map(|n| (QuestionId(n), SecretString::from(answer(n))))
        .collect();
    c.env
        .services
        .enroll_answers(&self_caller(c, user), &answers)
        .await
        .unwrap()
        .unwrap();
}

/// A password help session for `user` that answered `answer(question id)` to the questions
/// asked; its cookie and the answer's response.
pub async fn answered(
    c: &Console,
    user: &str,
    answer: impl Fn(&str) -> String,
) -> (String, super::console::Res) {
    let start = c.get("/sso/passwordhelp", "").await;
    let pre = cookie_pair(&start.cookies, "__Host-regain-sspr-pre");
    let res = c
        .post(
            "/sso/sschallengeinit",
            &pre,
            &[("csrf", &field(&start.body, "csrf")), ("username", user)],
        )
        .await;
    let cookie = cookie_pair(&res.cookies, "__Host-regain-sspr");
    let page = c.get("/sso/sschallenge", &cookie).await;
    let mut form = vec![("csrf".to_owned(), field(&page.body, "csrf"))];
    for id in page.body.split("name=\"a-").skip(1) {
        let id = id.split('"').next().unwrap();
        form.push((format!("a-{id}"), answer(id)));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = c.post("/sso/sschallenge", &cookie, &form).await;
    (cookie, res)
}
