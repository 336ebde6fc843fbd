//! Queries per resource. Every function takes the shop id and filters by it — tenant isolation is
//! in the SQL, not in the callers' good intentions.

pub mod audit;
pub mod buyer;
pub mod customers;
pub mod dashboard;
pub mod inbound;
pub mod keys;
pub mod messages;
pub mod orders;
pub mod sessions;
pub mod shipments;
pub mod shops;
pub mod users;
