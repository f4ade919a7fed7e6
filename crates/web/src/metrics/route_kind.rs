//! The bounded label for a request: what kind of route it reached. Never the path itself (ids,
//! user names and setup tokens would make every request its own series, and leak).

use axum::http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// `POST /api/v1/transactions`: a sign-in's first factor.
    ApiStart,
    /// A second factor submitted or requested through the API (codes, SMS, push).
    ApiFactor,
    /// `GET /api/v1/transactions/{id}`: a client polling a sign-in.
    ApiStatus,
    /// The rest of the API (temporary codes, the OpenAPI document).
    Api,
    /// `GET /device/v1/pushes`: the push app's long-poll; kept apart so its waits do not read
    /// as slow requests.
    DevicePoll,
    /// `POST /device/v1/pushes/{id}`: a push answer.
    DeviceAnswer,
    Device,
    Console,
    SelfService,
    Setup,
    Health,
    Metrics,
    Static,
    Other,
}

impl RouteKind {
    pub const ALL: [RouteKind; 14] = [
        RouteKind::ApiStart,
        RouteKind::ApiFactor,
        RouteKind::ApiStatus,
        RouteKind::Api,
        RouteKind::DevicePoll,
        RouteKind::DeviceAnswer,
        RouteKind::Device,
        RouteKind::Console,
        RouteKind::SelfService,
        RouteKind::Setup,
        RouteKind::Health,
        RouteKind::Metrics,
        RouteKind::Static,
        RouteKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RouteKind::ApiStart => "api_start",
            RouteKind::ApiFactor => "api_factor",
            RouteKind::ApiStatus => "api_status",
            RouteKind::Api => "api",
            RouteKind::DevicePoll => "device_poll",
            RouteKind::DeviceAnswer => "device_answer",
            RouteKind::Device => "device",
            RouteKind::Console => "console",
            RouteKind::SelfService => "self_service",
            RouteKind::Setup => "setup",
            RouteKind::Health => "health",
            RouteKind::Metrics => "metrics",
            RouteKind::Static => "static",
            RouteKind::Other => "other",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn of(method: &Method, path: &str) -> RouteKind {
        if let Some(rest) = path.strip_prefix("/api/v1/transactions") {
            // Counted, not collected: this runs on every request.
            let segments = rest.split('/').filter(|s| !s.is_empty()).count();
            return match (segments, method) {
                (0, &Method::POST) => RouteKind::ApiStart,
                (1, &Method::GET) => RouteKind::ApiStatus,
                (2, &Method::POST) => RouteKind::ApiFactor,
                _ => RouteKind::Api,
            };
        }
        if path.starts_with("/api/") {
            return RouteKind::Api;
        }
        if let Some(rest) = path.strip_prefix("/device/v1/pushes") {
            return match (rest, method) {
                ("", &Method::GET) => RouteKind::DevicePoll,
                (r, &Method::POST) if r.len() > 1 => RouteKind::DeviceAnswer,
                _ => RouteKind::Device,
            };
        }
        let under = |prefix: &str| {
            path == prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|r| r.starts_with('/'))
        };
        if under("/device") {
            RouteKind::Device
        } else if under("/admin") {
            RouteKind::Console
        } else if under("/me") || under("/push") || under("/sso") {
            RouteKind::SelfService
        } else if under("/setup") {
            RouteKind::Setup
        } else if matches!(path, "/" | "/healthz" | "/readyz") {
            RouteKind::Health
        } else if path == "/metrics" {
            RouteKind::Metrics
        } else if under("/static") {
            RouteKind::Static
        } else {
            RouteKind::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fall_into_their_kind_and_indices_match_all() {
        for (i, k) in RouteKind::ALL.iter().enumerate() {
            assert_eq!(k.index(), i);
        }
        let cases = [
            (Method::POST, "/api/v1/transactions", RouteKind::ApiStart),
            (
                Method::GET,
                "/api/v1/transactions/t-1",
                RouteKind::ApiStatus,
            ),
            (
                Method::POST,
                "/api/v1/transactions/t-1/otp",
                RouteKind::ApiFactor,
            ),
            (
                Method::POST,
                "/api/v1/transactions/t-1/push",
                RouteKind::ApiFactor,
            ),
            (Method::GET, "/api/v1/openapi.json", RouteKind::Api),
            (
                Method::GET,
                "/api/v1/users/alice/temporary_code",
                RouteKind::Api,
            ),
            (Method::GET, "/device/v1/pushes", RouteKind::DevicePoll),
            (
                Method::POST,
                "/device/v1/pushes/p-1",
                RouteKind::DeviceAnswer,
            ),
            (Method::POST, "/device/v1/enroll", RouteKind::Device),
            (Method::GET, "/admin/users/alice", RouteKind::Console),
            (Method::GET, "/administrator", RouteKind::Other),
            (Method::GET, "/me/otp", RouteKind::SelfService),
            (Method::GET, "/push/enroll", RouteKind::SelfService),
            (Method::POST, "/sso/sschallenge", RouteKind::SelfService),
            (Method::GET, "/setup/secret-token", RouteKind::Setup),
            (Method::GET, "/readyz", RouteKind::Health),
            (Method::GET, "/metrics", RouteKind::Metrics),
            (Method::GET, "/static/console.css", RouteKind::Static),
            (Method::GET, "/missing", RouteKind::Other),
        ];
        for (m, p, want) in cases {
            assert_eq!(RouteKind::of(&m, p), want, "{m} {p}");
        }
    }
}
