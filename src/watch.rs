//! Hot reload: a [`Reloader`] re-reads a policy package and a records directory when their
//! files change, and serves the last good evaluation behind an atomic swap.
//!
//! The model is `minijinja-autoreload`'s: a change is only noticed, then the package is
//! rebuilt and validated, and only a rebuild that loads *and* evaluates replaces what is
//! served (an `Arc` swapped under a lock held for a pointer copy). A failed rebuild keeps the
//! previous policy, records and decision, and keeps its own errors so the host can show them.
//!
//! [`Reloader::watch`] watches the two *directories* (a watch on a single file dies after the
//! first write-temp-then-rename or delete-and-recreate save) and applies a quiet-period rule:
//! a side (policy or records) is read only once no event touched it for the debounce period
//! and the size and modification time of each of its files have not changed for that period
//! either. So each save — in-place write, write-temp-then-rename, delete and recreate, a file
//! added, a file removed — gives exactly one reload, and a file caught half-written is never
//! read. A policy edit re-reads only the policy, a records edit only the records.

use crate::diff::{DecisionDiff, diff};
use crate::eval::{Decision, EvalError, EvalOptions};
use crate::pipeline::{PipelineError, Request};
use crate::policy::{Draft, Policy, PolicyError};
use crate::privacy::Masker;
use crate::records::{Finding, LoadError, Records};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

/// Which inputs to re-read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Changed {
    /// The policy package (`plan.ron` and any script of the package).
    pub policy: bool,
    /// The records directory.
    pub records: bool,
}

impl Changed {
    /// Both inputs.
    pub const ALL: Changed = Changed {
        policy: true,
        records: true,
    };
    /// The policy package only.
    pub const POLICY: Changed = Changed {
        policy: true,
        records: false,
    };
    /// The records directory only.
    pub const RECORDS: Changed = Changed {
        policy: false,
        records: true,
    };

    /// Whether anything is to be re-read.
    pub fn any(self) -> bool {
        self.policy || self.records
    }
}

impl std::ops::BitOr for Changed {
    type Output = Changed;
    fn bitor(self, o: Changed) -> Changed {
        Changed {
            policy: self.policy || o.policy,
            records: self.records || o.records,
        }
    }
}

impl std::ops::BitOrAssign for Changed {
    fn bitor_assign(&mut self, o: Changed) {
        *self = *self | o;
    }
}

/// What a [`Reloader`] serves: the last policy and records that loaded and evaluated, and
/// their decision.
#[derive(Debug)]
pub struct Current {
    /// The reload that produced it (0 = the first).
    pub reload: u64,
    /// The policy file as read (what a what-if edits, and the parameters it lists).
    pub draft: Arc<Draft>,
    /// The policy.
    pub policy: Arc<Policy>,
    /// The records.
    pub records: Arc<Records>,
    /// The decision made from them.
    pub decision: Arc<Decision>,
    /// Masks personal data in what is shown of them (as every command's output).
    pub masker: Arc<Masker>,
}

/// Why a reload was not swapped in. Each field holds the problem of one input that does not
/// load as it is on disk now (the policy's may come from an earlier save that no later save
/// of the policy has fixed).
#[derive(Debug, Clone, Default)]
pub struct ReloadError {
    /// The policy package does not load: its diagnostics, as `careplan check` shows them.
    pub policy: Option<PolicyError>,
    /// The records directory does not load (a missing required file or column …).
    pub records: Option<LoadError>,
    /// The request is strict and the records have these error findings.
    pub strict: Vec<Finding>,
    /// Both loaded but there is nothing to evaluate (no academic year …).
    pub eval: Option<EvalError>,
}

impl std::fmt::Display for ReloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(e) = &self.policy {
            write!(f, "{e}")?;
        }
        if let Some(e) = &self.records {
            writeln!(f, "{e}")?;
        }
        if !self.strict.is_empty() {
            write!(f, "{}", PipelineError::Strict(self.strict.clone()))?;
        }
        if let Some(e) = &self.eval {
            writeln!(f, "error: {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReloadError {}

/// The result of one reload.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Everything loaded and evaluated; now served.
    Loaded {
        /// What is now served.
        current: Arc<Current>,
        /// What changed since the previously served decision (`None` for the first).
        changed: Option<DecisionDiff>,
    },
    /// Something did not load; the previous state is still served.
    Failed {
        /// What is wrong.
        error: ReloadError,
        /// What is still served (`None` when nothing has loaded yet).
        serving: Option<Arc<Current>>,
    },
}

/// One reload: its number, what it re-read, and its outcome.
#[derive(Debug, Clone)]
pub struct Reload {
    /// 0 for the first reload of a [`Reloader`], then 1, 2, …
    pub number: u64,
    /// The inputs re-read from disk.
    pub read: Changed,
    /// The files whose changes caused it, as paths under the directories given to
    /// [`Reloader::new`] (empty for a reload not caused by a watch).
    pub files: Vec<PathBuf>,
    /// Time spent reading, validating, evaluating and comparing.
    pub took: Duration,
    /// Loaded or failed.
    pub outcome: Outcome,
}

impl Reload {
    /// Whether the reload was swapped in.
    pub fn is_ok(&self) -> bool {
        matches!(self.outcome, Outcome::Loaded { .. })
    }
}

#[derive(Default)]
struct Inputs {
    next: u64,
    policy: Option<(Arc<Draft>, Arc<Policy>)>,
    policy_error: Option<PolicyError>,
    records: Option<Arc<Records>>,
    records_error: Option<LoadError>,
    strict: Vec<Finding>,
}

/// A problem of the request that is not the policy file's own (an edit that does not apply),
/// shown as the policy's diagnostic.
fn as_policy_error(request: &Request, e: &PipelineError) -> PolicyError {
    let file = crate::paths::shown(&request.policy_dir.join("plan.ron"));
    PolicyError {
        diagnostics: vec![crate::diagnostic::Diagnostic::error(
            &file,
            "",
            None,
            e.to_string().trim_end().to_owned(),
        )],
    }
}

/// Holds the current policy, records and decision for a policy package and a records
/// directory, and rebuilds them on request ([`Reloader::reload`]) or when files change
/// ([`Reloader::watch`]). Any thread may read what is served ([`Reloader::current`],
/// [`Reloader::policy`]) while a reload runs: readers copy an `Arc` and never wait for a
/// reload, and never see a half-built state.
pub struct Reloader {
    request: Request,
    current: RwLock<Option<Arc<Current>>>,
    error: RwLock<Option<Arc<ReloadError>>>,
    inputs: Mutex<Inputs>,
}

impl std::fmt::Debug for Reloader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reloader")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl Reloader {
    /// A reloader for the policy package in `policy_dir` and the records in `records_dir`,
    /// evaluating with `options` and reading records with the default options. Nothing is
    /// read until the first reload.
    pub fn new(
        policy_dir: impl Into<PathBuf>,
        records_dir: impl Into<PathBuf>,
        options: EvalOptions,
    ) -> Self {
        let mut request = Request::new(policy_dir, records_dir, options.as_of);
        request.eval = options;
        Self::with_request(request)
    }

    /// A reloader for a [`Request`]: the same reading, privacy and evaluation options as
    /// every command.
    pub fn with_request(request: Request) -> Self {
        Reloader {
            request,
            current: RwLock::new(None),
            error: RwLock::new(None),
            inputs: Mutex::new(Inputs::default()),
        }
    }

    /// The policy package directory.
    pub fn policy_dir(&self) -> &Path {
        &self.request.policy_dir
    }

    /// The records directory.
    pub fn records_dir(&self) -> &Path {
        &self.request.records_dir
    }

    /// What is served now: the last good policy, records and decision (`None` until a reload
    /// has succeeded).
    pub fn current(&self) -> Option<Arc<Current>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The policy served now.
    pub fn policy(&self) -> Option<Arc<Policy>> {
        self.current().map(|c| Arc::clone(&c.policy))
    }

    /// Why the files on disk are not what is served: the error of the latest reload when it
    /// failed (`None` when it succeeded or none has run). Like [`Reloader::current`], never
    /// waits for a reload in progress.
    pub fn error(&self) -> Option<Arc<ReloadError>> {
        self.error
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Re-reads what `changed` names (and, the first time, everything), validates, evaluates
    /// and, when all of it succeeds, serves the result. Reloads are serialised.
    pub fn reload(&self, changed: Changed) -> Reload {
        self.reload_files(changed, Vec::new())
    }

    fn reload_files(&self, changed: Changed, files: Vec<PathBuf>) -> Reload {
        let started = Instant::now();
        let mut inputs = self.inputs.lock().unwrap_or_else(PoisonError::into_inner);
        let number = inputs.next;
        inputs.next += 1;
        let read = Changed {
            policy: changed.policy || (inputs.policy.is_none() && inputs.policy_error.is_none()),
            records: changed.records
                || (inputs.records.is_none() && inputs.records_error.is_none()),
        };
        if read.policy {
            match self.request.read_policy() {
                Ok((draft, policy)) => {
                    inputs.policy = Some((Arc::new(draft), Arc::new(policy)));
                    inputs.policy_error = None;
                }
                Err(PipelineError::Policy(e)) => inputs.policy_error = Some(e),
                Err(e) => inputs.policy_error = Some(as_policy_error(&self.request, &e)),
            }
        }
        if read.records {
            inputs.strict.clear();
            match self.request.load_records(&|_, _| {}) {
                Ok(r) => {
                    inputs.records = Some(Arc::new(r));
                    inputs.records_error = None;
                }
                Err(PipelineError::Strict(findings)) => {
                    inputs.records = None;
                    inputs.records_error = None;
                    inputs.strict = findings;
                }
                Err(PipelineError::Records(e)) => inputs.records_error = Some(e),
                Err(e) => {
                    inputs.records_error = Some(LoadError {
                        problems: vec![Finding::error("", None, None, e.to_string())],
                    })
                }
            }
        }
        let previous = self.current();
        let mut error = ReloadError {
            policy: inputs.policy_error.clone(),
            records: inputs.records_error.clone(),
            strict: inputs.strict.clone(),
            eval: None,
        };
        let outcome = match (&inputs.policy, &inputs.records) {
            (Some((draft, policy)), Some(records))
                if error.policy.is_none() && error.records.is_none() =>
            {
                match self.request.decide(draft, policy, records) {
                    Ok(decision) => {
                        let changed = previous.as_ref().map(|p| diff(&p.decision, &decision));
                        let current = Arc::new(Current {
                            reload: number,
                            draft: Arc::clone(draft),
                            policy: Arc::clone(policy),
                            records: Arc::clone(records),
                            decision: Arc::new(decision),
                            masker: Arc::new(self.request.masker(records)),
                        });
                        *self.current.write().unwrap_or_else(PoisonError::into_inner) =
                            Some(Arc::clone(&current));
                        Outcome::Loaded { current, changed }
                    }
                    Err(PipelineError::Eval(e)) => {
                        error.eval = Some(e);
                        Outcome::Failed {
                            error,
                            serving: previous,
                        }
                    }
                    Err(e) => {
                        error.policy = Some(as_policy_error(&self.request, &e));
                        Outcome::Failed {
                            error,
                            serving: previous,
                        }
                    }
                }
            }
            _ => Outcome::Failed {
                error,
                serving: previous,
            },
        };
        *self.error.write().unwrap_or_else(PoisonError::into_inner) = match &outcome {
            Outcome::Loaded { .. } => None,
            Outcome::Failed { error, .. } => Some(Arc::new(error.clone())),
        };
        Reload {
            number,
            read,
            files,
            took: started.elapsed(),
            outcome,
        }
    }

    /// Starts watching both directories and returns the running [`Watch`]; its first reload
    /// (reads everything) is made after the watches are in place, so no save is missed.
    /// Every later reload follows a save, once the changed side has been quiet for `debounce`
    /// (see the module documentation). Dropping the [`Watch`] stops it.
    ///
    /// # Errors
    /// [`WatchError`] when a directory does not exist or cannot be watched.
    pub fn watch(self: Arc<Self>, debounce: Duration) -> Result<Watch, WatchError> {
        let canon = |dir: &Path| {
            std::fs::canonicalize(dir).map_err(|e| WatchError {
                path: dir.to_owned(),
                message: e.to_string(),
            })
        };
        let dirs = Dirs {
            policy: canon(&self.request.policy_dir)?,
            records: canon(&self.request.records_dir)?,
            policy_shown: self.request.policy_dir.clone(),
            records_shown: self.request.records_dir.clone(),
        };
        let (tx, rx) = mpsc::channel::<Msg>();
        let fs_tx = tx.clone();
        let mut watcher = notify::recommended_watcher(move |res| {
            let _ = fs_tx.send(Msg::Fs(res));
        })
        .map_err(|e| WatchError {
            path: self.request.policy_dir.clone(),
            message: e.to_string(),
        })?;
        let watch = |w: &mut notify::RecommendedWatcher, dir: &Path, shown: &Path, mode| {
            w.watch(dir, mode).map_err(|e| WatchError {
                path: shown.to_owned(),
                message: e.to_string(),
            })
        };
        // The records directory is read without descending; the policy package may hold
        // scripts in subdirectories. A records directory inside the package is covered.
        if !dirs.records.starts_with(&dirs.policy) {
            watch(
                &mut watcher,
                &dirs.records,
                &self.request.records_dir,
                RecursiveMode::NonRecursive,
            )?;
        }
        watch(
            &mut watcher,
            &dirs.policy,
            &self.request.policy_dir,
            RecursiveMode::Recursive,
        )?;
        let (out_tx, out_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("careplan-watch".into())
            .spawn(move || run(&self, &rx, &out_tx, &dirs, debounce))
            .map_err(|e| WatchError {
                path: PathBuf::new(),
                message: e.to_string(),
            })?;
        Ok(Watch {
            reloads: out_rx,
            stop: tx,
            watcher: Some(watcher),
            thread: Some(thread),
        })
    }
}

/// A directory could not be watched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchError {
    /// The directory, as given.
    pub path: PathBuf,
    /// Why.
    pub message: String,
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot watch `{}`: {}",
            crate::paths::shown(&self.path),
            self.message
        )
    }
}

impl std::error::Error for WatchError {}

/// A running watch (see [`Reloader::watch`]): yields one [`Reload`] per save. Dropping it
/// stops the watch.
pub struct Watch {
    reloads: Receiver<Reload>,
    stop: Sender<Msg>,
    watcher: Option<notify::RecommendedWatcher>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch").finish_non_exhaustive()
    }
}

impl Watch {
    /// Waits for the next reload; `None` once the watch has stopped.
    pub fn recv(&self) -> Option<Reload> {
        self.reloads.recv().ok()
    }

    /// Waits at most `timeout` for the next reload.
    ///
    /// # Errors
    /// [`RecvTimeoutError::Timeout`] when none came in time; `Disconnected` when the watch
    /// has stopped.
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Reload, RecvTimeoutError> {
        self.reloads.recv_timeout(timeout)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        drop(self.watcher.take());
        let _ = self.stop.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// The two watched directories, canonical (as events name them) and as given (to show).
struct Dirs {
    policy: PathBuf,
    records: PathBuf,
    policy_shown: PathBuf,
    records_shown: PathBuf,
}

impl Dirs {
    /// Which side a path touches, and the path to show for it.
    fn classify(&self, path: &Path) -> (Changed, Option<PathBuf>) {
        let mut changed = Changed::default();
        let mut shown = None;
        if let Ok(rel) = path.strip_prefix(&self.policy)
            && is_input(Side::Policy, rel)
        {
            changed.policy = true;
            shown = Some(self.policy_shown.join(rel));
        }
        if let Ok(rel) = path.strip_prefix(&self.records)
            && is_input(Side::Records, rel)
        {
            changed.records = true;
            shown = Some(self.records_shown.join(rel));
        }
        (changed, shown)
    }

    /// Size and modification time of every input file of the sides in `changed`.
    fn fingerprint(&self, changed: Changed) -> Fingerprint {
        let mut out = BTreeMap::new();
        if changed.policy {
            collect(&self.policy, &self.policy, Side::Policy, true, &mut out);
        }
        if changed.records {
            collect(&self.records, &self.records, Side::Records, false, &mut out);
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Policy,
    Records,
}

/// Whether a file (relative to its side's directory) is one the loaders read or may read:
/// `.ron` and `.rhai` in a policy package; `.csv`, `.xlsx`, `.xls` and `.ron` (a schema) in
/// a records directory. Editors' temporary and backup files (`.plan.ron.swp`, `plan.ron~`,
/// `plan.ron.tmp`, `4913`, `plan.ron___jb_tmp___`, `~$students.xlsx`) and anything under a
/// hidden directory are not.
fn is_input(side: Side, rel: &Path) -> bool {
    let hidden = rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('.') || s.starts_with("~$")
    });
    if hidden || rel.as_os_str().is_empty() {
        return false;
    }
    let Some(ext) = rel
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
    else {
        return false;
    };
    match side {
        Side::Policy => matches!(ext.as_str(), "ron" | "rhai"),
        Side::Records => matches!(ext.as_str(), "csv" | "xlsx" | "xls" | "ron"),
    }
}

type Fingerprint = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

fn collect(root: &Path, dir: &Path, side: Side, recursive: bool, out: &mut Fingerprint) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if meta.is_dir() {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if recursive && !hidden {
                collect(root, &path, side, recursive, out);
            }
        } else if is_input(side, rel) {
            out.insert(path.clone(), (meta.len(), meta.modified().ok()));
        }
    }
}

/// How long until every file of `snap` was last modified at least `quiet` ago
/// (`Duration::ZERO` when that is so already; `None` when a time is unknown or in the future).
fn until_old(snap: &Fingerprint, wall: SystemTime, quiet: Duration) -> Option<Duration> {
    let mut wait = Duration::ZERO;
    for (_, mtime) in snap.values() {
        let age = wall.duration_since((*mtime)?).ok()?;
        wait = wait.max(quiet.saturating_sub(age));
    }
    Some(wait)
}

/// The quiet-period rule, once no event has come for the debounce period: the files may be
/// read when each was last modified at least `quiet` ago, or when a snapshot taken at least
/// `quiet` ago is identical (for file systems whose times cannot be trusted).
fn settled(
    seen: Option<&(Instant, Fingerprint)>,
    now: Instant,
    snap: &Fingerprint,
    wall: SystemTime,
    quiet: Duration,
) -> bool {
    until_old(snap, wall, quiet) == Some(Duration::ZERO)
        || seen.is_some_and(|(t, prev)| prev == snap && now.duration_since(*t) >= quiet)
}

#[derive(Default)]
struct Pending {
    changed: Changed,
    files: BTreeSet<PathBuf>,
    due: Option<Instant>,
    seen: Option<(Instant, Fingerprint)>,
}

/// The watch thread: the first reload, then one reload per quiet save.
fn run(
    reloader: &Reloader,
    rx: &Receiver<Msg>,
    out: &Sender<Reload>,
    dirs: &Dirs,
    quiet: Duration,
) {
    if out.send(reloader.reload(Changed::ALL)).is_err() {
        return;
    }
    let mut pending: Option<Pending> = None;
    loop {
        let msg = match pending.as_ref().and_then(|p| p.due) {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(due) => rx.recv_timeout(due.saturating_duration_since(Instant::now())),
        };
        match msg {
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(Msg::Fs(res)) => {
                let (changed, files) = match res {
                    Ok(event) if event.need_rescan() => (Changed::ALL, Vec::new()),
                    // Reading a file (our own loads too) is no change.
                    Ok(event) if matches!(event.kind, EventKind::Access(_)) => continue,
                    Ok(event) => {
                        let mut changed = Changed::default();
                        let mut files = Vec::new();
                        for path in &event.paths {
                            let (c, shown) = dirs.classify(path);
                            changed |= c;
                            files.extend(shown);
                        }
                        (changed, files)
                    }
                    // Events may have been lost: re-read everything.
                    Err(_) => (Changed::ALL, Vec::new()),
                };
                if changed.any() {
                    let p = pending.get_or_insert_with(Pending::default);
                    p.changed |= changed;
                    p.files.extend(files);
                    p.due = Some(Instant::now() + quiet);
                    p.seen = None;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                let Some(p) = pending.as_mut() else { continue };
                let now = Instant::now();
                let wall = SystemTime::now();
                let snap = dirs.fingerprint(p.changed);
                if settled(p.seen.as_ref(), now, &snap, wall, quiet) {
                    let Some(p) = pending.take() else { continue };
                    let reload = reloader.reload_files(p.changed, p.files.into_iter().collect());
                    if out.send(reload).is_err() {
                        return;
                    }
                } else {
                    let wait = until_old(&snap, wall, quiet)
                        .unwrap_or(quiet)
                        .clamp(Duration::from_millis(1), quiet);
                    p.due = Some(now + wait);
                    if p.seen.as_ref().is_none_or(|(_, prev)| *prev != snap) {
                        p.seen = Some((now, snap));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_package_and_record_files_not_editor_files() {
        for name in ["plan.ron", "scripts/points.rhai", "PLAN.RON"] {
            assert!(is_input(Side::Policy, Path::new(name)), "{name}");
        }
        for name in ["students.csv", "schema.ron", "school.xlsx"] {
            assert!(is_input(Side::Records, Path::new(name)), "{name}");
        }
        for name in [
            ".plan.ron.swp",
            "plan.ron~",
            "plan.ron.tmp",
            "4913",
            "plan.ron___jb_tmp___",
            "README.md",
            ".git/x.ron",
            "scripts",
            "",
        ] {
            assert!(!is_input(Side::Policy, Path::new(name)), "{name}");
        }
        for name in [
            "~$school.xlsx",
            ".students.csv.swp",
            "README.md",
            "notes.txt",
        ] {
            assert!(!is_input(Side::Records, Path::new(name)), "{name}");
        }
    }

    fn snap(mtime: Option<SystemTime>, len: u64) -> Fingerprint {
        BTreeMap::from([(PathBuf::from("plan.ron"), (len, mtime))])
    }

    #[test]
    fn a_file_modified_within_the_quiet_period_is_not_settled() {
        let quiet = Duration::from_millis(300);
        let wall = SystemTime::now();
        let now = Instant::now();
        let fresh = snap(Some(wall - Duration::from_millis(100)), 10);
        assert!(!settled(None, now, &fresh, wall, quiet));
        assert_eq!(
            until_old(&fresh, wall, quiet),
            Some(Duration::from_millis(200))
        );
        let old = snap(Some(wall - Duration::from_millis(400)), 10);
        assert!(settled(None, now, &old, wall, quiet));
        // No files at all (the package directory emptied): nothing to wait for.
        assert!(settled(None, now, &Fingerprint::new(), wall, quiet));
    }

    #[test]
    fn untrusted_times_need_two_equal_snapshots_a_quiet_period_apart() {
        let quiet = Duration::from_millis(300);
        let wall = SystemTime::now();
        let future = snap(Some(wall + Duration::from_secs(3600)), 10);
        let t0 = Instant::now();
        assert!(!settled(None, t0, &future, wall, quiet));
        let seen = (t0, future.clone());
        assert!(!settled(Some(&seen), t0 + quiet / 2, &future, wall, quiet));
        assert!(settled(Some(&seen), t0 + quiet, &future, wall, quiet));
        // The size changed in between: not settled.
        let grown = snap(Some(wall + Duration::from_secs(3600)), 11);
        assert!(!settled(Some(&seen), t0 + quiet, &grown, wall, quiet));
        let unknown = snap(None, 10);
        assert!(!settled(None, t0, &unknown, wall, quiet));
    }
}
