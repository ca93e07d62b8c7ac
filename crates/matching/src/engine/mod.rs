//! Ranking services for a need: the index, the features, the score and the reasons.

mod lines;
mod matcher;
mod reasons;
mod score;
mod service;
mod text_index;

pub use lines::{LineError, NeedLineRecord, need_from_line, province_code, read_lines, service_from_line};
pub use matcher::{MatchError, Matcher, Ranked};
pub use reasons::Reason;
pub use score::{Fit, NeedProfile, Weights};
pub use service::{Feedback, NeedQuery, ServiceRecord};
