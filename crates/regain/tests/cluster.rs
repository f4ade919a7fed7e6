//! Several nodes without session affinity (F-S10, issue 19), against the loopback cluster of
//! `scripts/cluster up`: three `regain serve` processes on one PostgreSQL database (with a
//! synchronous streaming standby) and nginx round-robin in front. Every test alternates its
//! steps between nodes, so a step that only worked on the node that began the flow fails here;
//! and the security requirements that name two nodes are checked across them.
//!
//! Needs the cluster (scripts/test starts it and sources its env.sh); fails, never skips,
//! without it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::json;
use support::cluster::{Cluster, PASSWORD, hidden, unique};
use support::radius::{radclient_at, state_of, temporary_code_in, totp};

fn start(c: &Cluster, node: &str, credential: &str, user: &str) -> String {
    let (status, v) = c.api(
        node,
        "POST",
        "/api/v1/transactions",
        credential,
        Some(&json!({"username": user, "password": PASSWORD, "workflow": "remote_access"})),
    );
    assert!(
        (200..300).contains(&status),
        "start on {node}: {status} {v}"
    );
    assert_eq!(v["state"], "awaiting_second_factor", "{v}");
    v["transaction_id"].as_str().unwrap().to_owned()
}

fn submit(
    c: &Cluster,
    node: &str,
    credential: &str,
    id: &str,
    factor: &str,
    code: &str,
) -> serde_json::Value {
    let (_, v) = c.api(
        node,
        "POST",
        &format!("/api/v1/transactions/{id}/{factor}"),
        credential,
        Some(&json!({ "code": code })),
    );
    v
}

/// An API sign-in started on node 1, looked at on node 2, answered on node 3, and its result
/// read through nginx.
#[test]
fn an_api_sign_in_alternates_between_nodes() {
    let c = Cluster::from_env();
    let user = unique("api");
    let seed = c.user_with_totp(&user);
    let cred = c.api_client(&unique("vpn-api"), &["--trusted"]);
    let id = start(&c, &c.nodes[0], &cred, &user);
    let (status, v) = c.api(
        &c.nodes[1],
        "GET",
        &format!("/api/v1/transactions/{id}"),
        &cred,
        None,
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["state"], "awaiting_second_factor", "{v}");
    let v = submit(&c, &c.nodes[2], &cred, &id, "otp", &totp(&seed, 0));
    assert_eq!(v["state"], "accepted", "{v}");
    let (_, v) = c.api(
        &c.url,
        "GET",
        &format!("/api/v1/transactions/{id}"),
        &cred,
        None,
    );
    assert_eq!(v["state"], "accepted", "through nginx: {v}");
}

/// Requirement 20 across nodes: a TOTP code accepted on one node is refused on another.
#[test]
fn req20_a_totp_code_used_on_one_node_is_refused_on_another() {
    let c = Cluster::from_env();
    let user = unique("replay");
    let seed = c.user_with_totp(&user);
    let cred = c.api_client(&unique("vpn-replay"), &["--trusted"]);
    let code = totp(&seed, 0);
    let first = start(&c, &c.nodes[0], &cred, &user);
    let v = submit(&c, &c.nodes[0], &cred, &first, "otp", &code);
    assert_eq!(v["state"], "accepted", "{v}");
    let second = start(&c, &c.nodes[1], &cred, &user);
    let v = submit(&c, &c.nodes[1], &cred, &second, "otp", &code);
    assert_ne!(v["state"], "accepted", "a replayed code was accepted: {v}");
    assert_eq!(v["reason"], "replayed", "{v}");
}

/// Requirement 13 across nodes: wrong codes sent to the nodes in turn lock the user after
/// exactly the policy's threshold (5), and the right code after them is refused.
#[test]
fn req13_wrong_codes_alternating_between_nodes_lock_after_exactly_n() {
    let c = Cluster::from_env();
    let user = unique("guess");
    let seed = c.user_with_totp(&user);
    let cred = c.api_client(&unique("vpn-guess"), &["--trusted"]);
    let right = totp(&seed, 0);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    // A second sign-in waits on node 2 while the first is guessed at on every node in turn.
    let waiting = start(&c, &c.nodes[1], &cred, &user);
    let id = start(&c, &c.nodes[0], &cred, &user);
    let mut seen = Vec::new();
    for i in 0..5 {
        let v = submit(&c, &c.nodes[i % 3], &cred, &id, "otp", wrong);
        seen.push(format!(
            "{}/{}",
            v["state"].as_str().unwrap_or(""),
            v["reason"].as_str().unwrap_or("")
        ));
    }
    let retry = "awaiting_second_factor/wrong_code".to_owned();
    assert_eq!(
        seen,
        [
            retry.clone(),
            retry.clone(),
            retry.clone(),
            retry,
            "rejected/locked_out".into()
        ],
        "locked at exactly the fifth"
    );
    // The sixth attempt, the right code in the other sign-in, on yet another node: refused.
    let v = submit(&c, &c.nodes[2], &cred, &waiting, "otp", &right);
    assert_eq!(v["state"], "rejected", "the right code passed a lock: {v}");
    assert_eq!(v["reason"], "locked_out", "{v}");
    let (_, v) = c.api(
        &c.nodes[0],
        "POST",
        "/api/v1/transactions",
        &cred,
        Some(&json!({"username": user, "password": PASSWORD, "workflow": "remote_access"})),
    );
    assert_eq!(
        (&v["state"], &v["reason"]),
        (&json!("rejected"), &json!("locked_out")),
        "{v}"
    );
}

/// Requirement 4 across nodes: a single-use temporary code sent 20 times at once, spread over
/// the three nodes, signs in exactly once.
#[test]
fn req4_a_single_use_temporary_code_used_20_times_at_once_across_nodes_succeeds_once() {
    let c = Cluster::from_env();
    c.cli(&["settings", "set", "allow_temporary_codes=true"]);
    let user = unique("tc");
    c.user_with_totp(&user);
    let cred = c.api_client(&unique("vpn-tc"), &["--trusted"]);
    let code = temporary_code_in(&c.cli(&[
        "tempcode",
        "generate",
        &user,
        "--uses",
        "once",
        "--expires",
        "1h",
    ]));
    let ids: Vec<String> = (0..20)
        .map(|i| start(&c, &c.nodes[i % 3], &cred, &user))
        .collect();
    let c = std::sync::Arc::new(c);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(ids.len()));
    let handles: Vec<_> = ids
        .into_iter()
        .enumerate()
        .map(|(i, id)| {
            let (c, cred, code, barrier) = (c.clone(), cred.clone(), code.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                submit(
                    &c,
                    &c.nodes[(i + 1) % 3],
                    &cred,
                    &id,
                    "temporary_code",
                    &code,
                )
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let accepted = results.iter().filter(|v| v["state"] == "accepted").count();
    assert_eq!(accepted, 1, "{results:?}");
}

/// Requirement 12 across nodes: a temporary code revoked through the API on node 1 is refused
/// on node 2 by the very next request (nothing is cached per node).
#[test]
fn req12_a_revocation_on_one_node_is_refused_on_another_at_once() {
    let c = Cluster::from_env();
    c.cli(&["settings", "set", "allow_temporary_codes=true"]);
    let user = unique("rv");
    c.user_with_totp(&user);
    let cred = c.api_client(&unique("vpn-rv"), &["--trusted"]);
    let helpdesk = c.api_client(&unique("helpdesk-rv"), &["--admin", "admin"]);
    let (status, v) = c.api(
        &c.nodes[0],
        "POST",
        &format!("/api/v1/users/{user}/temporary_code"),
        &helpdesk,
        Some(&json!({"uses": "multiple", "expires_in": "1h"})),
    );
    assert_eq!(status, 201, "{v}");
    let code = v["code"].as_str().unwrap().to_owned();
    let used = start(&c, &c.nodes[1], &cred, &user);
    let v = submit(&c, &c.nodes[1], &cred, &used, "temporary_code", &code);
    assert_eq!(v["state"], "accepted", "before the revocation: {v}");
    let pending = start(&c, &c.nodes[1], &cred, &user);
    let (status, v) = c.api(
        &c.nodes[0],
        "DELETE",
        &format!("/api/v1/users/{user}/temporary_code"),
        &helpdesk,
        None,
    );
    assert_eq!((status, &v["revoked"]), (200, &json!(true)), "{v}");
    let v = submit(&c, &c.nodes[1], &cred, &pending, "temporary_code", &code);
    assert_ne!(
        v["state"], "accepted",
        "a revoked code passed on another node: {v}"
    );
}

/// A gateway that fails over between RADIUS servers: the password goes to node 1, the answer to
/// the challenge to node 2 (accepted), and the used State to node 3 (refused).
#[test]
fn a_radius_challenge_is_answered_on_another_node() {
    let c = Cluster::from_env();
    let user = unique("rad");
    let seed = c.user_with_totp(&user);
    let secret = c.radius_secret.clone();
    let (out, _) = radclient_at(
        &c.radius[0],
        &secret,
        "auth",
        &format!(
            "User-Name = \"{user}\"\nUser-Password = \"{PASSWORD}\"\nMessage-Authenticator = 0x00\n"
        ),
        1,
        10,
    );
    assert!(out.contains("Received Access-Challenge"), "{out}");
    let state = state_of(&out);
    let answer = format!(
        "User-Name = \"{user}\"\nUser-Password = \"{}\"\nState = {state}\nMessage-Authenticator = 0x00\n",
        totp(&seed, 0)
    );
    let (out, _) = radclient_at(&c.radius[1], &secret, "auth", &answer, 1, 10);
    assert!(out.contains("Received Access-Accept"), "on node 2: {out}");
    let (out, _) = radclient_at(&c.radius[2], &secret, "auth", &answer, 1, 10);
    assert!(
        out.contains("Received Access-Reject"),
        "the State again, on node 3: {out}"
    );
}

/// A push started through the API on node 1 reaches the device long-polling node 2 (announced
/// over PostgreSQL's LISTEN/NOTIFY), which approves it there with the number; node 3 then says
/// the sign-in is accepted. The time from the push's start to the device seeing it is printed
/// for the note (the store test `a_push_announced_on_one_node_is_heard_on_another` proves the
/// announcement itself).
#[test]
fn a_push_started_on_one_node_reaches_a_device_waiting_on_another() {
    let c = Cluster::from_env();
    let user = unique("push");
    c.user_with_totp(&user);
    let cred = c.api_client(&unique("vpn-push"), &["--trusted"]);
    let link = c.cli(&["otp", "enroll-push", &user, "--no-qr"]);
    // The device talks to node 2 only: the link names nginx, the same path on node 2 is the
    // same enrollment.
    let link = link.trim().replace(&c.url, &c.nodes[1]);
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("device.json");
    support::demo::authenticator(&device, &["enroll", &link, "--ca", &c.ca]);
    let mut seen_after = Vec::new();
    for round in 0..3 {
        let id = start(&c, &c.nodes[0], &cred, &user);
        let waiting = {
            let device = device.clone();
            std::thread::spawn(move || {
                let out = support::demo::authenticator(&device, &["pending", "--wait", "20"]);
                (out, std::time::Instant::now())
            })
        };
        // The device is in its long-poll on node 2 before the push exists.
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let sent = std::time::Instant::now();
        let (status, v) = c.api(
            &c.nodes[0],
            "POST",
            &format!("/api/v1/transactions/{id}/push"),
            &cred,
            None,
        );
        assert!((200..300).contains(&status), "push on node 1: {v}");
        let number = v["number"]
            .as_u64()
            .unwrap_or_else(|| panic!("no number: {v}"))
            .to_string();
        let (out, at) = waiting.join().unwrap();
        assert!(
            !out.trim().is_empty() && !out.contains("no pushes"),
            "round {round}: {out}"
        );
        seen_after.push(at.duration_since(sent));
        support::demo::authenticator(&device, &["approve", &number]);
        let (_, v) = c.api(
            &c.nodes[2],
            "GET",
            &format!("/api/v1/transactions/{id}"),
            &cred,
            None,
        );
        assert_eq!(v["state"], "accepted", "on node 3: {v}");
    }
    eprintln!(
        "a push reached the device on another node after {seen_after:?} (a process start included)"
    );
}

/// An administrator's console session across nodes: the sign-in page from node 1, the password
/// posted to node 2, the code to node 3, then pages from every node and nginx, and a change
/// (unlocking a user) made on node 1 with the form of a page node 2 served.
#[test]
fn a_console_session_alternates_between_nodes() {
    let c = Cluster::from_env();
    let admin = unique("adm");
    let seed = c.user_with_totp(&admin);
    c.cli(&["role", "assign", "Superadministrator", &admin]);
    let b = support::cluster::Browser::new(&c);
    let (status, page) = b.get(&format!("{}/admin/login", c.nodes[0]));
    assert_eq!(status, 200, "{page}");
    let csrf = hidden(&page, "csrf");
    let (status, _, page) = b.post(
        &format!("{}/admin/login", c.nodes[1]),
        &[
            ("csrf", &csrf),
            ("username", &admin),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(status, 200, "password on node 2: {page}");
    let (csrf, pending) = (hidden(&page, "csrf"), hidden(&page, "pending"));
    let (status, head, page) = b.post(
        &format!("{}/admin/login/code", c.nodes[2]),
        &[
            ("csrf", &csrf),
            ("pending", &pending),
            ("code", &totp(&seed, 0)),
        ],
    );
    assert!(
        status == 303 || status == 302,
        "code on node 3: {status} {head} {page}"
    );
    // A user to unlock: locked by wrong passwords of the embedded directory.
    let locked = unique("lck");
    c.user_with_totp(&locked);
    let cred = c.api_client(&unique("vpn-lck"), &[]);
    for _ in 0..6 {
        c.api(
            &c.nodes[0],
            "POST",
            "/api/v1/transactions",
            &cred,
            Some(&json!({"username": locked, "password": "wrong-password-1", "workflow": "remote_access"})),
        );
    }
    let account = |c: &Cluster| {
        c.cli(&["user", "show", &locked])
            .lines()
            .find(|l| l.starts_with("account:"))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(!account(&c).contains("not locked"), "{}", account(&c));
    for base in c.nodes.iter().chain([&c.url]) {
        let (status, page) = b.get(&format!("{base}/admin/users?q={locked}"));
        assert_eq!(status, 200, "users page on {base}: {page}");
        assert!(page.contains(&locked), "on {base}: {page}");
    }
    let (status, page) = b.get(&format!("{}/admin/users/{locked}", c.nodes[1]));
    assert_eq!(status, 200, "{page}");
    let csrf = hidden(&page, "csrf");
    let (status, head, page) = b.post(
        &format!("{}/admin/users/{locked}/unlock", c.nodes[0]),
        &[("csrf", &csrf)],
    );
    assert!(status < 400, "unlock on node 1: {status} {head} {page}");
    assert!(
        account(&c).contains("not locked"),
        "still locked: {}",
        account(&c)
    );
}

/// The user's own pages and password help across nodes: `/me` sign-in over three nodes, the
/// security questions enrolled with a form one node served and another received, then every
/// step of a self-service reset on a different node (some through nginx), and the new password
/// accepted by the API on yet another.
#[test]
fn me_and_every_step_of_a_self_service_reset_alternate_between_nodes() {
    let c = Cluster::from_env();
    let policy = unique("sspr-");
    c.cli(&["policy", "create", &policy, "--copy-of", "Default"]);
    c.cli(&[
        "policy",
        "set",
        &policy,
        "sspr.allow_reset=true",
        "sspr.questions_to_enroll=3",
        "sspr.questions_to_answer=2",
        "sspr.enrollment_prompt=may_delay",
    ]);
    c.cli(&["settings", "set", "self_service_enabled=true"]);
    let user = unique("rita");
    let seed = c.user_with_totp(&user);
    c.cli(&["user", "set-policy", &user, &policy]);
    let n = |i: usize| c.nodes[i % 3].clone();

    // /me: the page from node 1, the password to node 2, the code to node 3.
    let me = support::cluster::Browser::new(&c);
    let (_, page) = me.get(&format!("{}/me/login", n(0)));
    let (status, _, page) = me.post(
        &format!("{}/me/login", n(1)),
        &[
            ("csrf", &hidden(&page, "csrf")),
            ("username", &user),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(status, 200, "password on node 2: {page}");
    let (status, head, page) = me.post(
        &format!("{}/me/login/code", n(2)),
        &[
            ("csrf", &hidden(&page, "csrf")),
            ("pending", &hidden(&page, "pending")),
            ("code", &totp(&seed, 0)),
        ],
    );
    assert_eq!(status, 303, "code on node 3: {head} {page}");
    // The questions: the form from node 1, the answers to node 2.
    let (status, page) = me.get(&format!("{}/me/questions", n(0)));
    assert_eq!(status, 200, "{page}");
    let mut form = vec![("csrf".to_owned(), hidden(&page, "csrf"))];
    for q in 1..=3 {
        form.push((format!("q-{q}"), q.to_string()));
        form.push((format!("a-{q}"), format!("answer {q} of {user}")));
    }
    let form_ref: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, head, page) = me.post(&format!("{}/me/questions", n(1)), &form_ref);
    assert_eq!(status, 303, "answers on node 2: {head} {page}");
    assert!(head.contains("/me?done=questions"), "{head}");

    // Password help, one step per node, nginx in between.
    let help = support::cluster::Browser::new(&c);
    let (status, page) = help.get(&format!("{}/sso/passwordhelp", n(2)));
    assert_eq!(status, 200, "{page}");
    let (status, head, page) = help.post(
        &format!("{}/sso/sschallengeinit", n(0)),
        &[("csrf", &hidden(&page, "csrf")), ("username", &user)],
    );
    assert_eq!(status, 303, "the name on node 1: {head} {page}");
    let (status, page) = help.get(&format!("{}/sso/sschallenge", c.url));
    assert_eq!(status, 200, "the questions through nginx: {page}");
    let asked: Vec<String> = page
        .split("name=\"a-")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(asked.len(), 2, "{page}");
    let mut form = vec![("csrf".to_owned(), hidden(&page, "csrf"))];
    for id in &asked {
        form.push((format!("a-{id}"), format!("  ANSWER {id} of {user} ")));
    }
    let form_ref: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, head, page) = help.post(&format!("{}/sso/sschallenge", n(1)), &form_ref);
    assert_eq!(status, 303, "the answers on node 2: {head} {page}");
    assert!(head.contains("/sso/ssresetinit"), "{head}");
    let (status, page) = help.get(&format!("{}/sso/ssresetinit", n(2)));
    assert_eq!(status, 200, "{page}");
    let new = "Cluster-Reset-Orchard-2026!";
    let (status, _, page) = help.post(
        &format!("{}/sso/ssreset", n(0)),
        &[
            ("csrf", &hidden(&page, "csrf")),
            ("action", "reset"),
            ("new", new),
            ("again", new),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Your password was changed"), "{page}");
    // The directory (shared by every node) has the new password.
    let cred = c.api_client(&unique("vpn-rita"), &["--trusted"]);
    let (_, v) = c.api(
        &n(1),
        "POST",
        "/api/v1/transactions",
        &cred,
        Some(&json!({"username": user, "password": new, "workflow": "remote_access"})),
    );
    assert_eq!(
        v["state"], "awaiting_second_factor",
        "the new password on node 2: {v}"
    );
}

/// Nothing a node keeps goes stale: a policy changed (by an operator, in the shared database)
/// applies to the very next sign-in on any node, and back.
#[test]
fn a_policy_change_applies_to_the_next_request_on_every_node() {
    let c = Cluster::from_env();
    let policy = unique("pol-");
    c.cli(&["policy", "create", &policy, "--copy-of", "Default"]);
    let user = unique("pu");
    c.user_with_totp(&user);
    c.cli(&["user", "set-policy", &user, &policy]);
    let cred = c.api_client(&unique("vpn-pol"), &["--trusted"]);
    let state_on = |node: &str| {
        let (_, v) = c.api(
            node,
            "POST",
            "/api/v1/transactions",
            &cred,
            Some(&json!({"username": user, "password": PASSWORD, "workflow": "remote_access"})),
        );
        v["state"].as_str().unwrap_or("").to_owned()
    };
    for node in &c.nodes {
        assert_eq!(state_on(node), "awaiting_second_factor", "on {node}");
    }
    c.cli_on(
        0,
        &["policy", "set", &policy, "remote_access.enabled=false"],
        None,
    );
    for node in &c.nodes {
        assert_eq!(
            state_on(node),
            "rejected",
            "{node} still used the old policy"
        );
    }
    c.cli_on(
        2,
        &["policy", "set", &policy, "remote_access.enabled=true"],
        None,
    );
    for node in &c.nodes {
        assert_eq!(state_on(node), "awaiting_second_factor", "on {node}");
    }
}
