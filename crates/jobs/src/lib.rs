//! The durable job queue — aftercare's outbox.
//!
//! - [`queue`]: the SQL. [`enqueue`] runs inside the caller's transaction, so a job exists if and
//!   only if the state change that caused it committed. A dedupe key makes a second enqueue a no-op.
//! - [`runner`]: workers claim due jobs with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL; the
//!   single writer on SQLite), run them outside any transaction, heartbeat the lease, and finish
//!   them fenced by the lease token. Failures back off exponentially with jitter, then go `dead`.
//!   A job whose worker died is claimed again when its lease runs out.
//! - [`group`]: on SQLite the runner's writes (claims, outcomes, and a handler's own records) are
//!   group-committed: one transaction and one disk sync for whatever is waiting.

pub mod group;
pub mod queue;
pub mod runner;

pub use group::GroupWriter;
pub use queue::{Job, JobInfo, JobState, NewJob, enqueue};
pub use runner::{Handler, JobError, Registry, Runner, RunnerConfig, RunnerHandle, Stats};
