//! What the scripts of one rule may spend in one evaluation, in total over every child and
//! every thread: operations and time; and the memory one script call may hold.
//!
//! The per-call [`Limits`](super::Limits) alone do not bound a run: a hook that stays just
//! under its per-call operation limit, called once per contact, runs for minutes; and Rhai
//! checks the size of a map or array when it passes through a function, not when an entry is
//! assigned by index (`m[k] = s + i`), so a map of large strings can grow past every size
//! limit. So:
//!
//! - each rule has a budget of [`RULE_OPERATIONS`] operations and [`RULE_SECONDS`] seconds of
//!   script time per evaluation, shared by every thread ([`Budgets`], atomics): the call that
//!   exhausts it fails with a limit, and the rule is left out for every child;
//! - each call may run at most [`CALL_SECONDS`], and may raise the process's heap by at most
//!   [`CALL_HEAP_BYTES`], measured by the counting allocator ([`heap_bytes`]) after every
//!   operation.
//!
//! The operation budget is exact (whether a rule exceeds it does not depend on threads or
//! order); time is the backstop for operations that each cost much (sorting a long array).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Operations the scripts of one rule may run in one evaluation, over every child and thread.
pub const RULE_OPERATIONS: u64 = 50_000_000;

/// Seconds of script time one rule may use in one evaluation (summed over threads).
pub const RULE_SECONDS: u64 = 60;

/// Seconds one script call may run (a hook runs in microseconds; this stops, among others, the
/// dry run at load of a hook whose every operation is costly).
pub const CALL_SECONDS: u64 = 30;

/// Bytes of heap one script call may add to what the process held when the call began.
pub const CALL_HEAP_BYTES: usize = 256 << 20;

/// How often (in operations) a call is charged to its rule's budget and its time looked at.
pub(crate) const CHECK_EVERY: u64 = 64;

/// Why a call was stopped: the token Rhai's `on_progress` hands back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The rule's operations are used up.
    Operations,
    /// The rule's time is used up.
    Time,
    /// The call ran longer than [`CALL_SECONDS`].
    CallTime,
    /// The call holds too much memory.
    Heap,
}

impl Stop {
    pub(crate) fn token(self) -> rhai::Dynamic {
        rhai::Dynamic::from(match self {
            Stop::Operations => "careplan:operations",
            Stop::Time => "careplan:time",
            Stop::CallTime => "careplan:call-time",
            Stop::Heap => "careplan:heap",
        })
    }

    pub(crate) fn of_token(token: &rhai::Dynamic) -> Option<Stop> {
        match token.clone().into_string().ok()?.as_str() {
            "careplan:operations" => Some(Stop::Operations),
            "careplan:time" => Some(Stop::Time),
            "careplan:call-time" => Some(Stop::CallTime),
            "careplan:heap" => Some(Stop::Heap),
            _ => None,
        }
    }

    /// The message of a call stopped for this reason.
    pub(crate) fn message(self) -> String {
        match self {
            Stop::Operations => format!(
                "the rule's scripts ran more than {RULE_OPERATIONS} operations in total in this evaluation: too costly to run for every child"
            ),
            Stop::Time => format!(
                "the rule's scripts ran longer than {RULE_SECONDS} s in total in this evaluation: too costly to run for every child"
            ),
            Stop::CallTime => format!(
                "the script ran longer than {CALL_SECONDS} s for one call: an endless loop?"
            ),
            Stop::Heap => format!(
                "the script held more than {} MB of memory",
                CALL_HEAP_BYTES >> 20
            ),
        }
    }

    /// Whether the limit is the rule's, over the whole evaluation (which child it ran out at
    /// depends on thread timing), rather than one call's.
    pub(crate) fn is_total(self) -> bool {
        matches!(self, Stop::Operations | Stop::Time)
    }
}

/// What one rule has left in one evaluation.
#[derive(Debug)]
pub struct RuleBudget {
    operations_left: AtomicI64,
    nanos_used: AtomicU64,
}

impl Default for RuleBudget {
    fn default() -> Self {
        RuleBudget {
            operations_left: AtomicI64::new(i64::try_from(RULE_OPERATIONS).unwrap_or(i64::MAX)),
            nanos_used: AtomicU64::new(0),
        }
    }
}

impl RuleBudget {
    /// Takes `ops` operations; `Some` when that goes past the budget.
    fn charge(&self, ops: u64) -> Option<Stop> {
        let ops = i64::try_from(ops).unwrap_or(i64::MAX);
        let before = self.operations_left.fetch_sub(ops, Ordering::Relaxed);
        (before.saturating_sub(ops) < 0).then_some(Stop::Operations)
    }

    /// Whether `running` more time on top of what finished calls used goes past the budget.
    fn over_time(&self, running: Duration) -> Option<Stop> {
        let used = self.nanos_used.load(Ordering::Relaxed);
        let total = u128::from(used) + running.as_nanos();
        (total > u128::from(RULE_SECONDS) * 1_000_000_000).then_some(Stop::Time)
    }

    fn add_time(&self, d: Duration) {
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.nanos_used.fetch_add(nanos, Ordering::Relaxed);
    }
}

/// The budgets of every rule in one evaluation, shared by its threads.
#[derive(Debug, Default)]
pub struct Budgets(Mutex<BTreeMap<String, Arc<RuleBudget>>>);

impl Budgets {
    /// The budget of `rule` (a fresh one the first time it is asked for).
    pub fn of(&self, rule: &str) -> Arc<RuleBudget> {
        let mut map = match self.0.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(map.entry(rule.to_owned()).or_default())
    }
}

/// Bytes the process holds on its heap, when careplan's counting allocator is installed (the
/// default feature `heap-meter`), else `None` (then only Rhai's size limits hold).
pub fn heap_bytes() -> Option<usize> {
    #[cfg(feature = "heap-meter")]
    {
        Some(crate::HEAP.allocated())
    }
    #[cfg(not(feature = "heap-meter"))]
    {
        None
    }
}

/// The state of the call a runner is making, read by its engine's `on_progress`.
#[derive(Debug)]
pub(crate) struct Meter {
    call: Mutex<Call>,
    /// The operations of the call so far (written after every operation).
    ops: AtomicU64,
    /// Heap bytes at which the call is stopped.
    heap_stop: std::sync::atomic::AtomicUsize,
}

#[derive(Debug)]
struct Call {
    budget: Option<Arc<RuleBudget>>,
    started: Instant,
    charged: u64,
}

impl Default for Meter {
    fn default() -> Self {
        Meter {
            call: Mutex::new(Call {
                budget: None,
                started: Instant::now(),
                charged: 0,
            }),
            ops: AtomicU64::new(0),
            heap_stop: std::sync::atomic::AtomicUsize::new(usize::MAX),
        }
    }
}

impl Meter {
    fn call(&self) -> std::sync::MutexGuard<'_, Call> {
        match self.call.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The budget the next calls are charged to (`None`: no rule's, as in the dry run).
    pub(crate) fn charge_to(&self, budget: Option<Arc<RuleBudget>>) {
        self.call().budget = budget;
    }

    /// A call begins: its clock, its operation count and its heap ceiling start here.
    pub(crate) fn begin(&self) {
        let mut c = self.call();
        c.started = Instant::now();
        c.charged = 0;
        self.ops.store(0, Ordering::Relaxed);
        let stop = heap_bytes().map_or(usize::MAX, |b| b.saturating_add(CALL_HEAP_BYTES));
        self.heap_stop.store(stop, Ordering::Relaxed);
    }

    /// Rhai's `on_progress`: after every operation the heap, every [`CHECK_EVERY`] the
    /// rule's operations and time.
    pub(crate) fn progress(&self, ops: u64) -> Option<rhai::Dynamic> {
        self.ops.store(ops, Ordering::Relaxed);
        if heap_bytes().is_some_and(|b| b > self.heap_stop.load(Ordering::Relaxed)) {
            return Some(Stop::Heap.token());
        }
        if !ops.is_multiple_of(CHECK_EVERY) {
            return None;
        }
        self.settle(ops).map(Stop::token)
    }

    /// Charges the operations since the last charge and looks at the time.
    fn settle(&self, ops: u64) -> Option<Stop> {
        let mut c = self.call();
        let delta = ops.saturating_sub(c.charged);
        c.charged = ops;
        let elapsed = c.started.elapsed();
        if elapsed > Duration::from_secs(CALL_SECONDS) {
            return Some(Stop::CallTime);
        }
        let budget = c.budget.as_ref()?;
        budget.charge(delta).or_else(|| budget.over_time(elapsed))
    }

    /// A call ended: charges its last operations and its time; `Some` when the rule's budget
    /// is used up with them (the call then fails too, so that whether a rule goes past its
    /// budget never depends on where the checks fell).
    pub(crate) fn end(&self) -> Option<Stop> {
        self.heap_stop.store(usize::MAX, Ordering::Relaxed);
        let ops = self.ops.load(Ordering::Relaxed);
        let stop = self.settle(ops);
        let c = self.call();
        let Some(budget) = c.budget.as_ref() else {
            return stop;
        };
        let elapsed = c.started.elapsed();
        let stop = stop.or_else(|| budget.over_time(elapsed));
        budget.add_time(elapsed);
        stop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_exhausted_by_the_operation_past_it() {
        let b = RuleBudget::default();
        // RULE_OPERATIONS exactly is within the budget; one more is past it.
        assert_eq!(b.charge(RULE_OPERATIONS - 1), None);
        assert_eq!(b.charge(1), None);
        assert_eq!(b.charge(1), Some(Stop::Operations));
    }

    #[test]
    fn a_meter_charges_the_rest_of_a_call_at_its_end() {
        let m = Meter::default();
        let budget = Arc::new(RuleBudget::default());
        m.charge_to(Some(Arc::clone(&budget)));
        m.begin();
        // 300 operations: 256 of them charged at the checks (every 64th), the other 44 at the end.
        for ops in 1..=300 {
            assert!(m.progress(ops).is_none());
        }
        assert_eq!(m.end(), None);
        let left = budget.operations_left.load(Ordering::Relaxed);
        assert_eq!(left, i64::try_from(RULE_OPERATIONS).unwrap_or(0) - 300);
    }

    #[test]
    fn tokens_round_trip() {
        for s in [Stop::Operations, Stop::Time, Stop::CallTime, Stop::Heap] {
            assert_eq!(Stop::of_token(&s.token()), Some(s));
        }
        assert_eq!(Stop::of_token(&rhai::Dynamic::from("other")), None);
    }
}
