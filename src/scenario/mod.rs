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
