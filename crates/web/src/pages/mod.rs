//! Server-rendered pages: one askama template and one struct per page, `base.html` around
//! them. Handlers extract, parse through the domain, call the store and render.

mod account;
mod admin;
mod dashboard;
mod enterprises;
mod home;
mod homes;
mod import;
mod inbox;
mod matching;
mod needs;
mod products;
mod projects;
mod providers;
mod rounds;
mod services;
mod steps;

use askama::Template;
use axum::extract::{FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use otop_domain::access::Permission;

use crate::access::Guarded;
use crate::access::Rule::{Needs, Public, SignedIn};
use crate::error::{ErrorInfo, WebError};
use crate::i18n::PageCtx;

/// Every page with its access rule (see `access`); handlers check the record's scope.
pub fn router() -> Guarded {
    use Permission::*;
    Guarded::new()
        .get("/", Public, home::home)
        .get("/privacy", Public, account::privacy)
        .form("/signin", Public, account::signin_form, account::signin)
        .post("/signout", Public, account::signout)
        .form("/signup", Public, account::signup_form, account::signup)
        .form("/signup/event", Public, account::event_signup_form, account::event_signup)
        .form("/password/forgot", Public, account::forgot_form, account::forgot)
        .form("/password/set", Public, account::set_form, account::set)
        .form("/password/change", SignedIn, account::change_form, account::change)
        .get("/me/data.json", SignedIn, account::my_data)
        .get("/my", SignedIn, homes::entrepreneur)
        .get("/provider", Needs(EditServices), homes::provider)
        .get("/office", Needs(VerifyEntrepreneurs), homes::office)
        .get("/partner", Needs(Nominate), homes::partner)
        .post("/accounts/{id}/verify", Needs(VerifyEntrepreneurs), homes::verify)
        .post("/partner/nominations", Needs(Nominate), homes::nominate)
        .get("/admin", Needs(ManageAccounts), admin::home)
        .form("/admin/accounts/new", Needs(ManageAccounts), admin::new_account_form, admin::create_account)
        .get("/admin/accounts/{id}", Needs(ManageAccounts), admin::account)
        .post("/admin/accounts/{id}/status", Needs(ManageAccounts), admin::set_status)
        .get("/admin/accounts/{id}/data.json", Needs(HandleDataRequests), admin::subject_export)
        .post("/admin/accounts/{id}/erase", Needs(HandleDataRequests), admin::erase)
        .get("/admin/outbox", Needs(ManageAccounts), admin::outbox)
        .get("/admin/tokens", Needs(ManageApiTokens), admin::tokens)
        .form("/admin/tokens/new", Needs(ManageApiTokens), admin::new_token_form, admin::create_token)
        .post("/admin/tokens/{id}/revoke", Needs(ManageApiTokens), admin::revoke_token)
        .form("/provider/staff/new", Needs(InviteProviderStaff), homes::invite_staff_form, homes::invite_staff)
        .get("/audit", Needs(ViewAudit), admin::audit)
        .get("/audit.csv", Needs(ViewAudit), admin::audit_csv)
        .get("/match", Public, matching::page)
        .get("/services", Public, services::directory)
        .form("/services/new", Needs(EditServices), services::new_form, services::create)
        .get("/services/{id}", Public, services::detail)
        .form("/services/{id}/edit", Needs(EditServices), services::edit_form, services::update)
        .get("/providers", Public, providers::list)
        .form("/providers/new", Needs(CreateProviders), providers::new_form, providers::create)
        .get("/providers/{id}", Public, providers::detail)
        .form("/providers/{id}/edit", Needs(EditProviders), providers::edit_form, providers::update)
        .get("/enterprises", Needs(ViewEnterprises), enterprises::list)
        .form("/enterprises/new", Needs(CreateEnterprises), enterprises::new_form, enterprises::create)
        .get("/enterprises/{id}", Needs(ViewEnterprises), enterprises::detail)
        .form("/enterprises/{id}/edit", Needs(EditEnterprises), enterprises::edit_form, enterprises::update)
        .form("/enterprises/{id}/needs", Needs(EditEnterprises), enterprises::to_need_form, enterprises::create_need)
        .form("/enterprises/{id}/products/new", Needs(EditEnterprises), products::new_form, products::create)
        .get("/products/{id}", Needs(ViewEnterprises), products::detail)
        .form("/products/{id}/edit", Needs(EditEnterprises), products::edit_form, products::update)
        .get("/import", Needs(ImportEnterprises), import::page)
        .get("/import/enterprises/{file}", Needs(ImportEnterprises), import::import_sheet)
        .get("/export", Needs(Export), import::export_index)
        .get("/export/{file}", Needs(Export), import::export)
        // The workflow (DESIGN.md §4.3): each step under the permission of its API twin.
        .get("/inbox", SignedIn, inbox::page)
        .get("/needs/{id}", SignedIn, needs::page)
        .post("/needs/{id}/referrals", Needs(Refer), needs::refer)
        .post("/referrals/{id}/accept", Needs(DeliverServices), needs::accept)
        .post("/referrals/{id}/decline", Needs(DeliverServices), needs::decline)
        .post("/referrals/{id}/withdraw", Needs(DecideCoupons), needs::withdraw)
        .get("/projects/{id}", SignedIn, projects::page)
        .post("/projects/{id}/coupons", Needs(ApplyCoupons), projects::apply_coupon)
        .post("/coupons/{id}/screen", Needs(DecideCoupons), projects::screen)
        .post("/coupons/{id}/approve", Needs(DecideCoupons), projects::approve)
        .post("/coupons/{id}/reject", Needs(DecideCoupons), projects::reject)
        .post("/coupons/{id}/cancel", Needs(DecideCoupons), projects::cancel_coupon)
        .post("/projects/{id}/milestones", Needs(DeliverServices), projects::add_milestone)
        .post("/projects/{id}/milestones/{milestone}/done", Needs(DeliverServices), projects::milestone_done)
        .get("/deliverables/{id}", SignedIn, projects::download)
        .post("/projects/{id}/report", Needs(DeliverServices), projects::report)
        .post("/projects/{id}/claim", Needs(DeliverServices), projects::claim)
        .post("/projects/{id}/return", Needs(ConfirmDelivery), projects::send_back)
        .post("/projects/{id}/accept", Needs(ConfirmDelivery), projects::accept_delivery)
        .post("/projects/{id}/pay", Needs(DecideCoupons), projects::pay)
        .post("/projects/{id}/cancel", Needs(DecideCoupons), projects::cancel)
        .post("/projects/{id}/close", Needs(RecordOutcomes), projects::close)
        .post("/projects/{id}/follow-up", Needs(RecordOutcomes), projects::follow_up)
        .get("/rounds", Needs(ViewLedger), rounds::list)
        .post("/rounds", Needs(ManageRounds), rounds::create)
        .get("/rounds/{id}", Needs(ViewLedger), rounds::detail)
        .post("/rounds/{id}/funding", Needs(ManageRounds), rounds::fund)
        .post("/rounds/{id}/allocations", Needs(AllocateBudget), rounds::allocate)
}

/// The pages that receive files: served under the upload limit rather than the 2 MB one.
pub fn upload_router() -> Guarded {
    Guarded::new()
        .form("/import/enterprises", Needs(Permission::ImportEnterprises), import::to_import_page, import::upload)
        .post("/import/enterprises/errors.csv", Needs(Permission::ImportEnterprises), import::errors_csv)
        .post("/projects/{id}/deliverables", Needs(Permission::DeliverServices), projects::upload)
}

/// A page as HTML with a status (422 for a form sent back with errors).
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => WebError::internal(format!("template: {e}")).into_response(),
    }
}

pub(crate) fn html(page: &impl Template) -> Response {
    render(StatusCode::OK, page)
}

/// After a successful form post: 303 to the page of what was saved.
pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A numeric id from the path; anything else is a page that does not exist.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| WebError::NotFound)?;
        raw.parse::<i64>().ok().filter(|id| *id > 0).map(Id).ok_or(WebError::NotFound)
    }
}

/// Two numeric ids from the path (`/projects/{id}/milestones/{milestone}/…`); anything else
/// is a page that does not exist, as with [`Id`].
pub struct IdPair(pub i64, pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IdPair {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        let Path((a, b)) =
            Path::<(String, String)>::from_request_parts(parts, state).await.map_err(|_| WebError::NotFound)?;
        let number = |s: &str| s.parse::<i64>().ok().filter(|n| *n > 0).ok_or(WebError::NotFound);
        Ok(IdPair(number(&a)?, number(&b)?))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a PageCtx,
    status: u16,
    primary: &'a str,
    secondary: &'a str,
    fields: Vec<(String, String, String)>,
}

/// The HTML page for an error, in both languages (the page's own first).
pub(crate) fn error_page(ctx: &PageCtx, info: &ErrorInfo) -> Response {
    let (primary, secondary) = ctx.lang.pair(&info.message);
    let fields = info
        .fields
        .iter()
        .map(|f| {
            let (p, s) = ctx.lang.pair(&f.message);
            (crate::i18n::field_label(ctx.lang, &f.field), p.to_string(), s.to_string())
        })
        .collect();
    let page = ErrorPage { ctx, status: info.status.as_u16(), primary, secondary, fields };
    match page.render() {
        Ok(html) => (info.status, [(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page template failed");
            (info.status, format!("{} / {}", info.message.th, info.message.en)).into_response()
        }
    }
}
