//! `regain demo`: a throwaway installation with sample policies, roles, administrators and users,
//! so a person can try every page. Passwords are random on every start and printed once.

use crate::Failure;
use crate::cli::DemoArgs;
use crate::config::Config;
use crate::wiring;
use regain_core::admin::Permission;
use regain_core::ports::Secrets;
use regain_core::service::{Caller, NewUser, Services};
use secrecy::SecretString;
use std::fmt::Write as _;
use std::path::Path;

const MARKER: &str = ".regain-demo";

fn prepare_dir(dir: &Path) -> Result<(), Failure> {
    if dir.exists() {
        let is_demo = dir.join(MARKER).exists();
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !is_demo && !empty {
            return Err(Failure::Input(format!(
                "{} exists and is not a demo directory; choose another with --data-dir",
                dir.display()
            )));
        }
        std::fs::remove_dir_all(dir).map_err(|e| {
            Failure::Runtime(anyhow::anyhow!(
                "removing old demo data {}: {e}",
                dir.display()
            ))
        })?;
    }
    crate::keys::ensure_private_dir(dir)?;
    std::fs::write(
        dir.join(MARKER),
        "demo data: deleted and re-created by `regain demo`\n",
    )
    .map_err(|e| Failure::Runtime(e.into()))?;
    Ok(())
}

/// A random password that satisfies the default policy (upper, lower, digit, symbol) and does
/// not contain `username` (the policy refuses that, and random letters can spell "bob").
fn demo_password(secrets: &dyn Secrets, username: &str) -> String {
    loop {
        let t = secrets.random_token();
        let core: String = t
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(10)
            .collect();
        let pw = format!("Rg-{core}-7");
        if !pw.to_lowercase().contains(&username.to_lowercase()) {
            return pw;
        }
    }
}

pub async fn run(args: DemoArgs) -> Result<(), Failure> {
    let mut raw = Config {
        data_dir: args.data_dir.clone(),
        node_id: "demo-1".into(),
        ..Config::default()
    };
    raw.server.listen = args.listen.clone();
    raw.server.public_url = args.public_url.clone();
    raw.server.trusted_proxies = args.trusted_proxy.clone();
    let cfg = raw.validate()?;
    prepare_dir(&args.data_dir)?;
    let app = wiring::open(&cfg).await?;
    let mut banner = seed(&app.services, &args.data_dir).await?;
    if args.extra_users > 0 {
        add_generated_users(&app.services, args.extra_users).await?;
        banner.push_str(&format!(
            "  Also added {} generated users (user00001, ...) without passwords.\n",
            args.extra_users
        ));
    }
    app.db.close().await;
    if args.seed_only {
        println!(
            "{}",
            banner.replace(crate::serve::DEMO_URL_PLACEHOLDER, &cfg.public_url)
        );
        return Ok(());
    }
    crate::serve::run(cfg, Some(banner)).await
}

/// Plausible names so search has something to find.
async fn add_generated_users(s: &Services, n: u32) -> Result<(), Failure> {
    const FIRST: [&str; 10] = [
        "Anna", "Ben", "Chloe", "David", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
    ];
    const LAST: [&str; 10] = [
        "Meyer", "Novak", "Okafor", "Perez", "Quist", "Rossi", "Svensson", "Tanaka", "Umar",
        "Virtanen",
    ];
    let op = Caller::operator("demo");
    for i in 1..=n {
        let i = i as usize;
        let display = format!("{} {} {i}", FIRST[i % 10], LAST[(i / 10) % 10]);
        s.add_user(
            &op,
            NewUser {
                username: format!("user{i:05}"),
                display_name: display,
                policy: None,
                password: None,
            },
        )
        .await?;
    }
    Ok(())
}

struct Person {
    username: &'static str,
    display: &'static str,
    policy: &'static str,
    role: Option<&'static str>,
    note: &'static str,
}

const PEOPLE: [Person; 9] = [
    Person {
        username: "admin",
        display: "Ada Admin",
        policy: "Default",
        role: Some("Superadministrator"),
        note: "superadministrator: every permission",
    },
    Person {
        username: "helpdesk",
        display: "Hugo Helpdesk",
        policy: "Default",
        role: Some("Helpdesk"),
        note: "helpdesk: view, unlock, temporary codes up to 24 h",
    },
    Person {
        username: "security",
        display: "Sofia Security",
        policy: "Default",
        role: Some("Security officer"),
        note: "security officer: settings, policies, questions, audit",
    },
    Person {
        username: "auditor",
        display: "Aldo Auditor",
        policy: "Default",
        role: Some("Auditor"),
        note: "auditor: read-only users and audit log",
    },
    Person {
        username: "alice",
        display: "Alice Example",
        policy: "Default",
        role: None,
        note: "remote access and workstation login with a second factor",
    },
    Person {
        username: "bob",
        display: "Bob Clinician",
        policy: "Clinicians",
        role: None,
        note: "also signs orders (push or OTP only)",
    },
    Person {
        username: "carol",
        display: "Carol Contractor",
        policy: "Contractors",
        role: None,
        note: "contractor: password + temporary code, may not enrol",
    },
    Person {
        username: "dave",
        display: "Dave Locked",
        policy: "Default",
        role: None,
        note: "locked out after too many wrong passwords",
    },
    Person {
        username: "erin",
        display: "Erin Disabled",
        policy: "Default",
        role: None,
        note: "disabled account",
    },
];

async fn seed(s: &Services, data_dir: &Path) -> Result<String, Failure> {
    let op = Caller::operator("demo");
    let kv = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<Vec<_>>()
    };
    s.set_settings(
        &op,
        &kv(&[
            ("allow_temporary_codes", "true"),
            ("self_service_enabled", "true"),
        ]),
    )
    .await?;
    s.set_policy(
        &op,
        "Default",
        &kv(&[
            ("sspr.allow_reset", "true"),
            ("sspr.enrollment_prompt", "may_delay"),
            // Mode "questions and push" (one setting away) proves the person with a push or
            // an OTP code after the answers.
            ("self_service.enabled", "true"),
            ("self_service.factors", "push,otp"),
            // Emergency access: a workstation sign-in by the security questions.
            ("emergency_access.enabled", "true"),
            ("emergency_access.second_factor", "true"),
            ("emergency_access.factors", "security_questions"),
        ]),
    )
    .await?;
    s.create_policy(&op, "Clinicians", Some("Default")).await?;
    s.set_policy(
        &op,
        "Clinicians",
        &kv(&[
            ("order_signing.enabled", "true"),
            ("order_signing.second_factor", "true"),
            ("order_signing.factors", "push,otp"),
            ("sspr.enrollment_prompt", "must"),
            // So the demo's self-service pages can be tried without a temporary code.
            ("enrollment.remote", "password"),
        ]),
    )
    .await?;
    s.create_policy(&op, "Contractors", None).await?;
    s.set_policy(
        &op,
        "Contractors",
        &kv(&[
            ("remote_access.factors", "temporary_code"),
            ("workstation_login.enabled", "false"),
            ("enrollment.may_enroll", "false"),
            ("enrollment.remote", "not_allowed"),
        ]),
    )
    .await?;
    let roles: [(&str, &[Permission], Option<u64>); 3] = [
        (
            "Helpdesk",
            &[
                Permission::ViewUsers,
                Permission::UnlockUsers,
                Permission::ManageTemporaryCodes,
                Permission::DeleteEnrollments,
            ],
            Some(86_400),
        ),
        (
            "Security officer",
            &[
                Permission::ViewUsers,
                Permission::ToggleTemporaryCodes,
                Permission::ManageSettings,
                Permission::ManagePolicies,
                Permission::ManageSecurityQuestions,
                Permission::ReadAuditLog,
                Permission::ManageNotifications,
            ],
            None,
        ),
        (
            "Auditor",
            &[Permission::ViewUsers, Permission::ReadAuditLog],
            None,
        ),
    ];
    for (name, perms, limit) in roles {
        s.create_role(&op, name).await?;
        for p in perms {
            s.set_role_permission(&op, name, *p, true).await?;
        }
        if let Some(secs) = limit {
            s.set_role_temp_code_limit(&op, name, Some(std::time::Duration::from_secs(secs)))
                .await?;
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nRegain demo: sample data seeded. Passwords are new on every start.\n"
    );
    let _ = writeln!(out, "  {:<10} {:<18} WHAT THEY SHOW", "USER", "PASSWORD");
    for p in PEOPLE {
        let pw = demo_password(s.secrets.as_ref(), p.username);
        s.add_user(
            &op,
            NewUser {
                username: p.username.into(),
                display_name: p.display.into(),
                policy: Some(p.policy.into()),
                password: Some(SecretString::from(pw.clone())),
            },
        )
        .await?;
        if let Some(role) = p.role {
            s.assign_role(&op, role, p.username).await?;
        }
        let _ = writeln!(out, "  {:<10} {:<18} {}", p.username, pw, p.note);
    }
    // The console never accepts a password alone: every administrator gets an OTP token now,
    // so trying the console stays quick (any TOTP app, or oathtool, with the seed printed).
    let _ = writeln!(
        out,
        "\n  Console tokens (administrators sign in with the password, then a code; `oathtool -b --totp SEED`):"
    );
    for p in PEOPLE.iter().filter(|p| p.role.is_some()) {
        let en = s
            .begin_otp_enrollment(&op, p.username, "Demo console token")
            .await?;
        let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap_or_default();
        let step = regain_core::otp::totp_step(s.clock.now(), 30);
        // The previous step's code (within the drift window), so the current one is still
        // free for the first sign-in.
        let code = regain_crypto::hotp(
            &seed,
            step.saturating_sub(1),
            regain_core::otp::OtpAlgorithm::Sha1,
            6,
        );
        s.confirm_otp_enrollment(&op, p.username, en.method_id.as_str(), &code)
            .await?;
        let _ = writeln!(out, "  token {:<10} {}", p.username, en.seed_base32);
    }
    for i in 0..10 {
        let wrong = SecretString::from(format!("wrong-password-{i}"));
        if let regain_core::directory::AuthOutcome::Failed(
            regain_core::directory::AuthFailure::Locked { .. },
        ) = s
            .directory
            .authenticate("dave", &wrong)
            .await
            .map_err(regain_core::service::ServiceError::from)?
        {
            break;
        }
    }
    s.set_user_disabled(&op, "erin", true).await?;
    // A software OTP token for alice, confirmed, so her user page shows a method to delete.
    let en = s.begin_otp_enrollment(&op, "alice", "Phone app").await?;
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap_or_default();
    let step = regain_core::otp::totp_step(s.clock.now(), 30);
    let code = regain_crypto::hotp(&seed, step, regain_core::otp::OtpAlgorithm::Sha1, 6);
    s.confirm_otp_enrollment(&op, "alice", en.method_id.as_str(), &code)
        .await?;
    let _ = writeln!(
        out,
        "\n  alice has an OTP token: seed {} (any TOTP app, or `oathtool -b --totp {}`);\n  try `REGAIN_DATA_DIR={} regain otp verify alice CODE` with the next code.",
        en.seed_base32,
        en.seed_base32,
        data_dir.display()
    );
    demo_answers(s, data_dir, &mut out).await?;
    demo_notifications(s, data_dir, &mut out).await?;
    let (_, credential) = s.register_client(&op, "demo-vpn", true).await?;
    let url = crate::serve::DEMO_URL_PLACEHOLDER;
    let cert = data_dir.join("tls").join("cert.pem");
    let _ = writeln!(
        out,
        "\n  Self-service: {url}/me  (bob may enrol a push device, an app or a phone with his password)"
    );
    let _ = writeln!(
        out,
        "  Push:    on /me as bob choose \"Add a push device\", then\n           regain-authenticator --state {} enroll --ca {} 'LINK'",
        data_dir.join("bob-device.json").display(),
        cert.display()
    );
    let _ = writeln!(
        out,
        "  API:     client demo-vpn (trusted), credential {credential}\n           curl --cacert {} -H 'Authorization: Bearer {credential}' -H 'Content-Type: application/json' -d '{{\"username\":\"bob\",\"password\":\"...\",\"workflow\":\"remote_access\"}}' {url}/api/v1/transactions\n           then POST {url}/api/v1/transactions/ID/push and `regain-authenticator pending` / `approve NUMBER`\n           emergency access: alice with \"workflow\":\"emergency_access\", then GET .../ID/security_questions and POST .../ID/security_answers",
        cert.display()
    );
    let _ = writeln!(
        out,
        "\n  Server:  {url}/  (self-signed certificate: accept it in the browser)"
    );
    let _ = writeln!(
        out,
        "  Health:  {url}/healthz   Ready: {url}/readyz   Metrics: http://127.0.0.1:9464/metrics (metrics.listen, loopback only)"
    );
    let _ = writeln!(
        out,
        "  CLI:     REGAIN_DATA_DIR={} regain user list   (and regain --help)",
        data_dir.display()
    );
    let _ = writeln!(
        out,
        "  Console: {url}/admin  (sign in as admin, or helpdesk, security, auditor to see each role)"
    );
    Ok(out)
}

/// Everyone has an address on their record (after the seeding, so the demo starts with an
/// empty outbox), and the security officer hears of lockouts and declined enrollments.
async fn demo_notifications(
    s: &Services,
    data_dir: &Path,
    out: &mut String,
) -> Result<(), Failure> {
    let op = Caller::operator("demo");
    for p in PEOPLE {
        let language = (p.username == "carol").then_some("fr");
        s.set_user_contact(
            &op,
            p.username,
            Some(&format!("{}@example.org", p.username)),
            language,
        )
        .await?;
    }
    for event in [
        "locked_out",
        "enrollment_declined",
        "push_limit",
        "audit_write_failed",
    ] {
        s.subscribe(&op, event, "email", "security@example.org", "")
            .await?;
    }
    let _ = writeln!(
        out,
        "\n  Mail:    every email notice lands in {} (notifications.mail = \"outbox\"):\n           users hear of unlocks, temporary codes, new methods (carol in French);\n           security@example.org of lockouts, declined enrollments, push limits, audit write failures. Console: {}/admin/notifications",
        data_dir.join("mail-outbox.txt").display(),
        crate::serve::DEMO_URL_PLACEHOLDER
    );
    Ok(())
}

/// dave (locked out) and alice (an OTP token) have security answers, so password help can be
/// tried at once; bob enrols his own on `/me` (his policy asks him to before anything else).
async fn demo_answers(s: &Services, data_dir: &Path, out: &mut String) -> Result<(), Failure> {
    const ANSWERS: [&str; 5] = ["rex", "lisbon", "greenfield primary", "elm street", "volvo"];
    let set = s.list_questions(&Caller::operator("demo")).await?;
    let _ = writeln!(
        out,
        "\n  Password help: {}/sso/passwordhelp  (the link for a workstation's sign-in screen)",
        crate::serve::DEMO_URL_PLACEHOLDER
    );
    for user in ["dave", "alice"] {
        let me = Caller {
            actor: regain_core::audit::Actor::User(user.into()),
            source: None,
            authority: regain_core::service::Authority::SelfService {
                username: user.into(),
                second_factor: regain_core::service::SecondFactor::ConfirmedAt(None),
                signed_in_at: None,
            },
        };
        let answers: Vec<_> = set
            .iter()
            .zip(ANSWERS)
            .map(|(q, a)| (q.id, SecretString::from(a.to_owned())))
            .collect();
        if let Err(refused) = s.enroll_answers(&me, &answers).await? {
            return Err(Failure::Runtime(anyhow::anyhow!(
                "the demo's security answers were refused: {}",
                refused.code()
            )));
        }
    }
    let _ = writeln!(
        out,
        "  dave and alice answer (any 3 are asked; case and spaces do not matter):"
    );
    for (q, a) in set.iter().zip(ANSWERS) {
        let _ = writeln!(out, "    {:<48} {a}", q.text);
    }
    let _ = writeln!(
        out,
        "  dave is locked out: after the answers he may unlock only, or set a new password.\n  Mode \"questions and push\": REGAIN_DATA_DIR={} regain settings set self_service_mode=questions_and_push\n  then alice enters a code from her OTP token, or bob (who enrols questions and a push device on /me)\n  types the number the page shows into regain-authenticator (`approve NUMBER`).",
        data_dir.display()
    );
    Ok(())
}
