//! `careplan serve`: a local web dashboard of a plan's state that changes as the files are
//! saved.
//!
//! The server holds a [`Reloader`] watching the policy package and the records (as `careplan
//! watch` does): every page is computed in memory from the last good policy, records and
//! decision it serves, and every reload — good or not — is pushed to open pages as a
//! server-sent event, on which a few lines of inline script fetch the page's main part again
//! and swap it in place. A save that does not load shows its diagnostics in a banner above the
//! last good figures.
//!
//! Pages (English or Chinese, `--lang` or the page's language switch): the overview (`/`), a
//! child (`/child/{key}`), a staff member (`/staff/{key}`, with their calendar at
//! `/staff/{key}/calendar.ics`), a class (`/class/{key}`) and a what-if (`/whatif`); the
//! decision as `evaluate --format json` writes it at `/decision.json`.
//!
//! Privacy: every byte sent (HTML, JSON, ICS) passes through the served run's [`Masker`]
//! (every value a template prints, then the whole body); URLs name people and classes by
//! [`url_key`] (an id only when it cannot be personal data, else a hash); the log callback
//! gets the method, the route template and the status only. The server binds loopback unless
//! told otherwise; any other address needs a token, and then every request must carry it (see
//! [`Config::token`]). On loopback without a token, requests must name a loopback host, so a
//! web page elsewhere cannot read the dashboard through a rebound DNS name.

mod chart;
mod keys;
mod pages;
mod words;

pub use keys::url_key;

use crate::diff::diff;
use crate::lang::Lang;
use crate::pipeline::{PipelineError, Request};
use crate::privacy::Masker;
use crate::watch::{Current, Reload, Reloader, Watch, WatchError};
use axum::extract::{MatchedPath, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, middleware};
use minijinja::{Environment, UndefinedBehavior, Value as JValue};
use serde_json::{Value, json};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Where log lines go: one line per request (`GET /child/{key} 200`) and per reload.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// What to evaluate and how (the same request as `evaluate` builds).
    pub request: Request,
    /// The pages' language unless a page switches it (a `careplan_lang` cookie).
    pub lang: Lang,
    /// Where to listen (`127.0.0.1:8080` by default; port 0 picks a free port).
    pub addr: SocketAddr,
    /// A secret every request must carry, as `Authorization: Bearer <token>` or as the
    /// `careplan_token` cookie that `GET /login?token=<token>` sets once (HttpOnly,
    /// SameSite=Strict) before redirecting to the overview, so the token is in one URL only.
    /// Required for an address other than loopback; at least 16 characters of `A-Z a-z 0-9
    /// . _ ~ -`.
    pub token: Option<String>,
    /// Quiet period of the file watch (see [`crate::watch`]).
    pub debounce: Duration,
}

/// Why the dashboard could not start.
#[derive(Debug)]
pub enum ServeError {
    /// An address other than loopback without a token.
    NeedsToken(SocketAddr),
    /// A token too short, or with characters a cookie cannot carry.
    BadToken,
    /// The address could not be bound.
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        message: String,
    },
    /// A directory could not be watched.
    Watch(WatchError),
    /// The server stopped with an error.
    Io(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::NeedsToken(a) => write!(
                f,
                "`{a}` is not a loopback address: serving there needs --token (anyone who can reach it could read children's records)"
            ),
            ServeError::BadToken => write!(
                f,
                "the token must be at least {MIN_TOKEN} characters of A-Z, a-z, 0-9, `.`, `_`, `~`, `-` (e.g. `openssl rand -hex 16`)"
            ),
            ServeError::Bind { addr, message } => write!(f, "cannot listen on `{addr}`: {message}"),
            ServeError::Watch(e) => write!(f, "{e}"),
            ServeError::Io(e) => write!(f, "the server stopped: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// The shortest token accepted.
const MIN_TOKEN: usize = 16;

/// The cookie that carries the token.
const TOKEN_COOKIE: &str = "careplan_token";
/// The cookie that carries the pages' language.
const LANG_COOKIE: &str = "careplan_lang";
/// The request header of the inline script asking for a page's main part only.
const FRAGMENT_HEADER: &str = "x-careplan-fragment";

/// A dashboard bound to its address, its first reload made, not yet answering requests.
pub struct Server {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    config: Config,
    reloader: Arc<Reloader>,
    watch: Watch,
    first: Option<Reload>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Checks the address and token, binds, starts watching the two directories and makes
    /// the first reload (so the first page shows figures, or the banner of why not).
    ///
    /// # Errors
    /// [`ServeError`] for a non-loopback address without a token, a bad token, an address
    /// that cannot be bound, or a directory that cannot be watched.
    pub fn bind(config: Config) -> Result<Server, ServeError> {
        if let Some(t) = &config.token
            && (t.len() < MIN_TOKEN
                || !t
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '-')))
        {
            return Err(ServeError::BadToken);
        }
        if !config.addr.ip().is_loopback() && config.token.is_none() {
            return Err(ServeError::NeedsToken(config.addr));
        }
        let bind_err = |e: std::io::Error| ServeError::Bind {
            addr: config.addr,
            message: e.to_string(),
        };
        let listener = std::net::TcpListener::bind(config.addr).map_err(bind_err)?;
        listener.set_nonblocking(true).map_err(bind_err)?;
        let addr = listener.local_addr().map_err(bind_err)?;
        let reloader = Arc::new(Reloader::with_request(config.request.clone()));
        let watch = Arc::clone(&reloader)
            .watch(config.debounce)
            .map_err(ServeError::Watch)?;
        let first = watch.recv();
        Ok(Server {
            listener,
            addr,
            config,
            reloader,
            watch,
            first,
        })
    }

    /// The address listened on (the port chosen, for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The overview's URL: `http://127.0.0.1:8080/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The first reload (`None` when the watch stopped before it).
    pub fn first_reload(&self) -> Option<&Reload> {
        self.first.as_ref()
    }

    /// Answers requests until the process ends, logging one line per request and per reload
    /// to `log`.
    ///
    /// # Errors
    /// [`ServeError::Io`] when the runtime cannot start or the listener fails.
    pub fn run(self, log: Log) -> Result<(), ServeError> {
        let Server {
            listener,
            addr,
            config,
            reloader,
            watch,
            first: _,
        } = self;
        let (version_tx, version_rx) = tokio::sync::watch::channel(0u64);
        // Reloads arrive on a plain thread; each bumps the version open pages listen to.
        let reload_log = Arc::clone(&log);
        std::thread::Builder::new()
            .name("careplan-serve-reloads".into())
            .spawn(move || {
                while let Some(reload) = watch.recv() {
                    let what = if reload.is_ok() {
                        "loaded"
                    } else {
                        "not loaded"
                    };
                    reload_log(&format!("reload {}: {what}", reload.number));
                    version_tx.send_modify(|v| *v += 1);
                }
            })
            .map_err(|e| ServeError::Io(e.to_string()))?;
        let app = Arc::new(App {
            reloader,
            reveal: config.request.privacy.reveal,
            request: config.request,
            lang: config.lang,
            token: config.token,
            check_host: addr.ip().is_loopback(),
            version: version_rx,
            log,
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ServeError::Io(e.to_string()))?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)
                .map_err(|e| ServeError::Io(e.to_string()))?;
            axum::serve(listener, router(app))
                .await
                .map_err(|e| ServeError::Io(e.to_string()))
        })
    }
}

/// What every handler shares.
struct App {
    reloader: Arc<Reloader>,
    /// The request the reloader runs (a what-if decides with it).
    request: Request,
    reveal: bool,
    lang: Lang,
    token: Option<String>,
    /// Only loopback host names are answered (loopback without a token).
    check_host: bool,
    /// Bumped on every reload.
    version: tokio::sync::watch::Receiver<u64>,
    log: Log,
}

type Shared = Arc<App>;

fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/child/{key}", get(child))
        .route("/staff/{key}", get(staff))
        .route("/staff/{key}/calendar.ics", get(staff_ics))
        .route("/class/{key}", get(class))
        .route("/whatif", get(whatif))
        .route("/decision.json", get(decision_json))
        .route("/events", get(events))
        .route("/login", get(login))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            log_request,
        ))
        .with_state(app)
}

/// Logs `METHOD /route/{template} STATUS`: nothing of the path's values or the query.
async fn log_request(
    State(app): State<Shared>,
    req: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned());
    let res = next.run(req).await;
    (app.log)(&format!("{method} {route} {}", res.status().as_u16()));
    res
}

/// Equal strings, compared in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A cookie's value.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether a `Host` header names this machine (`localhost`, `127.0.0.1`, `[::1]`, any port).
fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The host check and the token check, before any handler.
async fn guard(
    State(app): State<Shared>,
    req: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    let headers = req.headers();
    if app.check_host && app.token.is_none() {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !loopback_host(host) {
            return plain(StatusCode::MISDIRECTED_REQUEST, "not a loopback host\n");
        }
    }
    if let Some(token) = &app.token {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "));
        let carried = bearer.or_else(|| cookie(headers, TOKEN_COOKIE));
        let ok = carried.is_some_and(|c| same_secret(c, token));
        if !ok && req.uri().path() != "/login" {
            return plain(
                StatusCode::UNAUTHORIZED,
                "this dashboard needs its token: open /login?token=<the token> once, or send `Authorization: Bearer <the token>`\n",
            );
        }
    }
    next.run(req).await
}

#[derive(serde::Deserialize)]
struct LoginQuery {
    token: Option<String>,
}

/// `GET /login?token=T`: sets the token cookie and goes to the overview.
async fn login(State(app): State<Shared>, Query(q): Query<LoginQuery>) -> Response {
    match (&app.token, q.token) {
        (Some(token), Some(given)) if same_secret(&given, token) => {
            let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
            )) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        (None, _) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response(),
        _ => plain(StatusCode::UNAUTHORIZED, "wrong token\n"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The headers every answer carries: never cached (personal data), no sniffing, no
/// referrer, inline style and script only, no frames.
fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    res
}

impl App {
    /// The pages' language: the page's switch (a cookie), else `--lang`.
    fn lang(&self, headers: &HeaderMap) -> Lang {
        match cookie(headers, LANG_COOKIE) {
            Some("zh") => Lang::Zh,
            Some("en") => Lang::En,
            _ => self.lang,
        }
    }

    /// The masker of what is served now (before anything loads: ID and phone numbers, as
    /// every output).
    fn masker(&self, cur: Option<&Current>) -> Masker {
        match cur {
            Some(c) => (*c.masker).clone(),
            None if self.reveal => Masker::reveal(),
            None => Masker::numbers_only(),
        }
    }

    /// A body as sent: control characters escaped, personal data masked.
    fn masked(&self, cur: Option<&Current>, body: &str) -> String {
        let body = crate::privacy::escape_controls(body);
        self.masker(cur).apply(&body).into_owned()
    }

    /// Renders a page (or only its main part, for the live swap) through the masker.
    fn page(
        &self,
        headers: &HeaderMap,
        status: StatusCode,
        template: &str,
        mut ctx: Value,
        cur: Option<&Current>,
    ) -> Response {
        let lang = self.lang(headers);
        let fragment = headers.contains_key(FRAGMENT_HEADER);
        let banner = self.reloader.error().map(|e| pages::banner(&e));
        let version = *self.version.borrow();
        decorate(&mut ctx, lang, version, banner, cur.is_some());
        let masker = Arc::new(self.masker(cur));
        let body = match render(template, &ctx, &masker, fragment) {
            Ok(b) => b,
            Err(e) => {
                (self.log)(&format!("template {template}: {e}"));
                return secure(plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the page could not be drawn\n",
                ));
            }
        };
        let body = self.masked(cur, &body);
        secure(
            (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                body,
            )
                .into_response(),
        )
    }

    /// The "nothing loaded yet" page (the banner says why).
    fn nothing(&self, headers: &HeaderMap) -> Response {
        self.page(
            headers,
            StatusCode::SERVICE_UNAVAILABLE,
            "nothing.html",
            json!({"page": "nothing", "title": "careplan"}),
            None,
        )
    }

    fn missing(&self, headers: &HeaderMap, cur: Option<&Current>) -> Response {
        let head = cur.map(|c| pages::head(&c.decision));
        self.page(
            headers,
            StatusCode::NOT_FOUND,
            "missing.html",
            json!({"page": "missing", "title": "404", "head": head}),
            cur,
        )
    }
}

/// Adds what every page shows to a page's data: the words of `lang`, the reload count the
/// page shows (the live script compares it with the events'), the banner of a save that does
/// not load, and whether anything is served.
fn decorate(ctx: &mut Value, lang: Lang, version: u64, banner: Option<Value>, serving: bool) {
    if let Some(obj) = ctx.as_object_mut() {
        obj.insert("t".into(), json!(words::words(lang)));
        obj.insert("lang".into(), json!(lang.pick("en", "zh")));
        obj.insert("version".into(), json!(version));
        obj.insert("banner".into(), json!(banner));
        obj.insert("serving".into(), json!(serving));
        obj.entry("head").or_insert(Value::Null);
    }
}

/// The templates, embedded in the binary.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("head.html", include_str!("templates/head.html")),
    ("banner.html", include_str!("templates/banner.html")),
    ("outcomes.html", include_str!("templates/outcomes.html")),
    ("overdue.html", include_str!("templates/overdue.html")),
    ("overview.html", include_str!("templates/overview.html")),
    ("child.html", include_str!("templates/child.html")),
    ("staff.html", include_str!("templates/staff.html")),
    ("class.html", include_str!("templates/class.html")),
    ("whatif.html", include_str!("templates/whatif.html")),
    ("nothing.html", include_str!("templates/nothing.html")),
    ("missing.html", include_str!("templates/missing.html")),
];
const CSS: &str = include_str!("templates/style.css");
const JS: &str = include_str!("templates/live.js");

/// Renders `template` with `ctx`; every value printed passes `masker` before it is escaped
/// (so a name is masked even where escaping would change how it is written). `fragment`:
/// the `main` block only.
fn render(
    template: &str,
    ctx: &Value,
    masker: &Arc<Masker>,
    fragment: bool,
) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    for (name, src) in TEMPLATES {
        env.add_template(name, src)?;
    }
    let m = Arc::clone(masker);
    env.set_formatter(move |out, state, value| {
        if !value.is_safe()
            && let Some(s) = value.as_str()
        {
            let shown = m.apply(s);
            return minijinja::escape_formatter(out, state, &JValue::from(shown.as_ref()));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_global("css", JValue::from_safe_string(CSS.to_owned()));
    env.add_global("js", JValue::from_safe_string(JS.to_owned()));
    let tmpl = env.get_template(template)?;
    let ctx = JValue::from_serialize(ctx);
    if fragment {
        let mut captured = tmpl.render_captured(ctx)?;
        captured.with_state_mut(|state| state.render_block("main"))
    } else {
        tmpl.render(ctx)
    }
}

async fn overview(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let Some(cur) = app.reloader.current() else {
        return app.nothing(&headers);
    };
    let lang = app.lang(&headers);
    let mut ctx = pages::overview(&cur, lang);
    ctx["page"] = json!("overview");
    ctx["title"] = json!(lang.pick("Overview", "总览"));
    app.page(&headers, StatusCode::OK, "overview.html", ctx, Some(&cur))
}

async fn child(State(app): State<Shared>, Path(key): Path<String>, headers: HeaderMap) -> Response {
    let Some(cur) = app.reloader.current() else {
        return app.nothing(&headers);
    };
    let lang = app.lang(&headers);
    match pages::child(&cur, &key, lang) {
        Some(mut ctx) => {
            ctx["page"] = json!("child");
            ctx["title"] = ctx["id"].clone();
            app.page(&headers, StatusCode::OK, "child.html", ctx, Some(&cur))
        }
        None => app.missing(&headers, Some(&cur)),
    }
}

async fn class(State(app): State<Shared>, Path(key): Path<String>, headers: HeaderMap) -> Response {
    let Some(cur) = app.reloader.current() else {
        return app.nothing(&headers);
    };
    let lang = app.lang(&headers);
    match pages::class(&cur, &key, lang) {
        Some(mut ctx) => {
            ctx["page"] = json!("class");
            ctx["title"] = ctx["class"].clone();
            app.page(&headers, StatusCode::OK, "class.html", ctx, Some(&cur))
        }
        None => app.missing(&headers, Some(&cur)),
    }
}

/// Runs `f` on the blocking pool (schedules and what-ifs evaluate whole years).
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

async fn staff(State(app): State<Shared>, Path(key): Path<String>, headers: HeaderMap) -> Response {
    let Some(cur) = app.reloader.current() else {
        return app.nothing(&headers);
    };
    let Some(id) = pages::staff_id(&cur, &key) else {
        return app.missing(&headers, Some(&cur));
    };
    let lang = app.lang(&headers);
    let c = Arc::clone(&cur);
    let sid = id.clone();
    let sched = blocking(move || pages::staff_schedule(&c, &sid)).await;
    let sched = match sched {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            (app.log)(&format!("schedule: {}", app.masked(Some(&cur), &e)));
            return secure(plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the schedule could not be made\n",
            ));
        }
        None => {
            return secure(plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the schedule could not be made\n",
            ));
        }
    };
    let mut ctx = pages::staff(&cur, &id, &sched, lang);
    ctx["page"] = json!("staff");
    ctx["title"] = json!(id);
    app.page(&headers, StatusCode::OK, "staff.html", ctx, Some(&cur))
}

async fn staff_ics(
    State(app): State<Shared>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(cur) = app.reloader.current() else {
        return app.nothing(&headers);
    };
    let Some(id) = pages::staff_id(&cur, &key) else {
        return app.missing(&headers, Some(&cur));
    };
    let lang = app.lang(&headers);
    let c = Arc::clone(&cur);
    let ics = blocking(move || {
        pages::staff_schedule(&c, &id).map(|s| crate::report::ics::render(&s, lang))
    })
    .await;
    match ics {
        Some(Ok(text)) => {
            let body = app.masked(Some(&cur), &text);
            secure(
                (
                    StatusCode::OK,
                    [
                        (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                        (
                            header::CONTENT_DISPOSITION,
                            "attachment; filename=\"careplan.ics\"",
                        ),
                    ],
                    body,
                )
                    .into_response(),
            )
        }
        _ => secure(plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the schedule could not be made\n",
        )),
    }
}

#[derive(serde::Deserialize)]
struct WhatIfQuery {
    path: Option<String>,
    value: Option<String>,
}

async fn whatif(
    State(app): State<Shared>,
    Query(q): Query<WhatIfQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(cur) = app.reloader.current() else {
        return app.nothing(&headers);
    };
    let lang = app.lang(&headers);
    let params = pages::params(&cur);
    let path = q.path.filter(|p| !p.trim().is_empty());
    let value = q.value.unwrap_or_default();
    let (result, error) = match &path {
        None => (Value::Null, Value::Null),
        Some(path) => {
            let c = Arc::clone(&cur);
            let req = app.request.clone();
            let (path, value) = (path.trim().to_owned(), value.clone());
            let out = blocking(move || whatif_diff(&req, &c, &path, &value, lang)).await;
            match out {
                Some(Ok(v)) => (v, Value::Null),
                Some(Err(e)) => (Value::Null, json!(e)),
                None => (Value::Null, json!("the comparison stopped")),
            }
        }
    };
    let ctx = json!({
        "page": "whatif",
        "title": lang.pick("What-if", "方案试算"),
        "head": pages::head(&cur.decision),
        "params": params,
        "path": path,
        "value": value,
        "result": result,
        "error": error,
    });
    app.page(&headers, StatusCode::OK, "whatif.html", ctx, Some(&cur))
}

/// The served decision against the served plan with one parameter changed: the plan is
/// edited in memory and decided on the served records; nothing is read from or written to
/// the files.
fn whatif_diff(
    req: &Request,
    cur: &Current,
    path: &str,
    value: &str,
    lang: Lang,
) -> Result<Value, String> {
    let mut draft = (*cur.draft).clone();
    draft.set(path, value).map_err(|e| e.to_string())?;
    let policy = draft.validate().map_err(|e| e.to_string())?;
    let alt = req
        .decide(&draft, &policy, &cur.records)
        .map_err(|e: PipelineError| e.to_string())?;
    let mut d = diff(&cur.decision, &alt);
    d.edits = vec![format!("{path}={value}")];
    Ok(pages::whatif_result(&d, lang))
}

/// The served decision as `careplan evaluate --format json` writes it (every window listed).
async fn decision_json(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let Some(cur) = app.reloader.current() else {
        return secure(plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "nothing loaded yet\n",
        ));
    };
    let lang = app.lang(&headers);
    let text =
        crate::report::json::render(&cur.decision, crate::report::ObligationFilter::All, lang);
    let body = app.masked(Some(&cur), &text);
    secure(
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
    )
}

/// Server-sent events: `reload` with the reload count, at once (so a page that missed one
/// while it loaded catches up) and after every reload.
async fn events(State(app): State<Shared>) -> Response {
    let rx = app.version.clone();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let v = *rx.borrow_and_update();
        let event = Event::default().event("reload").data(v.to_string());
        Some((Ok::<_, std::convert::Infallible>(event), (rx, false)))
    });
    secure(
        Sse::new(stream)
            .keep_alive(KeepAlive::default())
            .into_response(),
    )
}

async fn not_found(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let cur = app.reloader.current();
    app.missing(&headers, cur.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::Changed;

    /// What a reloader serves for a shipped package on `fixtures/realistic` as of 2026-07-31.
    fn served(policy: &str) -> (Request, Arc<Current>) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 7, 31).expect("date");
        let req = Request::new(
            root.join("policies").join(policy),
            root.join("fixtures").join("realistic"),
            as_of,
        );
        let reloader = Reloader::with_request(req.clone());
        assert!(reloader.reload(Changed::ALL).is_ok(), "{policy} loads");
        (req, reloader.current().expect("served"))
    }

    /// Renders a page whole and as the live fragment; both must draw (the templates are
    /// strict: a missing word or field is an error), and the fragment is `main` only.
    fn draws(template: &str, mut ctx: Value, lang: Lang, banner: Option<Value>) -> String {
        ctx["page"] = json!("test");
        ctx["title"] = json!("test");
        decorate(&mut ctx, lang, 3, banner, true);
        let masker = Arc::new(Masker::numbers_only());
        let whole = render(template, &ctx, &masker, false)
            .unwrap_or_else(|e| panic!("{template} in {lang:?}: {e:#}"));
        let part = render(template, &ctx, &masker, true)
            .unwrap_or_else(|e| panic!("{template} fragment in {lang:?}: {e:#}"));
        assert!(whole.starts_with("<!doctype html>"), "{template}");
        assert!(whole.contains("data-version=\"3\""), "{template}");
        assert!(
            !part.contains("<html") && !part.contains("<main"),
            "{template}"
        );
        assert!(
            whole.contains(part.trim()),
            "{template}: the fragment is the main part"
        );
        whole
    }

    #[test]
    fn every_page_draws_in_both_languages_for_three_plans() {
        // Plan 5 (points, prizes, helper pay), Plan 4 (class assessment, activities, dated
        // duties), Plan 1 (three contact rules, no money).
        for policy in [
            "class-hand-in-hand",
            "school-ten-ones",
            "school-weekly-talks",
        ] {
            let (req, cur) = served(policy);
            let sched = pages::staff_schedule(&cur, "T01").expect("T01's schedule");
            let first = pages::params(&cur)
                .into_iter()
                .find(|p| p["path"].as_str().is_some_and(|x| x.contains('.')))
                .expect("a parameter");
            let path = first["path"].as_str().expect("path").to_owned();
            for lang in [Lang::En, Lang::Zh] {
                let result = whatif_diff(&req, &cur, &path, "1", lang)
                    .unwrap_or_else(|e| json!({"error": e}));
                let whatif = json!({
                    "head": pages::head(&cur.decision),
                    "params": pages::params(&cur),
                    "path": path,
                    "value": "1",
                    "result": if result.get("error").is_some() { Value::Null } else { result.clone() },
                    "error": result.get("error").cloned().unwrap_or(Value::Null),
                });
                let all = [
                    ("overview.html", pages::overview(&cur, lang)),
                    (
                        "child.html",
                        pages::child(&cur, "S0122", lang).expect("S0122"),
                    ),
                    ("class.html", pages::class(&cur, "7-1", lang).expect("7-1")),
                    ("staff.html", pages::staff(&cur, "T01", &sched, lang)),
                    ("whatif.html", whatif),
                    ("missing.html", json!({"head": pages::head(&cur.decision)})),
                ];
                for (template, ctx) in all {
                    draws(template, ctx, lang, None);
                }
            }
        }
        // The "N more" notes of long lists.
        let (_, cur) = served("class-hand-in-hand");
        let mut ctx = pages::overview(&cur, Lang::En);
        ctx["overdue"]["more"] = json!(3);
        ctx["findings"] = json!([{"kind": "dates", "count": 22, "items": ["x"], "more": 2}]);
        let page = draws("overview.html", ctx, Lang::En, None);
        assert!(page.contains("3 more: see the class pages"), "overdue note");
        assert!(page.contains("2 more…"), "findings note");
        // The class assessment of Plan 4 is on its class page.
        let (_, cur) = served("school-ten-ones");
        let page = draws(
            "class.html",
            pages::class(&cur, "7-1", Lang::En).expect("7-1"),
            Lang::En,
            None,
        );
        assert!(page.contains("id=\"assessment\""), "class assessment shown");
    }

    #[test]
    fn the_banner_names_file_line_column_and_help() {
        let src = "Plan(\n  idz: \"x\",\n)";
        let d = crate::diagnostic::Diagnostic::error(
            "p/plan.ron",
            src,
            crate::diagnostic::locate(src, &["idz"]),
            "unknown key `idz`".to_owned(),
        )
        .with_help("expected `id`");
        let error = crate::watch::ReloadError {
            policy: Some(crate::policy::PolicyError {
                diagnostics: vec![d],
            }),
            ..Default::default()
        };
        let page = draws(
            "nothing.html",
            json!({}),
            Lang::Zh,
            Some(pages::banner(&error)),
        );
        // `idz` is on line 2 after two spaces: column 3.
        assert!(page.contains("p&#x2f;plan.ron:2:3"), "{page}");
        assert!(page.contains("unknown key `idz`"), "{page}");
        assert!(page.contains("= help: expected `id`"), "{page}");
        assert!(page.contains("最近一次保存的文件无法加载"), "{page}");
    }

    #[test]
    fn loopback_hosts_are_told_apart() {
        for h in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "127.0.0.2:80",
        ] {
            assert!(loopback_host(h), "{h}");
        }
        for h in ["evil.example:8080", "192.168.1.2:8080", "", "[fe80::1]:80"] {
            assert!(!loopback_host(h), "{h}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abcdefgh", "abcdefgh"));
        assert!(!same_secret("abcdefgh", "abcdefgX"));
        assert!(!same_secret("abcdefgh", "abcdefg"));
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; careplan_lang=zh; careplan_token=xyz"),
        );
        assert_eq!(cookie(&h, LANG_COOKIE), Some("zh"));
        assert_eq!(cookie(&h, TOKEN_COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "b"), None);
    }
}
