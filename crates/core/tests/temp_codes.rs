//! Temporary codes through the services on a real store, without HTTP: how codes are drawn.
//! The security requirements through the API and the console are in the web crate's
//! `tests/temp_codes.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use regain_core::service::{Caller, Expiry, NewUser};
use regain_core::temp_code::Uses;
use std::time::Duration;

const DAY: Duration = Duration::from_secs(86_400);

#[tokio::test]
async fn req1_codes_are_digits_of_the_configured_length_and_differ() {
    let e = support::env().await;
    let (s, op) = (&e.services, Caller::operator("test"));
    s.set_settings(&op, &[("allow_temporary_codes".into(), "true".into())])
        .await
        .unwrap();
    s.add_user(
        &op,
        NewUser {
            username: "nina".into(),
            display_name: "Nina".into(),
            policy: None,
            password: None,
        },
    )
    .await
    .unwrap();
    s.set_settings(&op, &[("temporary_code_digits".into(), "10".into())])
        .await
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..40 {
        let c = s
            .generate_temporary_code(&op, "nina", Uses::Once, Expiry::In(DAY), false)
            .await
            .unwrap()
            .code;
        assert_eq!(c.len(), 10);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        assert!(seen.insert(c));
        s.revoke_temporary_code(&op, "nina").await.unwrap();
    }
    let e = s
        .set_settings(&op, &[("temporary_code_digits".into(), "6".into())])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("use 8 to 12"), "{e}");
}
