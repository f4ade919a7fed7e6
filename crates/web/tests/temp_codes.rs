//! Temporary codes through the public interfaces: the security requirements (1–11), the
//! administrator's time zone and a model test of random operation sequences. The admin-scoped
//! API is in `temp_codes_api.rs`. The FAQ entries of the reference are in `temp_codes_faq.rs`; how codes are drawn
//! (requirement 1, the services alone) in the core crate's `tests/temp_codes.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::audit::AuditAction;
use regain_core::ports::{Clock, TempCodeRepo, UserRepo};
use regain_core::service::Expiry;
use regain_core::temp_code::Uses;
use serde_json::json;
use std::time::Duration;
use support::console::PW;
use support::temp_codes::{DAY, code_on, setup};

// ---------------------------------------------------------------- security requirements

#[tokio::test]
async fn req2_req3_the_code_is_never_stored_shown_again_or_logged() {
    let t = setup().await;
    let r = t.console_issue("helpdesk", "nina", "multiple", "24h").await;
    let code = code_on(&r.body);
    let (_, _, page) = t.page("helpdesk", "nina").await;
    assert!(!page.contains(&code));
    let (_, admin_client) =
        t.c.env
            .services
            .register_client_for(&t.op, "itsm", false, Some("helpdesk"))
            .await
            .unwrap();
    let (st, v) = t
        .api(
            "GET",
            "/api/v1/users/nina/temporary_code",
            &admin_client,
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["active"]["uses"], "multiple");
    assert!(!v.to_string().contains(&code));
    // The database files: no code in clear; two codes never share salt or hash.
    let db_path = t.c.env.url.trim_start_matches("sqlite://").to_owned();
    let dir = std::path::Path::new(&db_path).parent().unwrap();
    for f in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(code.len()).any(|w| w == code.as_bytes()),
            "code in clear in the database"
        );
    }
    let audit =
        t.c.env
            .services
            .store
            .list_audit(&regain_core::audit::AuditFilter {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap();
    assert!(
        audit
            .items
            .iter()
            .any(|r| r.event.action == "tempcode.generate")
    );
    assert!(!format!("{:?}", audit.items).contains(&code));
    t.c.env
        .services
        .revoke_temporary_code(&t.op, "nina")
        .await
        .unwrap();
    t.issue("nina", Uses::Once, DAY).await;
    let u =
        t.c.env
            .db
            .user_by_name(&regain_core::user::Username::parse("nina").unwrap())
            .await
            .unwrap()
            .unwrap();
    let codes = t.c.env.db.temp_codes_of(u.id).await.unwrap();
    assert_eq!(codes.len(), 2);
    assert_ne!(codes[0].code_hash, codes[1].code_hash);
}

/// Security requirement 2 (issue 14, point 8): a code is stored as argon2id with OWASP's
/// parameters, its own salt and the key file's pepper, so a stolen database (even with its key)
/// costs a slow hash per guess; the same code hashed twice differs; without the pepper the
/// stored hash verifies nothing. Codes stored as keyed hashes before still work until they end.
#[tokio::test]
async fn req2_codes_are_stored_as_salted_peppered_argon2id() {
    let t = setup().await;
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    let nina =
        t.c.env
            .db
            .user_by_name(&regain_core::user::Username::parse("nina").unwrap())
            .await
            .unwrap()
            .unwrap();
    let stored = t.c.env.db.active_temp_code(nina.id).await.unwrap().unwrap();
    assert!(
        stored
            .code_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        stored.code_hash
    );
    let plain = regain_crypto::PasswordHasher::owasp();
    assert!(
        !plain.verify(&code, &stored.code_hash),
        "verified without the pepper"
    );
    let peppered = plain.with_pepper(t.c.env.mac.derived_secret("temporary_code"));
    assert!(peppered.verify(&code, &stored.code_hash));
    assert_ne!(
        peppered.hash(&code).unwrap(),
        stored.code_hash,
        "salts differ"
    );
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    // A code stored the old way (keyed hash of salt and code) is still accepted.
    use regain_core::ports::Secrets;
    let old = "60718293";
    let legacy = regain_core::temp_code::TempCode {
        id: "c-legacy".into(),
        user_id: nina.id,
        salt: "s-legacy".into(),
        code_hash: t
            .c
            .env
            .mac
            .keyed_hash("temporary_code", &format!("s-legacy:{old}")),
        uses: Uses::Multiple,
        state: regain_core::temp_code::CodeState::Active,
        created_by: "os:test".into(),
        created_at: t.c.env.clock.now(),
        expires_at: t.c.env.clock.now().plus(DAY),
        ended_at: None,
        end_reason: None,
        last_used_at: None,
        use_count: 0,
    };
    t.c.env
        .db
        .issue_temp_code(
            &legacy,
            true,
            &regain_core::audit::AuditEvent::new(
                t.c.env.clock.now(),
                &regain_core::audit::Actor::System,
                AuditAction::TempcodeReplace,
                regain_core::audit::Outcome::Success,
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", "60718294")
            .await["state"],
        "awaiting_second_factor"
    );
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", old).await["state"],
        "accepted"
    );
}

#[tokio::test]
async fn req4_fifty_parallel_uses_of_a_single_use_code_give_one_success() {
    let t = setup().await;
    let code = t.issue("nina", Uses::Once, DAY).await;
    let mut txs = Vec::new();
    for _ in 0..50 {
        txs.push(
            t.start("nina", "remote_access").await["transaction_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let t = std::sync::Arc::new(t);
    let mut tasks = Vec::new();
    for tx in txs {
        let (t, code) = (t.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            t.api(
                "POST",
                &format!("/api/v1/transactions/{tx}/temporary_code"),
                &t.client,
                Some(json!({"code": code})),
            )
            .await
            .1["state"]
                == "accepted"
        }));
    }
    let mut wins = 0;
    for task in tasks {
        wins += usize::from(task.await.unwrap());
    }
    assert_eq!(wins, 1);
}

#[tokio::test]
async fn req5_expiry_is_exact_and_capped_at_fourteen_days() {
    let t = setup().await;
    let code = t
        .issue("nina", Uses::Multiple, Duration::from_secs(3600))
        .await;
    t.c.env.clock.advance(Duration::from_secs(3599));
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    t.c.env.clock.advance(Duration::from_secs(1));
    assert_ne!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    // 14 days is the most, to the second: 14 d + 1 s is refused, 14 d exactly is issued.
    let fourteen_days = Duration::from_secs(14 * 86_400);
    for expiry in [
        Expiry::In(fourteen_days + Duration::from_secs(1)),
        Expiry::At(
            t.c.env
                .clock
                .now()
                .plus(fourteen_days + Duration::from_secs(1)),
        ),
    ] {
        let refused =
            t.c.env
                .services
                .generate_temporary_code(&t.op, "omar", Uses::Once, expiry, false)
                .await;
        assert!(
            matches!(&refused, Err(regain_core::service::ServiceError::Invalid { field, .. }) if field == "expires"),
            "14 d + 1 s issued: {:?}",
            refused.map(|c| c.expires_at)
        );
    }
    let issued =
        t.c.env
            .services
            .generate_temporary_code(&t.op, "omar", Uses::Once, Expiry::In(fourteen_days), false)
            .await
            .unwrap();
    assert_eq!(issued.expires_at, t.c.env.clock.now().plus(fourteen_days));
}

#[tokio::test]
async fn req6_a_code_works_only_for_its_user_and_wrong_codes_count() {
    let t = setup().await;
    let nina = t.issue("nina", Uses::Multiple, DAY).await;
    t.issue("omar", Uses::Multiple, DAY).await;
    let v = t.sign_in_with_code("omar", "remote_access", &nina).await;
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("awaiting_second_factor"), Some("wrong_code"))
    );
    let omar =
        t.c.env
            .db
            .user_by_name(&regain_core::user::Username::parse("omar").unwrap())
            .await
            .unwrap()
            .unwrap();
    use regain_core::ports::SignInRepo;
    assert_eq!(
        t.c.env.db.user_lockout(omar.id).await.unwrap().failures,
        1,
        "counted for omar"
    );
}

#[tokio::test]
async fn req7_a_code_is_refused_for_order_signing_and_stays_valid_for_vpn() {
    let t = setup().await;
    let (key, device) = t.push_device("nina").await;
    let _ = (key, device);
    let code = t.issue("nina", Uses::Once, DAY).await;
    let v = t.sign_in_with_code("nina", "order_signing", &code).await;
    assert_eq!(
        (v["state"].as_str(), v["reason"].as_str()),
        (Some("rejected"), Some("tc_scope_violation")),
        "{v}"
    );
    assert!(t.active("nina").await, "still valid");
    let audit = format!(
        "{:?}",
        t.c.env
            .services
            .store
            .list_audit(&regain_core::audit::AuditFilter {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .items
    );
    assert!(audit.contains("tc_scope_violation"));
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
}

#[tokio::test]
async fn req8_a_code_does_not_open_the_console() {
    let t = setup().await;
    t.c.env
        .services
        .assign_role(&t.op, "Viewer", "nina")
        .await
        .unwrap();
    let en =
        t.c.env
            .services
            .begin_otp_enrollment(&t.op, "nina", "app")
            .await
            .unwrap();
    let seed = regain_crypto::base32_decode(&en.seed_base32).unwrap();
    let totp = regain_crypto::hotp(
        &seed,
        regain_core::otp::totp_step(t.c.env.clock.now(), 30),
        regain_core::otp::OtpAlgorithm::Sha1,
        6,
    );
    t.c.env
        .services
        .confirm_otp_enrollment(&t.op, "nina", en.method_id.as_str(), &totp)
        .await
        .unwrap();
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    let step =
        t.c.env
            .services
            .sign_in("nina", &secrecy::SecretString::from(PW.to_owned()), None)
            .await
            .unwrap();
    let regain_core::service::SignIn::CodeRequired { pending } = step else {
        panic!("an administrator with a token gets a code step")
    };
    let r =
        t.c.env
            .services
            .sign_in_code(&pending, &code, None)
            .await
            .unwrap();
    assert!(
        !matches!(r, regain_core::service::SignIn::Done(_)),
        "the temporary code does not open the console"
    );
    assert!(t.active("nina").await, "and is not used up by the attempt");
}

#[tokio::test]
async fn req10_helpdesk_cannot_issue_a_code_for_itself() {
    let t = setup().await;
    t.c.env
        .services
        .set_user_policy(&t.op, "helpdesk", "Default")
        .await
        .unwrap();
    let r = t.console_issue("helpdesk", "helpdesk", "once", "1h").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("cannot issue a temporary code for yourself")
    );
}

/// Security requirement 11: issuing, using, replacing and revoking a code each send the user
/// exactly one message to their phone number on record (independent of the VPN where the code
/// is used), never containing the code; without a number on record, the audit log says the user
/// could not be told.
#[tokio::test]
async fn req11_the_user_hears_of_every_code_event_but_never_the_code() {
    let t = setup().await;
    let s = &t.c.env.services;
    let sms = &t.c.env.sms;
    // nina's phone number on record (enrolled before the code: enrolling deletes a code).
    let (id, _) = s
        .begin_phone_enrollment(&t.op, "nina", "+41 79 555 01 02")
        .await
        .unwrap();
    let (_, text) = sms.messages().last().cloned().unwrap();
    let confirm = text.split_whitespace().next().unwrap().to_owned();
    s.confirm_phone_enrollment(&t.op, "nina", &id, &confirm)
        .await
        .unwrap();
    let before = sms.messages().len();
    let new_messages = |n: usize| sms.messages()[before..].to_vec().into_iter().take(n);

    let first = t.issue("nina", Uses::Multiple, DAY).await;
    assert_eq!(sms.messages().len(), before + 1, "one message on issue");
    let v = t.sign_in_with_code("nina", "remote_access", &first).await;
    assert_eq!(v["state"], "accepted", "{v}");
    assert_eq!(sms.messages().len(), before + 2, "one message per use");
    let second = s
        .generate_temporary_code(&t.op, "nina", Uses::Once, Expiry::In(DAY), true)
        .await
        .unwrap()
        .code;
    assert_eq!(sms.messages().len(), before + 3, "one message on replace");
    assert!(s.revoke_temporary_code(&t.op, "nina").await.unwrap());
    assert_eq!(sms.messages().len(), before + 4, "one message on revoke");
    assert!(
        !s.revoke_temporary_code(&t.op, "nina").await.unwrap(),
        "nothing left to revoke"
    );
    assert_eq!(
        sms.messages().len(),
        before + 4,
        "no message when nothing happened"
    );

    let texts: Vec<(String, String)> = new_messages(4).collect();
    for (to, text) in &texts {
        assert_eq!(to, "+41795550102");
        assert!(!text.contains(&first) && !text.contains(&second), "{text}");
        // Not even in the grouped form the helpdesk reads out.
        for code in [&first, &second] {
            let grouped = regain_core::temp_code::format_for_reading(code);
            assert!(!text.contains(&grouped), "{text}");
        }
    }
    assert!(
        texts[0].1.contains("issued a temporary sign-in code"),
        "{}",
        texts[0].1
    );
    assert!(texts[1].1.contains("was used at"), "{}", texts[1].1);
    assert!(
        texts[2].1.contains("replaced your temporary sign-in code"),
        "{}",
        texts[2].1
    );
    assert!(
        texts[3].1.contains("revoked your temporary sign-in code"),
        "{}",
        texts[3].1
    );

    // omar has no number on record: the code is issued all the same, and the log says so.
    t.issue("omar", Uses::Once, DAY).await;
    assert_eq!(sms.messages().len(), before + 4);
    let notices = s
        .read_audit(
            &t.op,
            &regain_core::audit::AuditFilter {
                action: Some("tempcode.notice".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let omar: Vec<_> = notices
        .items
        .iter()
        .filter(|r| r.event.target.as_deref() == Some("omar"))
        .collect();
    assert_eq!(omar.len(), 1);
    assert!(
        omar[0]
            .event
            .details
            .contains(&("reason".into(), "no_phone_on_record".into())),
        "{:?}",
        omar[0].event
    );
    assert_eq!(
        notices
            .items
            .iter()
            .filter(|r| r.event.target.as_deref() == Some("nina"))
            .count(),
        4
    );
}

#[tokio::test]
async fn switching_temporary_codes_off_stops_existing_codes() {
    let t = setup().await;
    let code = t.issue("nina", Uses::Multiple, DAY).await;
    t.c.env
        .services
        .set_settings(&t.op, &[("allow_temporary_codes".into(), "false".into())])
        .await
        .unwrap();
    let v = t.start("nina", "remote_access").await;
    assert_eq!(v["reason"], "no_usable_factor", "{v}");
    t.c.env
        .services
        .set_settings(&t.op, &[("allow_temporary_codes".into(), "true".into())])
        .await
        .unwrap();
    assert_eq!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
}

/// Model test: random sequences of generate / replace / revoke / use / expire / normal-factor
/// sign-in / enrollment. After every step, at most one code is valid, and it is the last one
/// issued (if it has not ended).
#[tokio::test]
async fn model_at_most_one_code_is_valid_and_it_is_the_last_issued() {
    let t = setup().await;
    // The model probes old codes after every step: let those failures not lock nina out.
    t.c.env
        .services
        .set_policy(
            &t.op,
            "Default",
            &[("lockout.threshold".into(), "100".into())],
        )
        .await
        .unwrap();
    let (key, device) = t.push_device("nina").await;
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut issued: Vec<String> = Vec::new();
    // The model: the last issued code and whether it may still work.
    let mut last_valid = false;
    let mut last_once = false;
    for step in 0..120 {
        match next() % 7 {
            0 | 1 => {
                let once = next() % 2 == 0;
                let uses = if once { Uses::Once } else { Uses::Multiple };
                let replace = last_valid;
                let r =
                    t.c.env
                        .services
                        .generate_temporary_code(
                            &t.op,
                            "nina",
                            uses,
                            Expiry::In(Duration::from_secs(3600)),
                            replace,
                        )
                        .await;
                let c = r.unwrap_or_else(|e| panic!("step {step}: {e}")).code;
                issued.push(c);
                last_valid = true;
                last_once = once;
            }
            2 => {
                let had =
                    t.c.env
                        .services
                        .revoke_temporary_code(&t.op, "nina")
                        .await
                        .unwrap();
                assert_eq!(had, last_valid, "step {step}: revoke");
                last_valid = false;
            }
            3 => {
                if let Some(c) = issued.last() {
                    let ok = t.sign_in_with_code("nina", "remote_access", c).await["state"]
                        == "accepted";
                    assert_eq!(ok, last_valid, "step {step}: use of the last code");
                    if ok && last_once {
                        last_valid = false;
                    }
                }
            }
            4 => {
                t.c.env.clock.advance(Duration::from_secs(1800));
                // Codes live an hour; two advances in a row expire the last one. The model
                // learns it from the store's view of time below.
            }
            5 => {
                assert_eq!(
                    t.sign_in_with_push("nina", "remote_access", &key, &device)
                        .await["state"],
                    "accepted"
                );
                last_valid = false;
            }
            _ => {
                t.c.env
                    .services
                    .begin_otp_enrollment(&t.op, "nina", "app")
                    .await
                    .unwrap();
                // A pending enrollment is not an enrollment: nothing changes.
            }
        }
        // Expiry as the model sees it.
        if last_valid && !t.active("nina").await {
            last_valid = false;
        }
        // Every earlier code is refused; the last one only if the model says so.
        let n = issued.len();
        for (i, c) in issued.iter().enumerate().skip(n.saturating_sub(3)) {
            if i + 1 == n {
                continue;
            }
            let v = t.sign_in_with_code("nina", "remote_access", c).await;
            assert_ne!(
                v["state"], "accepted",
                "step {step}: an older code {i} worked"
            );
        }
        assert_eq!(t.active("nina").await, last_valid, "step {step}");
        t.c.env.clock.advance(Duration::from_secs(31));
    }
    assert!(issued.len() > 10, "the sequence issued codes");
}

#[tokio::test]
async fn the_expiry_is_shown_and_read_in_the_administrators_time_zone() {
    let t = setup().await;
    let (cookie, csrf, body) = t.page("helpdesk", "nina").await;
    assert!(
        body.contains("<option value=\"Europe/Zurich\""),
        "a zone select"
    );
    // A chosen date and time is read in the chosen zone (the test clock is 10:00 UTC).
    let r =
        t.c.post(
            "/admin/users/nina/tempcode",
            &cookie,
            &[
                ("csrf", &csrf),
                ("uses", "once"),
                ("expires", "custom"),
                ("expires_at", "2026-11-23T20:00"),
                ("tz", "Europe/Zurich"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body
            .contains("Monday 23 November 2026, 20:00 CET (Europe/Zurich)"),
        "{}",
        r.body
    );
    let zone = support::console::cookie_pair(&r.cookies, "__Host-regain-tz");
    assert_eq!(zone, "__Host-regain-tz=Europe/Zurich");
    let u =
        t.c.env
            .db
            .user_by_name(&regain_core::user::Username::parse("nina").unwrap())
            .await
            .unwrap()
            .unwrap();
    let code = t.c.env.db.active_temp_code(u.id).await.unwrap().unwrap();
    assert_eq!(code.expires_at.to_rfc3339(), "2026-11-23T19:00:00.000Z");
    // The choice is remembered for this administrator's browser.
    let page =
        t.c.get("/admin/users/nina", &format!("{cookie}; {zone}"))
            .await;
    assert!(
        page.body.contains("20:00 CET (Europe/Zurich)"),
        "{}",
        page.body
    );
    // An unknown zone is ignored, not trusted.
    let page =
        t.c.get(
            "/admin/users/nina",
            &format!("{cookie}; __Host-regain-tz=Mars/Olympus"),
        )
        .await;
    assert!(
        page.body.contains("(UTC)") || page.body.contains("(Etc/UTC)"),
        "{}",
        page.body
    );
}

/// Security requirement 9 (issue 14, point 14): "Use multiple times" is marked as a
/// risk-accepted recovery method on the form and on the page that shows the code.
#[tokio::test]
async fn req9_multi_use_codes_are_marked_risk_accepted() {
    let t = setup().await;
    let (_, _, page) = t.page("helpdesk", "nina").await;
    assert!(page.contains("id=\"tc-multiple-note\""), "{page}");
    assert!(page.contains("risk-accepted recovery method"));
    let r = t.console_issue("helpdesk", "nina", "multiple", "24h").await;
    assert!(r.body.contains("id=\"tc-risk-accepted\""), "{}", r.body);
    t.c.env
        .services
        .revoke_temporary_code(&t.op, "nina")
        .await
        .unwrap();
    let once = t.console_issue("helpdesk", "nina", "once", "24h").await;
    assert!(!once.body.contains("id=\"tc-risk-accepted\""));
}
