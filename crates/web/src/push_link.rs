//! The page behind a push enrollment link. The token travels in the fragment (`#...`), which
//! browsers never send, so it cannot reach this server's logs or a proxy's; the page only says
//! what to do with the link.

use crate::html::page;
use axum::response::{IntoResponse, Response};

pub async fn show() -> Response {
    page(
        "Enrol your push authenticator",
        "<h1>Enrol your push authenticator</h1>\
         <p>This is an enrollment link for the Regain authenticator. Scan its QR code with the app, \
         or give the whole link, including the part after <code>#</code>, to the command-line \
         authenticator:</p>\
         <pre>regain-authenticator enroll 'LINK'</pre>\
         <p>The link works once and expires after 15 minutes. If it no longer works, sign in to the \
         self-service page again or ask your helpdesk for a new one.</p>",
    )
    .into_response()
}
