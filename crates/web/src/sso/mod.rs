//! The self-service password help app at `/sso/...` (issue 16), laid out as the reference's
//! reverse-proxy table (F-S9): GET and POST on the named endpoints only, static files under
//! `/sso/js/`, `/sso/css/sspw/` and `/sso/images/sspw/` (this app has `css/sspw/sspw-common.css`
//! and `js/selfservice.js`); anything else under `/sso` is 404 and another method 405.
//! `deploy/nginx/regain-sspr.conf` enforces the same table in front. Each endpoint's step:
//!
//! | endpoint | step |
//! |---|---|
//! | `passwordhelp` | start: the user name form |
//! | `sschallengeinit` | the name given: a reset session begins (for any name) |
//! | `sschallenge` | the security questions (GET) and their answers (POST) |
//! | `ssacceptnumber` | mode "questions and push": the number to enter in the app |
//! | `sscheckpush` | the push's state: "Check again", and the script's long poll (`?wait=1`) |
//! | `ssenteriidtokeninit`, `ssenteriidtoken` | a code (the app's offline code, an OTP token's) instead of the push |
//! | `ssresetinit` | identity proven: the new password form, or why not |
//! | `ssreset` | the new password set, or the account only unlocked |
//! | `sslogin`, `ssauthenticate` | the self-service sign-in (`/me/login`) |
//! | `ssenrollinit`, `ssenroll` | enrolling security questions (`/me/questions`) |
//!
//! The handlers translate requests into calls of the core's reset services and their results
//! into pages; they decide nothing. Every text goes through [`crate::i18n`].

mod challenge;
mod page;
mod push;
mod reset;
mod start;

use crate::AppState;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// No inline script or style anywhere in the app.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sso/passwordhelp", get(start::show).post(start::show_post))
        .route(
            "/sso/sschallengeinit",
            get(start::to_start).post(start::identify),
        )
        .route(
            "/sso/sschallenge",
            get(challenge::show).post(challenge::answer),
        )
        .route("/sso/ssresetinit", get(reset::show).post(reset::show))
        .route("/sso/ssreset", get(reset::show).post(reset::submit))
        .route("/sso/ssacceptnumber", get(push::show).post(push::show))
        .route("/sso/sscheckpush", get(push::check).post(push::check))
        .route(
            "/sso/ssenteriidtokeninit",
            get(push::code_form).post(push::code_form),
        )
        .route(
            "/sso/ssenteriidtoken",
            get(push::code_form).post(push::code),
        )
        .route("/sso/sslogin", get(to_me_login).post(to_me_login))
        .route("/sso/ssauthenticate", get(to_me_login).post(to_me_login))
        .route("/sso/ssenrollinit", get(to_enroll).post(to_enroll))
        .route("/sso/ssenroll", get(to_enroll).post(to_enroll))
        // The reference's names for the stylesheet and the script.
        .route("/sso/css/sspw/sspw-common.css", get(stylesheet))
        .route("/sso/js/selfservice.js", get(script))
        .route("/sso/js/dictionaryss.js", get(strength_estimator))
        .layer(axum::middleware::map_response(strict_csp))
}

async fn strict_csp(mut res: Response) -> Response {
    res.headers_mut()
        .insert("content-security-policy", HeaderValue::from_static(CSP));
    res
}

/// The reference's sign-in endpoints lead to the self-service sign-in.
async fn to_me_login(axum::extract::State(s): axum::extract::State<AppState>) -> Response {
    Redirect::to(&page::url(&s, "/me/login")).into_response()
}

async fn to_enroll(axum::extract::State(s): axum::extract::State<AppState>) -> Response {
    Redirect::to(&page::url(&s, "/me/questions")).into_response()
}

/// A static file of the app, cached by the browser for `cache`.
fn asset(content_type: &'static str, cache: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

/// The console's stylesheet and the app's own rules, as one file. The table allows no query
/// string on stylesheets.
async fn stylesheet(uri: axum::http::Uri) -> Response {
    if uri.query().is_some() {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    asset(
        "text/css; charset=utf-8",
        "public, max-age=3600",
        concat!(
            include_str!("../../static/console.css"),
            include_str!("../../static/sspw.css")
        ),
    )
}

/// zxcvbn (vendored, `static/vendor/`): the strength meter's estimator, under the table's name
/// for a dictionary script.
async fn strength_estimator() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        "public, max-age=86400",
        include_str!("../../static/vendor/zxcvbn.js"),
    )
}

async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        "public, max-age=3600",
        include_str!("../../static/sspw.js"),
    )
}
