//! Who may do what (DESIGN.md §2 and §4.8): the signed-in principal with its role and
//! scope, the one policy that decides every access, sign-in names and passwords, the
//! sign-in throttle, and the personal-data notice. No I/O: the store turns a scope into a
//! query filter, the web turns a decision into a response.

mod account;
mod credentials;
mod policy;
mod throttle;
mod workflow_policy;

pub use account::{AccountDraft, NewAccount, PRIVACY_NOTICE_VERSION, SignUp, SignUpDraft};
pub use credentials::{SignInName, check_new_password};
pub use policy::{EnterpriseFacts, EnterpriseScope, Permission, Principal};
pub use throttle::Throttle;
pub use workflow_policy::CaseFacts;
