//! Reading exercise files: RON → model (load), semantic checks (validate), and the
//! positions used to point authors at `path:line:col`.

pub mod diagnostic;
pub mod glossary;
pub mod load;
pub mod model;
pub mod positions;
pub mod quick_ron;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{LoadError, load_exercise, parse_exercise};
pub use model::Exercise;

/// Hash maps and sets keyed by author-given ids, for validation and compilation. std's
/// SipHash resists hash flooding, which a file on the author's own disk cannot use
/// against them, and it was a tenth of `check`; foldhash with a fixed seed is several
/// times faster on short ids, and keeps instruction counts repeatable.
pub type IdMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub type IdSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
