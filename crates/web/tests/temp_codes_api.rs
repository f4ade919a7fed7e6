//! Temporary codes for helpdesk integrations through the admin-scoped API
//! (`/api/v1/users/{username}/temporary_code`): the role's permissions and caps apply as in the
//! console, and an authentication client is no admin credential.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::http::StatusCode;
use regain_core::ports::Clock;
use serde_json::json;
use support::console::PW;
use support::temp_codes::setup;

#[tokio::test]
async fn the_admin_api_generates_replaces_and_revokes_with_the_roles_permissions() {
    let t = setup().await;
    let (_, helpdesk) =
        t.c.env
            .services
            .register_client_for(&t.op, "itsm", false, Some("helpdesk"))
            .await
            .unwrap();
    let (_, viewer) =
        t.c.env
            .services
            .register_client_for(&t.op, "report", false, Some("viewer"))
            .await
            .unwrap();
    let path = "/api/v1/users/nina/temporary_code";
    let (st, v) = t
        .api(
            "POST",
            path,
            &helpdesk,
            Some(json!({"uses": "multiple", "expires_in": "24h"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let code = v["code"].as_str().unwrap().to_owned();
    assert_eq!(
        t.sign_in_with_code("nina", "workstation_login", &code)
            .await["state"],
        "accepted"
    );
    let (st, v) = t
        .api(
            "POST",
            path,
            &helpdesk,
            Some(json!({"uses": "once", "expires_in": "3d"})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (st, v) = t
        .api(
            "PUT",
            path,
            &helpdesk,
            Some(json!({"uses": "once", "expires_in": "2h"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_ne!(
        t.sign_in_with_code("nina", "remote_access", &code).await["state"],
        "accepted"
    );
    // Issue 15, point 10: a moment with its offset, as the API document says.
    let in_two_hours = t.c.env.clock.now().0 + 2 * 3_600_000;
    let at = jiff::Timestamp::from_millisecond(in_two_hours)
        .unwrap()
        .display_with_offset(jiff::tz::offset(1))
        .to_string();
    assert!(at.ends_with("+01:00"), "{at}");
    let (st, v) = t
        .api(
            "PUT",
            path,
            &helpdesk,
            Some(json!({"uses": "once", "expires_at": at})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    assert_eq!(
        v["expires_at"],
        regain_core::time::Timestamp(in_two_hours).to_rfc3339()
    );
    let (st, _) = t.api("DELETE", path, &viewer, None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert!(t.active("nina").await);
    let (st, _) = t.api("DELETE", path, &helpdesk, None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!t.active("nina").await);
    // An authentication client is no admin credential, and vice versa.
    assert_eq!(
        t.api("GET", path, &t.client, None).await.0,
        StatusCode::FORBIDDEN
    );
    let (st, _) = t
        .api(
            "POST",
            "/api/v1/transactions",
            &helpdesk,
            Some(json!({"username": "nina", "password": PW, "workflow": "remote_access"})),
        )
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}
