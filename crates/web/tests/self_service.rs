//! The self-service pages (`/me`) through the router: sign-in as the policy's remote-enrollment
//! rule says, the code step for users who already have a method, enrolling an authenticator app
//! (QR + first code), a phone (SMS code) and a push device (link + QR), refusals with the
//! reason on the page, CSRF, and isolation from the console and from other users' accounts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use regain_core::events::DomainEvent;
use regain_core::otp::{OtpAlgorithm, totp_step};
use regain_core::ports::{Clock, UserRepo};
use regain_core::service::{Caller, ServiceError};
use std::time::Duration;
use support::console::{Console, PW, cookie_pair, field};

async fn console() -> Console {
    let c = Console::new().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    for (name, changes) in [
        ("Remote", vec![("enrollment.remote", "password")]),
        ("Onsite", vec![("enrollment.remote", "not_allowed")]),
        (
            "Contractors",
            vec![
                ("enrollment.remote", "password"),
                ("enrollment.may_enroll", "false"),
            ],
        ),
    ] {
        s.create_policy(&op, name, Some("Default")).await.unwrap();
        let changes: Vec<(String, String)> = changes
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        s.set_policy(&op, name, &changes).await.unwrap();
    }
    for (user, policy) in [
        ("rita", Some("Remote")),
        ("otto", Some("Onsite")),
        ("dora", None),
        ("carl", Some("Contractors")),
    ] {
        c.user(user, None).await;
        if let Some(p) = policy {
            s.set_user_policy(&op, user, p).await.unwrap();
        }
    }
    c
}

/// Posts the sign-in form; returns the response and the pre-cookie used.
async fn password_step(c: &Console, user: &str, password: &str) -> (support::console::Res, String) {
    let page = c.get("/me/login", "").await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = field(&page.body, "csrf");
    let pre = cookie_pair(&page.cookies, "__Host-regain-me-pre");
    let res = c
        .post(
            "/me/login",
            &pre,
            &[("csrf", &csrf), ("username", user), ("password", password)],
        )
        .await;
    (res, pre)
}

async fn code_step(
    c: &Console,
    res: &support::console::Res,
    pre: &str,
    code: &str,
) -> support::console::Res {
    let csrf = field(&res.body, "csrf");
    let pending = field(&res.body, "pending");
    // The page sets a fresh pre-cookie with each form.
    let pre = res
        .cookies
        .iter()
        .find(|c| c.starts_with("__Host-regain-me-pre="))
        .map_or_else(
            || pre.to_owned(),
            |_| cookie_pair(&res.cookies, "__Host-regain-me-pre"),
        );
    c.post(
        "/me/login/code",
        &pre,
        &[("csrf", &csrf), ("pending", &pending), ("code", code)],
    )
    .await
}

fn session(res: &support::console::Res) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location, "/me");
    cookie_pair(&res.cookies, "__Host-regain-me")
}

fn code_from(seed_b32: &str, c: &Console, offset: u64) -> String {
    let seed = regain_crypto::base32_decode(seed_b32).unwrap();
    regain_crypto::hotp(
        &seed,
        totp_step(c.env.clock.now(), 30) + offset,
        OtpAlgorithm::Sha1,
        6,
    )
}

#[tokio::test]
async fn a_user_enrols_an_app_a_phone_and_a_push_device_then_needs_a_code_to_sign_in() {
    let c = console().await;
    let (res, _) = password_step(&c, "rita", PW).await;
    let me = session(&res);
    let home = c.get("/me", &me).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("You have no second factor yet"),
        "{}",
        home.body
    );
    let csrf = field(&home.body, "csrf");

    // Authenticator app: QR code, then the first code.
    let page = c
        .post(
            "/me/otp",
            &me,
            &[("csrf", &csrf), ("label", "Rita's phone")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"), "a QR code");
    let seed = page
        .body
        .split("id=\"seed\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let method = field(&page.body, "method");
    let wrong = c
        .post(
            "/me/otp/confirm",
            &me,
            &[("csrf", &csrf), ("method", &method), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("That code is not right"),
        "{}",
        wrong.body
    );
    let ok = c
        .post(
            "/me/otp/confirm",
            &me,
            &[
                ("csrf", &csrf),
                ("method", &method),
                ("code", &code_from(&seed, &c, 0)),
            ],
        )
        .await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/me?done=otp")
    );
    let home = c.get("/me?done=otp", &me).await;
    assert!(
        home.body.contains("Rita&#39;s phone") || home.body.contains("Rita's phone"),
        "{}",
        home.body
    );
    assert!(home.body.contains("ready to use"));

    // Phone: a bad number is refused on the page with the entry kept, a good one gets a code.
    let bad = c
        .post("/me/phone", &me, &[("csrf", &csrf), ("number", "12345")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"number-error\""), "{}", bad.body);
    assert!(bad.body.contains("value=\"12345\""));
    let page = c
        .post(
            "/me/phone",
            &me,
            &[("csrf", &csrf), ("number", "+41 79 555 12 34")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("•"),
        "masked number shown: {}",
        page.body
    );
    assert!(!page.body.contains("555 12 34"));
    let (_, text) = c.env.sms.messages().last().unwrap().clone();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    let method = field(&page.body, "method");
    let ok = c
        .post(
            "/me/phone/confirm",
            &me,
            &[("csrf", &csrf), ("method", &method), ("code", &code)],
        )
        .await;
    assert_eq!(ok.location, "/me?done=phone", "{}", ok.body);

    // Push device: a one-time link with a QR code; a device enrols with it.
    let page = c.post("/me/push", &me, &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"));
    let link = page
        .body
        .split("regain-authenticator enroll &#39;")
        .nth(1)
        .or_else(|| page.body.split("regain-authenticator enroll '").nth(1))
        .unwrap()
        .split("&#39;")
        .next()
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    let token = link.split_once("/push/enroll#").unwrap().1.to_owned();
    let key = regain_crypto::DeviceKey::generate().unwrap();
    let pk = B64.encode(key.public_key());
    let sig = B64.encode(key.sign(&regain_core::push::enroll_message(&token, &pk)));
    c.env
        .services
        .enroll_push_device(&token, &pk, &sig, "Rita's tablet", None)
        .await
        .unwrap();
    let home = c.get("/me", &me).await;
    for kind in ["OTP token", "Phone number (SMS)", "Push authenticator"] {
        assert!(home.body.contains(kind), "{kind} listed");
    }
    let enrolled = c
        .env
        .events
        .take()
        .iter()
        .filter(|e| matches!(e, DomainEvent::MethodEnrolled { .. }))
        .count();
    assert_eq!(enrolled, 3);

    // Signed out, signing in again now needs a code from one of those methods.
    let out = c.post("/me/logout", &me, &[("csrf", &csrf)]).await;
    assert_eq!(out.location, "/me/login?signed_out=1");
    assert_eq!(
        c.get("/me", &me).await.location,
        "/me/login",
        "session ended server-side"
    );
    c.env.clock.advance(Duration::from_secs(30));
    let (res, pre) = password_step(&c, "rita", PW).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Enter the current code"), "{}", res.body);
    assert!(
        !res.cookies
            .iter()
            .any(|k| k.starts_with("__Host-regain-me="))
    );
    let res2 = code_step(&c, &res, &pre, "111111").await;
    assert_eq!(res2.status, StatusCode::UNAUTHORIZED);
    let done = code_step(&c, &res2, &pre, &code_from(&seed, &c, 0)).await;
    session(&done);
    assert!(c.env.events.take().iter().any(|e| matches!(e,
        DomainEvent::AuthenticatedWithNormalFactor { username, .. } if username == "rita")));
}

#[tokio::test]
async fn the_remote_enrollment_rule_decides_who_signs_in_without_a_method() {
    let c = console().await;
    let (res, _) = password_step(&c, "otto", PW).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("does not allow adding one remotely"));
    assert!(
        !res.cookies
            .iter()
            .any(|k| k.starts_with("__Host-regain-me="))
    );
    // The default policy asks for a temporary code too: fail closed until there is one.
    let (res, _) = password_step(&c, "dora", PW).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("temporary code"), "{}", res.body);
    assert!(
        !res.cookies
            .iter()
            .any(|k| k.starts_with("__Host-regain-me="))
    );
    // The policy is told only after a right password; wrong password and unknown user get the
    // same page.
    let (wrong, _) = password_step(&c, "otto", "nope").await;
    let (unknown, _) = password_step(&c, "nobody", "nope").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let strip = |b: &str| b.replace(&field(b, "csrf"), "");
    assert_eq!(strip(&wrong.body), strip(&unknown.body));
}

#[tokio::test]
async fn a_policy_that_forbids_enrolling_is_obeyed_and_users_touch_only_their_own_account() {
    let c = console().await;
    let (res, _) = password_step(&c, "carl", PW).await;
    let me = session(&res);
    let home = c.get("/me", &me).await;
    assert!(
        home.body.contains("does not let you add methods"),
        "{}",
        home.body
    );
    assert!(!home.body.contains("id=\"add-otp\""));
    let csrf = field(&home.body, "csrf");
    let refused = c.post("/me/otp", &me, &[("csrf", &csrf)]).await;
    assert!(
        refused
            .body
            .contains("role=\"alert\">Your user policy does not let you add methods yourself"),
        "{}",
        refused.body
    );
    assert!(
        c.env
            .services
            .list_methods(&Caller::operator("t"), "carl")
            .await
            .unwrap()
            .is_empty()
    );

    // No form token, or another session's: refused, nothing created.
    let (res, _) = password_step(&c, "rita", PW).await;
    let rita = session(&res);
    assert_eq!(
        c.post("/me/otp", &rita, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.post("/me/otp", &rita, &[("csrf", &csrf)]).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        c.env
            .services
            .list_methods(&Caller::operator("t"), "rita")
            .await
            .unwrap()
            .is_empty()
    );

    // A self-service session is no console session.
    assert_eq!(
        c.get(
            "/admin/users",
            &rita.replace("__Host-regain-me", "__Host-regain")
        )
        .await
        .location,
        "/admin/login"
    );
    assert_eq!(c.get("/admin/users", &rita).await.location, "/admin/login");

    // The self-service authority covers the user's own account and enrolment actions only.
    let (caller, _) = c
        .env
        .services
        .self_session_caller(rita.split_once('=').unwrap().1, None)
        .await
        .unwrap()
        .unwrap();
    let s = &c.env.services;
    assert!(matches!(
        s.begin_otp_enrollment(&caller, "carl", "").await,
        Err(ServiceError::Denied(_))
    ));
    assert!(matches!(
        s.begin_push_enrollment(&caller, "dora").await,
        Err(ServiceError::Denied(_))
    ));
    assert!(matches!(
        s.unlock_user(&caller, "rita").await,
        Err(ServiceError::Denied(_))
    ));
    assert!(matches!(
        s.list_users(&caller, "", 10, 0).await,
        Err(ServiceError::Denied(_))
    ));
    assert!(s.begin_otp_enrollment(&caller, "rita", "").await.is_ok());
}

#[tokio::test]
async fn a_user_with_only_a_phone_signs_in_with_an_sms_code() {
    let c = console().await;
    let op = Caller::operator("test");
    let (id, _) = c
        .env
        .services
        .begin_phone_enrollment(&op, "rita", "+41795550000")
        .await
        .unwrap();
    let (_, text) = c.env.sms.messages().last().unwrap().clone();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    c.env
        .services
        .confirm_phone_enrollment(&op, "rita", &id, &code)
        .await
        .unwrap();
    c.env.clock.advance(Duration::from_secs(31));
    let (res, pre) = password_step(&c, "rita", PW).await;
    assert!(
        res.body.contains("Enter the code we sent to"),
        "{}",
        res.body
    );
    let (_, text) = c.env.sms.messages().last().unwrap().clone();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    session(&code_step(&c, &res, &pre, &code).await);
}

/// Security requirement 24 (issue 14, point 14): SMS is labelled restricted where people meet
/// it; a new phone number for someone who has one needs their recent second factor, and the old
/// number is told of the change (never a code) and receives no more codes.
#[tokio::test]
async fn req24_sms_is_restricted_and_a_number_change_needs_a_fresh_factor_and_tells_the_old_number()
{
    use regain_core::service::{Authority, SecondFactor};
    let c = console().await;
    let op = Caller::operator("test");
    let s = &c.env.services;
    let (id, _) = s
        .begin_phone_enrollment(&op, "rita", "+41795550000")
        .await
        .unwrap();
    let (_, text) = c.env.sms.messages().last().unwrap().clone();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    s.confirm_phone_enrollment(&op, "rita", &id, &code)
        .await
        .unwrap();
    let rita = |at: Option<regain_core::time::Timestamp>| Caller {
        actor: regain_core::audit::Actor::User("rita".into()),
        source: None,
        authority: Authority::SelfService {
            username: "rita".into(),
            second_factor: SecondFactor::ConfirmedAt(at),
            signed_in_at: None,
        },
    };
    // Signed in with the password alone, or with a code too long ago: refused.
    let stale = c.env.clock.now();
    c.env.clock.advance(Duration::from_secs(6 * 60));
    for caller in [rita(None), rita(Some(stale))] {
        assert!(matches!(
            s.begin_phone_enrollment(&caller, "rita", "+41795550099")
                .await,
            Err(ServiceError::ReauthRequired)
        ));
    }
    // With a fresh second factor: the new number is confirmed, the old one told and retired.
    let fresh = rita(Some(c.env.clock.now()));
    let (id, _) = s
        .begin_phone_enrollment(&fresh, "rita", "+41795550099")
        .await
        .unwrap();
    let (to, text) = c.env.sms.messages().last().unwrap().clone();
    assert!(to.ends_with("0099"), "{to}");
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    let before = c.env.sms.messages().len();
    s.confirm_phone_enrollment(&fresh, "rita", &id, &code)
        .await
        .unwrap();
    let sent = c.env.sms.messages();
    assert_eq!(sent.len(), before + 1, "{sent:?}");
    let (to, notice) = sent.last().unwrap();
    assert!(to.ends_with("0000"), "the old number hears of it: {to}");
    assert!(
        notice.contains("was changed") && !notice.contains(&code),
        "{notice}"
    );
    let phones: Vec<_> = s
        .list_methods(&op, "rita")
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == regain_core::methods::MethodKind::PhoneNumber)
        .collect();
    assert_eq!(phones.len(), 1, "the old number no longer receives codes");
    // The pages say SMS is restricted.
    c.user("polly", Some(("Superadministrator", &[]))).await;
    let (cookie, _) = c.sign_in("polly", PW).await.unwrap();
    let editor = c.get("/admin/policies/Default", &cookie).await;
    assert!(
        editor.body.contains("SMS code (restricted authenticator"),
        "{}",
        editor.body
    );
}

/// A user who signs in to `/me` in a language gets their notices in it from then on.
#[tokio::test]
async fn signing_in_remembers_the_language_for_notices() {
    let c = console().await;
    let page = c.get("/me/login", "regain-lang=fi").await;
    let csrf = field(&page.body, "csrf");
    let pre = cookie_pair(&page.cookies, "__Host-regain-me-pre");
    let res = c
        .post(
            "/me/login",
            &format!("{pre}; regain-lang=fi"),
            &[("csrf", &csrf), ("username", "rita"), ("password", PW)],
        )
        .await;
    session(&res);
    let rita = c
        .env
        .db
        .user_by_name(&regain_core::user::Username::parse("rita").unwrap())
        .await
        .unwrap()
        .unwrap();
    let contact = regain_core::notifications::NotificationRepo::contact(&c.env.db, rita.id)
        .await
        .unwrap();
    assert_eq!(contact.language.as_deref(), Some("fi"));
    // A wrong password remembers nothing.
    let (res, _) = password_step(&c, "dora", "wrong").await;
    assert_ne!(res.status, StatusCode::SEE_OTHER);
    let dora = c
        .env
        .db
        .user_by_name(&regain_core::user::Username::parse("dora").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        regain_core::notifications::NotificationRepo::contact(&c.env.db, dora.id)
            .await
            .unwrap()
            .language,
        None
    );
}
