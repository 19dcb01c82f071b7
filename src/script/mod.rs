//! Rhai scripts in a policy package (`scripts/*.rhai`): compiled once at load, dry-run on a
//! sample value, run sandboxed with limits, every error with its position.
//!
//! Hooks (each a script function named in `plan.ron`):
//!
//! | hook | where in plan.ron | signature |
//! |---|---|---|
//! | coverage filter | `covers: [Script(function: "f")]` | `fn f(student) -> bool` |
//! | points rule | `rule: Script(function: "f")` in `assessment.rules` | `fn f(student) -> int` (points) |
//! | prize condition / amount | `rule: Script(function: "f")` in `prizes.tiers` | `fn f(student) -> bool` (wins `amount_fen`) or `-> int` (fen; 0 = not won) |
//! | does this contact count | `counts: "f"` on an obligation | `fn f(contact, student, window) -> bool` |
//!
//! The sandbox: no `eval`, no `import` (the engine is built without modules), strict
//! variables, `print`/`debug` captured into the trace, and limits on operations, call depth,
//! string, array and map sizes ([`Limits`]); scripts run on a thread whose stack is large
//! enough for the deepest call depth a plan may allow.

pub mod budget;
pub mod types;

use crate::diagnostic::Diagnostic;
use rhai::{AST, Dynamic, Engine, EvalAltResult};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
pub use types::{ScriptContact, ScriptStudent, ScriptWindow};

/// Limits on what one script call may do. Settable in `plan.ron` (`script_limits`), never
/// past [`Limits::CEILING`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Operations per call (a loop step, a function call …).
    pub max_operations: u64,
    /// Depth of nested function calls.
    pub max_call_levels: usize,
    /// Length of a string, in bytes.
    pub max_string_size: usize,
    /// Elements of an array.
    pub max_array_size: usize,
    /// Entries of a map.
    pub max_map_size: usize,
}

impl Default for Limits {
    /// Safe defaults: ample for a points rule over one child.
    fn default() -> Self {
        Limits {
            max_operations: 100_000,
            max_call_levels: 32,
            max_string_size: 10_000,
            max_array_size: 10_000,
            max_map_size: 1_000,
        }
    }
}

impl Limits {
    /// The hard ceilings no plan can raise past.
    pub const CEILING: Limits = Limits {
        max_operations: 10_000_000,
        max_call_levels: 128,
        max_string_size: 1_000_000,
        max_array_size: 100_000,
        max_map_size: 10_000,
    };
}

/// Stack size of the threads scripts run on: enough for [`Limits::CEILING`]'s call depth in
/// an unoptimised build (virtual memory: only what is touched is committed).
pub const STACK_BYTES: usize = 512 << 20;

/// The kind of a hook, which fixes its arguments and return type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    /// `fn f(student) -> bool`.
    Coverage,
    /// `fn f(student) -> int`.
    Points,
    /// `fn f(student) -> bool | int`.
    Prize,
    /// `fn f(contact, student, window) -> bool`.
    Counts,
    /// `fn f(student) -> bool`: an individual-plan trigger.
    Trigger,
}

impl Hook {
    fn arity(self) -> usize {
        match self {
            Hook::Counts => 3,
            _ => 1,
        }
    }

    /// The signature in words, for messages.
    pub fn signature(self) -> &'static str {
        match self {
            Hook::Coverage => "fn f(student) -> bool",
            Hook::Trigger => "fn f(student) -> bool",
            Hook::Points => "fn f(student) -> int",
            Hook::Prize => "fn f(student) -> bool or int",
            Hook::Counts => "fn f(contact, student, window) -> bool",
        }
    }
}

/// The compiled scripts of a package.
#[derive(Clone)]
pub struct Scripts {
    ast: AST,
    /// (function, arity) → file it is defined in (as shown to the user).
    functions: BTreeMap<(String, usize), String>,
    /// File (as shown) → its text, for carets in diagnostics.
    sources: BTreeMap<String, String>,
    /// The limits the plan set.
    pub limits: Limits,
}

impl std::fmt::Debug for Scripts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scripts")
            .field("functions", &self.functions)
            .field("limits", &self.limits)
            .finish()
    }
}

impl PartialEq for Scripts {
    fn eq(&self, other: &Self) -> bool {
        self.functions == other.functions && self.limits == other.limits
    }
}

/// Print and debug output of scripts, captured for the trace.
type Output = Arc<Mutex<Vec<String>>>;

/// A sandboxed engine with the script types registered and `print`/`debug` going to `out`.
pub fn engine(limits: &Limits, out: Option<Output>) -> Engine {
    metered_engine(limits, out, None)
}

/// [`engine`], its calls watched by `meter` (the rule's budget, the call's heap).
fn metered_engine(
    limits: &Limits,
    out: Option<Output>,
    meter: Option<Arc<budget::Meter>>,
) -> Engine {
    let mut e = Engine::new();
    if let Some(meter) = meter {
        e.on_progress(move |ops| meter.progress(ops));
    }
    e.set_max_operations(limits.max_operations)
        .set_max_call_levels(limits.max_call_levels)
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_max_expr_depths(64, 64)
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(true);
    e.disable_symbol("eval");
    let print_out = out.clone();
    e.on_print(move |s| {
        if let Some(o) = &print_out
            && let Ok(mut o) = o.lock()
        {
            o.push(s.to_owned());
        }
    });
    e.on_debug(move |s, _, _| {
        if let Some(o) = &out
            && let Ok(mut o) = o.lock()
        {
            o.push(format!("debug: {s}"));
        }
    });
    types::register(&mut e);
    e
}

/// A script call that failed: where, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    /// The hook function called.
    pub function: String,
    /// The script file where the error happened (as shown to the user).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub col: Option<usize>,
    /// What went wrong.
    pub message: String,
    /// A limit was hit (endless loop, runaway recursion, data too large): the rule is not run
    /// again for the other children.
    pub limit: bool,
    /// The limit hit is the rule's budget over the whole evaluation
    /// ([`budget::RULE_OPERATIONS`], [`budget::RULE_SECONDS`]), not one call's: the child it
    /// ran out at depends on thread timing.
    pub total: bool,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let (Some(l), Some(c)) = (self.line, self.col) {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": in `{}`: {}", self.function, self.message)
    }
}

impl Scripts {
    /// Reads and compiles every `scripts/*.rhai` of `dir` (in file-name order), refusing two
    /// files that define the same function name and arity. Files are named relative to the
    /// package (`scripts/x.rhai`). Returns `None` when the package has no scripts.
    ///
    /// # Errors
    /// One diagnostic per file that does not compile (its first syntax error, with the line
    /// and a caret), per unreadable file and per duplicate function.
    pub fn load(dir: &Path, limits: Limits) -> Result<Option<Scripts>, Vec<Diagnostic>> {
        let scripts_dir = dir.join("scripts");
        let Ok(entries) = std::fs::read_dir(&scripts_dir) else {
            return Ok(None);
        };
        let mut files: Vec<std::path::PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rhai"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Ok(None);
        }
        let engine = engine(&limits, None);
        let mut errors = Vec::new();
        let mut ast = AST::empty();
        let mut functions: BTreeMap<(String, usize), String> = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for path in &files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Named relative to the package (`scripts/points.rhai`), so messages, traces and
            // snapshots do not depend on where the package lives.
            let file = format!("scripts/{name}");
            let source = match std::fs::read(path).map(String::from_utf8) {
                Ok(Ok(s)) => s,
                Ok(Err(_)) => {
                    errors.push(
                        Diagnostic::error(&file, "", None, format!("`{file}` is not UTF-8"))
                            .with_help("save the script as UTF-8"),
                    );
                    continue;
                }
                Err(e) => {
                    errors.push(Diagnostic::error(
                        &file,
                        "",
                        None,
                        format!("cannot read `{file}`: {e}"),
                    ));
                    continue;
                }
            };
            let source = source
                .strip_prefix('\u{feff}')
                .unwrap_or(&source)
                .to_owned();
            sources.insert(file.clone(), source.clone());
            match engine.compile(&source) {
                Ok(mut one) => {
                    one.set_source(file.clone());
                    for f in one.iter_functions() {
                        let key = (f.name.to_owned(), f.params.len());
                        if let Some(first) = functions.get(&key) {
                            let at =
                                crate::diagnostic::locate(&source, &[&format!("fn {}", f.name)]);
                            errors.push(
                                Diagnostic::error(
                                    &file,
                                    &source,
                                    at,
                                    format!(
                                        "function `{}` with {} parameter(s) is defined in both `{first}` and `{file}`",
                                        f.name,
                                        f.params.len()
                                    ),
                                )
                                .with_help("rename one of them: which one runs must not depend on file order"),
                            );
                        } else {
                            functions.insert(key, file.clone());
                        }
                    }
                    ast = ast.merge(&one);
                }
                Err(e) => {
                    let pos = e.position();
                    let at = pos.line().map(|l| (l, pos.position().unwrap_or(1), 1));
                    errors.push(
                        Diagnostic::error(
                            &file,
                            &source,
                            at,
                            format!(
                                "script does not compile: {}",
                                lower_first(&e.err_type().to_string())
                            ),
                        )
                        .with_help("fix the script; the parser stops at its first error"),
                    );
                }
            }
        }
        if errors.is_empty() {
            Ok(Some(Scripts {
                ast,
                functions,
                sources,
                limits,
            }))
        } else {
            Err(errors)
        }
    }

    /// The text of a script file (as named in messages).
    pub fn source(&self, file: &str) -> &str {
        self.sources.get(file).map_or("", String::as_str)
    }

    /// A script error as a diagnostic with the script's source line and a caret.
    pub fn diagnostic(&self, e: &ScriptError) -> Diagnostic {
        let at = e.line.map(|l| (l, e.col.unwrap_or(1), 1));
        let file = if e.file.is_empty() {
            "scripts"
        } else {
            e.file.as_str()
        };
        Diagnostic::error(
            file,
            self.source(&e.file),
            at,
            format!("in `{}`: {}", e.function, e.message),
        )
    }

    /// Where `function` is defined in `file`: the line and column of its `fn`. Used for an
    /// error Rhai gives no position for (a limit hit, a wrong return type), so that every
    /// script error still points into the script.
    pub fn definition(&self, file: &str, function: &str) -> Option<(usize, usize)> {
        definition(self.sources.get(file)?, function)
    }

    /// The file defining `function` with `arity` parameters, if any.
    pub fn file_of(&self, function: &str, arity: usize) -> Option<&str> {
        self.functions
            .get(&(function.to_owned(), arity))
            .map(String::as_str)
    }

    /// Checks that a hook function exists with the right arity, and dry-runs it on a sample
    /// value so that a misspelled property or a wrong return type fails the load.
    ///
    /// # Errors
    /// A message (the caller positions it in `plan.ron`) or a [`ScriptError`] positioned in
    /// the script.
    pub fn check_hook(&self, function: &str, hook: Hook) -> Result<(), HookProblem> {
        if self.file_of(function, hook.arity()).is_none() {
            let other: Vec<String> = self
                .functions
                .keys()
                .filter(|(n, _)| n == function)
                .map(|(_, a)| a.to_string())
                .collect();
            return Err(HookProblem::Missing(if other.is_empty() {
                let names: Vec<&str> = self
                    .functions
                    .keys()
                    .filter(|(_, a)| *a == hook.arity())
                    .map(|(n, _)| n.as_str())
                    .collect();
                format!(
                    "no script defines `{function}`{}",
                    did_you_mean(function, &names)
                )
            } else {
                format!(
                    "`{function}` takes {} parameter(s), but this hook calls it with {}",
                    other.join(" or "),
                    hook.arity()
                )
            }));
        }
        let runner = Runner::new(self);
        let student = Arc::new(ScriptStudent::sample());
        let (contact, window) = (
            Arc::new(ScriptContact::sample()),
            Arc::new(ScriptWindow::sample()),
        );
        let result = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn_scoped(s, || match hook {
                    Hook::Coverage | Hook::Counts | Hook::Trigger => runner
                        .call_bool(function, hook, &student, &contact, &window)
                        .map(|_| ()),
                    Hook::Points => runner.call_int(function, &student).map(|_| ()),
                    Hook::Prize => runner.call_prize(function, &student, 100).map(|_| ()),
                })
                .map_err(|e| ScriptError {
                    function: function.to_owned(),
                    file: String::new(),
                    line: None,
                    col: None,
                    message: format!("cannot start a thread for the script: {e}"),
                    limit: true,
                    total: false,
                })
                .and_then(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(ScriptError {
                            function: function.to_owned(),
                            file: String::new(),
                            line: None,
                            col: None,
                            message: "the script crashed its thread".to_owned(),
                            limit: true,
                            total: false,
                        })
                    })
                })
        });
        result.map_err(HookProblem::DryRun)
    }
}

/// Why a hook cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookProblem {
    /// The function is missing or has another arity.
    Missing(String),
    /// The dry run on a sample value failed.
    DryRun(ScriptError),
}

/// The line and column (1-based, in characters) of the `fn` that defines `function` in
/// `source` (`fn name(`, `private fn name (` …), skipping comments only as far as a line that
/// starts with `//`.
fn definition(source: &str, function: &str) -> Option<(usize, usize)> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    for (i, line) in source.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut from = 0;
        while let Some(at) = line
            .get(from..)
            .and_then(|r| r.find("fn"))
            .map(|a| a + from)
        {
            from = at + 2;
            if line[..at].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            let rest = &line[at + 2..];
            let name = rest.trim_start();
            if name.len() == rest.len() {
                continue; // `fnx`: not the keyword
            }
            let Some(after) = name.strip_prefix(function) else {
                continue;
            };
            if after.trim_start().starts_with('(') {
                return Some((i + 1, line[..at].chars().count() + 1));
            }
        }
    }
    None
}

/// Rhai's "Unknown property 'x' - a getter is not registered for type 'Student'" in plain
/// words, with the nearest property the type has.
fn unknown_property(m: &str) -> String {
    let quoted: Vec<&str> = m.split('\'').skip(1).step_by(2).collect();
    let (Some(prop), Some(ty)) = (quoted.first(), quoted.last()) else {
        return lower_first(m);
    };
    let known = match *ty {
        "Student" => types::STUDENT_PROPERTIES,
        "Contact" => types::CONTACT_PROPERTIES,
        "Window" => types::WINDOW_PROPERTIES,
        _ => &[],
    };
    let hint = did_you_mean(prop, known);
    if hint.is_empty() && !known.is_empty() {
        format!(
            "a {ty} has no property `{prop}`; its properties are {}",
            known.join(", ")
        )
    } else {
        format!("a {ty} has no property `{prop}`{hint}")
    }
}

/// `; did you mean `x`?` for the nearest of `known` to `name`, or nothing.
fn did_you_mean(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_default()
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Runs hooks: one engine per runner (one per evaluation thread), the package's AST shared.
pub struct Runner<'a> {
    scripts: &'a Scripts,
    engine: Engine,
    out: Output,
    meter: Arc<budget::Meter>,
}

/// What a script printed during one call.
pub type Printed = Vec<String>;

/// Lines of `print`/`debug` output kept per call in the trace.
pub const MAX_PRINTED_LINES: usize = 20;

/// Characters kept of one printed line.
pub const MAX_PRINTED_CHARS: usize = 200;

impl<'a> Runner<'a> {
    /// A runner with its own sandboxed engine.
    pub fn new(scripts: &'a Scripts) -> Self {
        let out: Output = Arc::default();
        let meter = Arc::new(budget::Meter::default());
        Runner {
            engine: metered_engine(&scripts.limits, Some(out.clone()), Some(Arc::clone(&meter))),
            scripts,
            out,
            meter,
        }
    }

    /// The rule budget the next calls are charged to (`None`: none, as in the dry run).
    pub fn charge_to(&self, budget: Option<Arc<budget::RuleBudget>>) {
        self.meter.charge_to(budget);
    }

    /// The file defining `function` with `arity` parameters (empty when unknown).
    pub fn file_of(&self, function: &str, arity: usize) -> String {
        self.scripts
            .file_of(function, arity)
            .unwrap_or_default()
            .to_owned()
    }

    /// What the last call printed, at most [`MAX_PRINTED_LINES`] lines of at most
    /// [`MAX_PRINTED_CHARS`] characters: a `print` in a loop must not fill every child's trace.
    fn take_printed(&self) -> Printed {
        let mut lines = self
            .out
            .lock()
            .map(|mut o| std::mem::take(&mut *o))
            .unwrap_or_default();
        for line in &mut lines {
            if line.chars().count() > MAX_PRINTED_CHARS {
                *line = line.chars().take(MAX_PRINTED_CHARS).collect::<String>() + "…";
            }
        }
        if lines.len() > MAX_PRINTED_LINES {
            let more = lines.len() - MAX_PRINTED_LINES;
            lines.truncate(MAX_PRINTED_LINES);
            lines.push(format!("… and {more} more printed lines"));
        }
        lines
    }

    fn call(&self, function: &str, args: Vec<Dynamic>) -> Result<Dynamic, ScriptError> {
        let mut scope = rhai::Scope::new();
        let arity = args.len();
        self.meter.begin();
        let result = self
            .engine
            .call_fn::<Dynamic>(&mut scope, &self.scripts.ast, function, args);
        let used_up = self.meter.end();
        match (result, used_up) {
            (Err(e), _) => Err(self.error(function, arity, &e)),
            // The call finished, but with it the rule went past its budget.
            (Ok(_), Some(stop)) => Err(self.stopped(function, arity, stop)),
            (Ok(v), None) => Ok(v),
        }
    }

    /// A call stopped by the rule's budget or its heap ceiling, positioned at the function's
    /// definition (where in the function the check fell depends on timing).
    fn stopped(&self, function: &str, arity: usize, stop: budget::Stop) -> ScriptError {
        ScriptError {
            limit: true,
            total: stop.is_total(),
            ..self.bad_result(function, arity, stop.message())
        }
    }

    /// Maps a Rhai error to a [`ScriptError`] at the innermost position, in plain words.
    fn error(&self, function: &str, arity: usize, e: &EvalAltResult) -> ScriptError {
        let mut inner = e;
        while let EvalAltResult::ErrorInFunctionCall(_, _, next, _) = inner {
            inner = next;
        }
        if let EvalAltResult::ErrorTerminated(token, _) = inner
            && let Some(stop) = budget::Stop::of_token(token)
        {
            return self.stopped(function, arity, stop);
        }
        let mut inner = e;
        let mut in_fn = function.to_owned();
        let mut in_arity = arity;
        let mut pos = e.position();
        while let EvalAltResult::ErrorInFunctionCall(name, _, next, p) = inner {
            in_fn = name.clone();
            in_arity = usize::MAX;
            if !p.is_none() {
                pos = *p;
            }
            inner = next;
        }
        if !inner.position().is_none() {
            pos = inner.position();
        }
        let file = if in_arity == usize::MAX {
            self.scripts
                .functions
                .iter()
                .find(|((n, _), _)| *n == in_fn)
                .map(|(_, f)| f.clone())
        } else {
            self.scripts.file_of(&in_fn, in_arity).map(str::to_owned)
        }
        .unwrap_or_default();
        if pos.is_none() {
            // Rhai gives a limit hit no position inside the script: point at the function.
            if let Some((l, c)) = self.scripts.definition(&file, &in_fn) {
                pos = rhai::Position::new(
                    u16::try_from(l).unwrap_or(u16::MAX),
                    u16::try_from(c).unwrap_or(u16::MAX),
                );
            }
        }
        let l = &self.scripts.limits;
        let (message, limit) = match inner {
            EvalAltResult::ErrorTooManyOperations(_) => (
                format!(
                    "the script ran more than {} operations: an endless loop?",
                    l.max_operations
                ),
                true,
            ),
            EvalAltResult::ErrorStackOverflow(_) => (
                format!(
                    "functions called each other more than {} deep: endless recursion?",
                    l.max_call_levels
                ),
                true,
            ),
            EvalAltResult::ErrorDataTooLarge(what, _) => (
                format!(
                    "{} grew past its limit (strings {} bytes, arrays {}, maps {})",
                    what.to_lowercase(),
                    l.max_string_size,
                    l.max_array_size,
                    l.max_map_size
                ),
                true,
            ),
            EvalAltResult::ErrorArithmetic(m, _) => {
                (format!("arithmetic error: {}", lower_first(m)), false)
            }
            EvalAltResult::ErrorRuntime(v, _) => (v.to_string(), false),
            EvalAltResult::ErrorDotExpr(m, _) if m.starts_with("Unknown property '") => {
                (unknown_property(m), false)
            }
            EvalAltResult::ErrorFunctionNotFound(sig, _) => (
                format!(
                    "function not found: {sig}{}",
                    did_you_mean(sig.split(' ').next().unwrap_or_default(), types::FUNCTIONS)
                ),
                false,
            ),
            other => (
                lower_first(&other.to_string())
                    .split(" (line")
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                false,
            ),
        };
        ScriptError {
            function: function.to_owned(),
            file,
            line: pos.line(),
            col: pos.position(),
            message,
            limit,
            total: false,
        }
    }

    fn wrong_type(
        &self,
        function: &str,
        arity: usize,
        expected: &str,
        got: &Dynamic,
    ) -> ScriptError {
        self.bad_result(
            function,
            arity,
            format!("returned {} `{got}`, expected {expected}", got.type_name()),
        )
    }

    /// A result the hook cannot use, positioned at the function's definition.
    fn bad_result(&self, function: &str, arity: usize, message: String) -> ScriptError {
        let file = self
            .scripts
            .file_of(function, arity)
            .unwrap_or_default()
            .to_owned();
        let at = self.scripts.definition(&file, function);
        ScriptError {
            function: function.to_owned(),
            file,
            line: at.map(|a| a.0),
            col: at.map(|a| a.1),
            message,
            limit: false,
            total: false,
        }
    }

    /// Calls a coverage (`Hook::Coverage`) or contact (`Hook::Counts`) hook.
    ///
    /// # Errors
    /// [`ScriptError`] when the script fails or returns something other than a bool.
    pub fn call_bool(
        &self,
        function: &str,
        hook: Hook,
        student: &Arc<ScriptStudent>,
        contact: &Arc<ScriptContact>,
        window: &Arc<ScriptWindow>,
    ) -> Result<(bool, Printed), ScriptError> {
        let args = match hook {
            Hook::Counts => vec![
                Dynamic::from(Arc::clone(contact)),
                Dynamic::from(Arc::clone(student)),
                Dynamic::from(Arc::clone(window)),
            ],
            _ => vec![Dynamic::from(Arc::clone(student))],
        };
        let arity = args.len();
        let v = self.call(function, args);
        let printed = self.take_printed();
        let v = v?;
        v.as_bool()
            .map(|b| (b, printed))
            .map_err(|_| self.wrong_type(function, arity, "true or false", &v))
    }

    /// Calls a points hook: whole points.
    ///
    /// # Errors
    /// [`ScriptError`] when the script fails or returns something other than an integer.
    pub fn call_int(
        &self,
        function: &str,
        student: &Arc<ScriptStudent>,
    ) -> Result<(i64, Printed), ScriptError> {
        let v = self.call(function, vec![Dynamic::from(Arc::clone(student))]);
        let printed = self.take_printed();
        let v = v?;
        let points = v
            .as_int()
            .map_err(|_| self.wrong_type(function, 1, "a whole number of points", &v))?;
        // The same ceiling as a declarative rule's, so that no sum of points or pay can
        // overflow.
        if !(0..=crate::policy::MAX_POINTS).contains(&points) {
            return Err(self.bad_result(
                function,
                1,
                format!(
                    "points out of range: a rule gives 0 to {} points, this call returned `{points}`",
                    crate::policy::MAX_POINTS
                ),
            ));
        }
        Ok((points, printed))
    }

    /// Calls a prize hook: `true` wins `amount_fen`, an integer is the amount in fen (0 or
    /// less: not won).
    ///
    /// # Errors
    /// [`ScriptError`] when the script fails or returns neither a bool nor an integer.
    pub fn call_prize(
        &self,
        function: &str,
        student: &Arc<ScriptStudent>,
        amount_fen: i64,
    ) -> Result<(Option<i64>, Printed), ScriptError> {
        let v = self.call(function, vec![Dynamic::from(Arc::clone(student))]);
        let printed = self.take_printed();
        let v = v?;
        if let Ok(b) = v.as_bool() {
            return Ok((b.then_some(amount_fen), printed));
        }
        let fen = v
            .as_int()
            .map_err(|_| self.wrong_type(function, 1, "true/false or an amount in fen", &v))?;
        // The same ceiling as a declarative tier's `amount_fen`.
        if fen > crate::policy::MAX_FEN {
            return Err(self.bad_result(
                function,
                1,
                format!(
                    "prize out of range: at most {} fen (100,000 yuan), this call returned `{fen}`",
                    crate::policy::MAX_FEN
                ),
            ));
        }
        Ok(((fen > 0).then_some(fen), printed))
    }
}
