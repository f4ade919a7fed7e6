//! A console client for tests: signs in through the forms and keeps cookies, as a browser does.

#![allow(
    dead_code,
    unused_imports,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regain_core::admin::Permission;
use regain_core::audit::AuditFilter;
use regain_core::directory::AuthOutcome;
use regain_core::ports::{AuditRepo, PolicyRepo, QuestionRepo, RoleRepo, SettingsRepo};
use regain_core::service::{Caller, NewUser};
use regain_web::{AppParts, AppState, Metrics, Readiness, WebConfig, app};
use secrecy::SecretString;
use std::sync::Arc;
use tower::ServiceExt;

pub struct Ready;
#[async_trait]
impl Readiness for Ready {
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

pub struct Console {
    pub env: super::Env,
    pub state: AppState,
    /// The OTP seed each administrator enrolled while signing in (for later codes), and the
    /// last time step whose code was used (each is accepted once).
    pub seeds: std::sync::Mutex<std::collections::HashMap<String, (Vec<u8>, u64)>>,
}

#[derive(Debug)]
#[allow(dead_code)]
pub struct Res {
    pub status: StatusCode,
    pub location: String,
    pub cookies: Vec<String>,
    pub body: String,
}

pub const PW: &str = "Console-Pass-42";

impl Console {
    pub async fn new() -> Console {
        Console::on(super::env().await)
    }

    /// A console on a new PostgreSQL database (the server's `REGAIN_TEST_PG_URL`).
    pub async fn on_postgres() -> Console {
        let url = super::pg_database().await;
        Console::on(super::env_with(Some(url), Arc::new(regain_crypto::HmacOtp)).await)
    }

    /// A second server on the same database and keys: its own connection pool and node id.
    pub async fn second_server(&self) -> AppState {
        let db2 = regain_store::Db::connect(
            &self.env.url,
            regain_store::AuditSigner {
                node: regain_core::ids::NodeId::parse("node-2").unwrap(),
                mac: Arc::new(self.env.mac.clone()),
            },
        )
        .await
        .unwrap();
        let mut services = self.env.services.clone();
        services.store = Arc::new(db2);
        AppState::from(AppParts {
            services,
            readiness: Arc::new(Ready),
            metrics: Arc::new(Metrics::new().unwrap()),
            config: WebConfig::default(),
            push_waiters: self.env.push_waiters.clone(),
        })
    }

    fn on(env: super::Env) -> Console {
        let state = AppState::from(AppParts {
            services: env.services.clone(),
            readiness: Arc::new(Ready),
            metrics: Arc::new(Metrics::new().unwrap()),
            config: WebConfig::default(),
            push_waiters: env.push_waiters.clone(),
        });
        Console {
            env,
            state,
            seeds: Default::default(),
        }
    }

    pub async fn user(&self, name: &str, role: Option<(&str, &[Permission])>) {
        let op = Caller::operator("test");
        let s = &self.env.services;
        s.add_user(
            &op,
            NewUser {
                username: name.into(),
                display_name: format!("{name} display"),
                policy: None,
                password: Some(SecretString::from(PW.to_owned())),
            },
        )
        .await
        .unwrap();
        if let Some((role, perms)) = role {
            if role != "Superadministrator" {
                s.create_role(&op, role).await.unwrap();
                for p in perms {
                    s.set_role_permission(&op, role, *p, true).await.unwrap();
                }
            }
            s.assign_role(&op, role, name).await.unwrap();
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Res {
        self.send_to(&self.state, req).await
    }

    /// As [`Self::send`], to another server.
    pub async fn send_to(&self, state: &AppState, req: Request<Body>) -> Res {
        let res = app(state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let cookies = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let body = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
            .into_owned();
        Res {
            status,
            location,
            cookies,
            body,
        }
    }

    pub async fn get(&self, path: &str, cookie: &str) -> Res {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Res {
        let body: Vec<String> = form
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect();
        self.send(
            Request::post(path)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body.join("&")))
                .unwrap(),
        )
        .await
    }

    /// A code of the token `user` enrolled while signing in that has not been used yet: the
    /// current time step's, or the next one's (within the server's drift window); when both
    /// were used, the test clock moves on a step.
    pub fn code_of(&self, user: &str) -> String {
        use regain_core::ports::Clock;
        let mut seeds = self.seeds.lock().unwrap();
        let (seed, last) = seeds.get_mut(user).unwrap();
        let mut now = regain_core::otp::totp_step(self.env.clock.now(), 30);
        if *last > now {
            self.env.clock.advance(std::time::Duration::from_secs(30));
            now += 1;
        }
        let step = now.max(*last + 1);
        *last = step;
        regain_crypto::hotp(seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6)
    }

    /// Signs in an administrator who has a token (enrolled by an earlier [`Self::sign_in`]):
    /// password, then the code.
    pub async fn sign_in_with_code(&self, user: &str) -> (String, String) {
        let page = self.get("/admin/login", "").await;
        let step = self
            .post(
                "/admin/login",
                &cookie_pair(&page.cookies, "__Host-regain-pre"),
                &[
                    ("csrf", &field(&page.body, "csrf")),
                    ("username", user),
                    ("password", PW),
                ],
            )
            .await;
        let res = self
            .post(
                "/admin/login/code",
                &cookie_pair(&step.cookies, "__Host-regain-pre"),
                &[
                    ("csrf", &field(&step.body, "csrf")),
                    ("pending", &field(&step.body, "pending")),
                    ("code", &self.code_of(user)),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let session = cookie_pair(&res.cookies, "__Host-regain");
        let csrf = field(&self.get("/admin/settings", &session).await.body, "csrf");
        (session, csrf)
    }

    /// Signs in through the form; returns (cookie header for later requests, csrf token).
    pub async fn sign_in(&self, user: &str, password: &str) -> Result<(String, String), Res> {
        let page = self.get("/admin/login", "").await;
        let csrf = field(&page.body, "csrf");
        let pre = cookie_pair(&page.cookies, "__Host-regain-pre");
        let res = self
            .post(
                "/admin/login",
                &pre,
                &[("csrf", &csrf), ("username", user), ("password", password)],
            )
            .await;
        // The console needs a second factor: an administrator without one enrols a token
        // right after the password, as a person would with an authenticator app.
        let res = if res.status == StatusCode::OK && res.body.contains("/admin/login/enroll") {
            let seed_b32 = res.body.split("<code id=\"seed\">").nth(1).unwrap();
            let seed_b32 = seed_b32.split('<').next().unwrap();
            let seed = regain_crypto::base32_decode(seed_b32).unwrap();
            self.seeds
                .lock()
                .unwrap()
                .insert(user.to_owned(), (seed, 0));
            let code = self.code_of(user);
            let csrf = field(&res.body, "csrf");
            let pending = field(&res.body, "pending");
            let pre = cookie_pair(&res.cookies, "__Host-regain-pre");
            self.post(
                "/admin/login/enroll",
                &pre,
                &[("csrf", &csrf), ("pending", &pending), ("code", &code)],
            )
            .await
        } else if res.status == StatusCode::OK
            && res.body.contains("/admin/login/code")
            && self.seeds.lock().unwrap().contains_key(user)
        {
            let code = self.code_of(user);
            self.post(
                "/admin/login/code",
                &cookie_pair(&res.cookies, "__Host-regain-pre"),
                &[
                    ("csrf", &field(&res.body, "csrf")),
                    ("pending", &field(&res.body, "pending")),
                    ("code", &code),
                ],
            )
            .await
        } else {
            res
        };
        if res.status != StatusCode::SEE_OTHER {
            return Err(res);
        }
        let session = cookie_pair(&res.cookies, "__Host-regain");
        let page = self.get("/admin/users", &session).await;
        let csrf = if page.status == StatusCode::OK {
            field(&page.body, "csrf")
        } else {
            field(&self.get("/admin/settings", &session).await.body, "csrf")
        };
        Ok((session, csrf))
    }
}

pub fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in:\n{html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

pub fn cookie_pair(set_cookies: &[String], name: &str) -> String {
    set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {set_cookies:?}"))
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

pub async fn locked(c: &Console, user: &str) -> bool {
    c.env
        .services
        .directory
        .account(user)
        .await
        .unwrap()
        .unwrap()
        .locked_until
        .is_some()
}

pub async fn lock(c: &Console, user: &str) {
    for i in 0..5 {
        let _ = c
            .env
            .services
            .directory
            .authenticate(user, &SecretString::from(format!("bad-{i}")))
            .await
            .unwrap();
    }
    assert!(locked(c, user).await);
}

/// A complete policy form: the Default policy with lockout threshold 7.
pub const POLICY_FORM: &[(&str, &str)] = &[
    ("name", "Default"),
    ("remote_access.enabled", "true"),
    ("remote_access.second_factor", "true"),
    ("remote_access.factor", "push"),
    ("remote_access.factor", "otp"),
    ("workstation_login.enabled", "true"),
    ("workstation_login.second_factor", "true"),
    ("workstation_login.factor", "push"),
    ("enrollment.may_enroll", "true"),
    ("enrollment.remote", "password_and_temporary_code"),
    ("sspr.questions_to_enroll", "5"),
    ("sspr.questions_to_answer", "3"),
    ("sspr.enrollment_prompt", "do_not_prompt"),
    ("sspr.questions_for_app_passwords", "2"),
    ("lockout.threshold", "7"),
    ("lockout.window", "15m"),
    ("lockout.duration", "15m"),
];
