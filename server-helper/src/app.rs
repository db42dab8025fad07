//! The router: every route and every layer, declared in one place.
//!
//! Layers (outermost first): request id → trace span (JSON logs, no bodies) → response metrics → timeout →
//! security headers → body limit; CORS only on the `/mynaform/v1` API and only for configured origins.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::handlers;
use crate::state::AppState;

/// Prefix of the JSON API.
pub const API: &str = "/mynaform/v1";

/// The Content-Security-Policy sent with every response: compatible with the widget (module script from
/// this origin, wasm compilation) and nothing inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One route: method, path (axum syntax) and handler; `demo_only` routes exist only in demo mode.
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path, axum syntax (`{param}`).
    pub path: &'static str,
    /// Whether the route exists only in demo mode.
    pub demo_only: bool,
    handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> RouteSpec {
    RouteSpec {
        method,
        path,
        demo_only: false,
        handler,
    }
}

fn demo_route(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> RouteSpec {
    RouteSpec {
        method,
        path,
        demo_only: true,
        handler,
    }
}

/// The route table; the OpenAPI test compares it with `openapi.json`.
pub fn routes() -> Vec<RouteSpec> {
    vec![
        route(Method::GET, "/healthz", get(handlers::health::healthz)),
        route(Method::GET, "/metrics", get(handlers::health::metrics)),
        route(Method::GET, "/mynaform/{file}", get(handlers::widget::file)),
        route(
            Method::GET,
            "/mynaform/v1/openapi.json",
            get(handlers::health::openapi),
        ),
        route(
            Method::GET,
            "/mynaform/v1/widget",
            get(handlers::widget::manifest),
        ),
        route(
            Method::POST,
            "/mynaform/v1/sessions",
            post(handlers::sessions::create),
        ),
        route(
            Method::POST,
            "/mynaform/v1/verify",
            post(handlers::verify::verify),
        ),
        route(
            Method::GET,
            "/mynaform/v1/trust-anchors",
            get(handlers::trust_anchors::list),
        ),
        route(
            Method::GET,
            "/mynaform/v1/postal-code",
            get(handlers::postal_code::lookup),
        ),
        demo_route(
            Method::GET,
            "/mynaform/v1/demo-wallet/people",
            get(handlers::demo_wallet::people),
        ),
        demo_route(
            Method::POST,
            "/mynaform/v1/demo-wallet/respond",
            post(handlers::demo_wallet::respond),
        ),
        demo_route(
            Method::POST,
            "/demo/bank/submit",
            post(handlers::demo_bank::submit),
        ),
    ]
}

/// Builds the application.
pub fn app(state: AppState) -> Router {
    let demo = state.parts.demo.is_some();
    let mut api = Router::new();
    for spec in routes().into_iter().filter(|r| demo || !r.demo_only) {
        api = api.route(spec.path, spec.handler);
    }
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(
            state
                .parts
                .allowed_origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok()),
        ))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600));
    let mut router = api.layer(cors);
    if let Some(parts) = &state.parts.demo {
        router = router.fallback_service(ServeDir::new(&parts.examples_dir));
    }
    let request_id = HeaderName::from_static("x-request-id");
    router
        .layer(DefaultBodyLimit::max(state.parts.limits.body_bytes))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("digital-credentials-get=(self)"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(state.parts.limits.request_timeout_secs),
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_responses,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(log_response),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
        .with_state(state)
}

/// Request ids: 64 random bits, hex.
#[derive(Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let bytes = crate::session::os_random::<8>().ok()?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        HeaderValue::from_str(&hex).ok().map(RequestId::new)
    }
}

/// The span of one request: id, method and path only (no query string, headers or body).
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
}

fn log_response<B>(response: &axum::http::Response<B>, latency: Duration, _: &tracing::Span) {
    tracing::info!(
        status = response.status().as_u16(),
        latency_us = latency.as_micros() as u64,
        "response"
    );
}

async fn count_responses(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    state.metrics.response(response.status().as_u16());
    response
}
