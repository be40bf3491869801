//! Small reusable widgets.

pub mod dashboard;
pub mod doc;
pub mod hint_bar;
pub mod notice;
pub mod popup;
pub mod spark;
pub mod title_bar;
pub mod too_small;
