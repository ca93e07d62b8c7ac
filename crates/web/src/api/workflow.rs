//! The workflow through the API (DESIGN.md §4.3): needs, referrals, coupons, projects,
//! outcomes, rounds and budgets, and each actor's inbox. Each step is a POST on the record
//! it changes; a step its state does not allow answers 409 with the step's own code and a
//! Thai and English message, and changes nothing.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use otop_domain::NeedDraft;
use otop_domain::workflow::{MilestoneDraft, OutcomeDraft, RoundDraft};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::ApiJson;
use crate::AppState;
use crate::access::Viewer;
use crate::cases::{
    self, AcceptDraft, AllocationDraft, CouponDraft, Decision, FundDraft, ProjectStep, ReasonDraft, ReferDraft,
    ReportDraft,
};
use crate::error::{ErrorBody, WebError};
use crate::pages::{Id, IdPair};
use crate::transfer::Upload;
use crate::transfer::files::today;
use otop_domain::access::Permission;
use otop_store::Store;

/// A workflow record as JSON: its id, status and the rest of its fields.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct WorkflowRecord {
    id: i64,
    /// The record's status code (e.g. `sent`, `approved`, `reported`).
    status: String,
}

/// A need with its whole case: referrals, projects (with milestones, deliverables, coupons
/// and outcomes) and timeline.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CaseDoc {
    #[schema(value_type = Object)]
    need: Value,
    #[schema(value_type = Vec<Object>)]
    referrals: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    projects: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    timeline: Vec<Value>,
}

/// A need as typed on the enterprise page.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NeedBody {
    #[schema(example = "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา")]
    text: String,
    /// Province name or code; empty: the enterprise's.
    province: String,
    category: String,
    stages: String,
    /// One of the enterprise's products, or empty.
    product_id: String,
}

/// A round as typed (see the round form).
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = RoundDraft)]
pub struct RoundDraftDoc {
    #[schema(example = "คูปองวิทย์เพื่อโอทอป ปีงบประมาณ 2570")]
    name: String,
    #[schema(example = "2570")]
    fiscal_year: String,
    /// Comma-separated stage codes or names; empty: every stage.
    stages: String,
    categories: String,
    /// Baht per enterprise, all coupons of the round together.
    #[schema(example = "50,000")]
    ceiling: String,
    #[schema(example = "20")]
    copay_percent: String,
    #[schema(example = "1/10/2569")]
    opens_on: String,
    #[schema(example = "30/6/2570")]
    closes_on: String,
    /// Whether entrepreneurs may refer their own needs: true or false.
    #[schema(example = "false")]
    entrepreneurs_may_refer: String,
}

#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = MilestoneDraft)]
pub struct MilestoneDoc {
    #[schema(example = "ทดสอบอายุการเก็บรักษา")]
    title: String,
    #[schema(example = "15/1/2570")]
    due_on: String,
}

/// What changed for the enterprise; every field optional, but something must be said.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = OutcomeDraft)]
pub struct OutcomeDoc {
    /// Certifications gained: อย., มผช., มอก., GMP, HACCP, ฮาลาล …
    #[schema(example = "อย., มผช.")]
    certifications: String,
    stars_before: String,
    stars_after: String,
    /// Monthly revenue in baht.
    #[schema(example = "12,000")]
    revenue_before: String,
    #[schema(example = "30,000")]
    revenue_after: String,
    jobs_before: String,
    jobs_after: String,
    new_products: String,
    new_markets: String,
    note: String,
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

async fn project_json(store: &Store, id: i64) -> Result<Value, WebError> {
    let g = store.engagement(id).await?;
    let mut v = to_json(&g);
    v["milestones"] = to_json(&store.milestones(id).await?);
    v["deliverables"] = to_json(&store.deliverables(id).await?);
    v["coupons"] = to_json(&store.coupons_of_engagement(id).await?);
    v["outcomes"] = to_json(&store.outcomes(id).await?);
    Ok(v)
}

async fn case_json(store: &Store, need_id: i64) -> Result<Value, WebError> {
    let need = store.need(need_id).await?;
    let mut projects = Vec::new();
    for g in store.engagements_of_need(need_id).await? {
        projects.push(project_json(store, g.id).await?);
    }
    Ok(json!({
        "need": to_json(&need),
        "referrals": to_json(&store.referrals_of_need(need_id).await?),
        "projects": projects,
        "timeline": to_json(&store.timeline(need_id).await?),
    }))
}

fn created(location: String, body: Value) -> Response {
    (axum::http::StatusCode::CREATED, [(axum::http::header::LOCATION, location)], Json(body)).into_response()
}

// ---------------------------------------------------------------- needs and referrals

/// Records a need of an enterprise (as its "my problem" form does).
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/needs", tag = "workflow", request_body = NeedBody,
    params(("id" = i64, Path, description = "Enterprise id")),
    responses((status = 201, description = "The need with its (empty) case", body = CaseDoc),
        (status = 422, description = "Invalid input", body = ErrorBody)))]
pub async fn create_need(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(b): ApiJson<NeedBody>,
) -> Result<Response, WebError> {
    let draft = NeedDraft { text: b.text, province: b.province, category: b.category, stages: b.stages };
    let need = crate::ops::save_need(&s.store, &viewer, id, &draft, &b.product_id, today()).await?;
    Ok(created(format!("/api/v1/needs/{need}"), case_json(&s.store, need).await?))
}

/// A need with its referrals, projects, coupons, outcomes and timeline.
#[utoipa::path(get, path = "/api/v1/needs/{id}", tag = "workflow", params(("id" = i64, Path, description = "Need id")),
    responses((status = 200, description = "The case", body = CaseDoc), (status = 404, description = "No such need", body = ErrorBody)))]
pub async fn get_need(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    cases::need(&s.store, &viewer, id).await?;
    Ok(Json(case_json(&s.store, id).await?))
}

/// Refers the need to a service.
#[utoipa::path(post, path = "/api/v1/needs/{id}/referrals", tag = "workflow", request_body = ReferDraft,
    params(("id" = i64, Path, description = "Need id")),
    responses((status = 201, description = "The referral", body = WorkflowRecord),
        (status = 409, description = "Not allowed now (e.g. already referred there)", body = ErrorBody),
        (status = 422, description = "Invalid input", body = ErrorBody)))]
pub async fn refer(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<ReferDraft>,
) -> Result<Response, WebError> {
    let r = cases::refer(&s.store, &viewer, id, &d, today()).await?;
    Ok(created(format!("/api/v1/referrals/{r}"), to_json(&s.store.referral(r).await?)))
}

/// The provider accepts the referral, which opens the project.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/accept", tag = "workflow", request_body = AcceptDraft,
    params(("id" = i64, Path, description = "Referral id")),
    responses((status = 201, description = "The project opened", body = WorkflowRecord),
        (status = 409, description = "Already answered", body = ErrorBody), (status = 422, description = "Invalid date", body = ErrorBody)))]
pub async fn accept_referral(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<AcceptDraft>,
) -> Result<Response, WebError> {
    let g = cases::accept_referral(&s.store, &viewer, id, &d).await?;
    Ok(created(format!("/api/v1/engagements/{g}"), project_json(&s.store, g).await?))
}

/// The provider declines, with a reason.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/decline", tag = "workflow", request_body = ReasonDraft,
    params(("id" = i64, Path, description = "Referral id")),
    responses((status = 200, description = "Declined", body = WorkflowRecord), (status = 409, description = "Already answered", body = ErrorBody)))]
pub async fn decline_referral(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<ReasonDraft>,
) -> Result<Json<Value>, WebError> {
    cases::decline_referral(&s.store, &viewer, id, &d).await?;
    Ok(Json(to_json(&s.store.referral(id).await?)))
}

/// The officer takes an unanswered referral back.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/withdraw", tag = "workflow",
    params(("id" = i64, Path, description = "Referral id")),
    responses((status = 200, description = "Withdrawn", body = WorkflowRecord), (status = 409, description = "Already answered", body = ErrorBody)))]
pub async fn withdraw_referral(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    cases::withdraw_referral(&s.store, &viewer, id).await?;
    Ok(Json(to_json(&s.store.referral(id).await?)))
}

// ---------------------------------------------------------------- coupons

/// Applies for a coupon for the project's work.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/coupons", tag = "workflow", request_body = CouponDraft,
    params(("id" = i64, Path, description = "Project id")),
    responses((status = 201, description = "The coupon, submitted", body = WorkflowRecord),
        (status = 409, description = "Outside the round's rules, window or ceiling", body = ErrorBody)))]
pub async fn apply_coupon(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<CouponDraft>,
) -> Result<Response, WebError> {
    let c = cases::apply_coupon(&s.store, &viewer, id, &d, today()).await?;
    Ok(created(format!("/api/v1/coupons/{c}"), to_json(&s.store.coupon(c).await?)))
}

async fn decide(s: &AppState, viewer: &Viewer, id: i64, d: Decision) -> Result<Json<Value>, WebError> {
    cases::decide_coupon(&s.store, viewer, id, d, today()).await?;
    Ok(Json(to_json(&s.store.coupon(id).await?)))
}

/// Marks the application screened (eligible).
#[utoipa::path(post, path = "/api/v1/coupons/{id}/screen", tag = "workflow", params(("id" = i64, Path, description = "Coupon id")),
    responses((status = 200, description = "Screened", body = WorkflowRecord), (status = 409, description = "Not submitted", body = ErrorBody)))]
pub async fn screen_coupon(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    decide(&s, &viewer, id, Decision::Screen).await
}

/// Approves the coupon: its amount is committed from the province's (or provider's) budget.
#[utoipa::path(post, path = "/api/v1/coupons/{id}/approve", tag = "workflow", params(("id" = i64, Path, description = "Coupon id")),
    responses((status = 200, description = "Approved", body = WorkflowRecord),
        (status = 409, description = "Already approved, over the ceiling, or not enough budget", body = ErrorBody)))]
pub async fn approve_coupon(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    decide(&s, &viewer, id, Decision::Approve).await
}

/// Rejects the application, with a reason.
#[utoipa::path(post, path = "/api/v1/coupons/{id}/reject", tag = "workflow", request_body = ReasonDraft,
    params(("id" = i64, Path, description = "Coupon id")),
    responses((status = 200, description = "Rejected", body = WorkflowRecord), (status = 409, description = "Already decided", body = ErrorBody)))]
pub async fn reject_coupon(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<ReasonDraft>,
) -> Result<Json<Value>, WebError> {
    decide(&s, &viewer, id, Decision::Reject(d)).await
}

/// Cancels the coupon; an approved one's commitment goes back to the budget.
#[utoipa::path(post, path = "/api/v1/coupons/{id}/cancel", tag = "workflow", request_body = ReasonDraft,
    params(("id" = i64, Path, description = "Coupon id")),
    responses((status = 200, description = "Cancelled", body = WorkflowRecord), (status = 409, description = "Payable or paid", body = ErrorBody)))]
pub async fn cancel_coupon(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<ReasonDraft>,
) -> Result<Json<Value>, WebError> {
    decide(&s, &viewer, id, Decision::Cancel(d)).await
}

// ---------------------------------------------------------------- projects

/// A project with its milestones, deliverables, coupons and outcomes.
#[utoipa::path(get, path = "/api/v1/engagements/{id}", tag = "workflow", params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "The project", body = WorkflowRecord), (status = 404, description = "No such project", body = ErrorBody)))]
pub async fn get_project(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    cases::engagement(&s.store, &viewer, id).await?;
    Ok(Json(project_json(&s.store, id).await?))
}

async fn step(s: &AppState, viewer: &Viewer, id: i64, step: ProjectStep) -> Result<Json<Value>, WebError> {
    cases::project_step(&s.store, viewer, id, step, today()).await?;
    Ok(Json(project_json(&s.store, id).await?))
}

/// Adds a milestone.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/milestones", tag = "workflow", request_body = MilestoneDoc,
    params(("id" = i64, Path, description = "Project id")), responses((status = 200, description = "The project", body = WorkflowRecord)))]
pub async fn add_milestone(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<MilestoneDraft>,
) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::AddMilestone(d)).await
}

/// Marks a milestone done.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/milestones/{milestone}/done", tag = "workflow",
    params(("id" = i64, Path, description = "Project id"), ("milestone" = i64, Path, description = "Milestone id")),
    responses((status = 200, description = "The project", body = WorkflowRecord)))]
pub async fn complete_milestone(
    State(s): State<AppState>,
    viewer: Viewer,
    IdPair(id, m): IdPair,
) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::CompleteMilestone(m)).await
}

/// Uploads a deliverable (PDF, PNG, JPEG or WebP, up to 10 MB) as `file` in a multipart form.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/deliverables", tag = "workflow",
    request_body(content = inline(crate::api::schema::ImportForm), content_type = "multipart/form-data"),
    params(("id" = i64, Path, description = "Project id")),
    responses((status = 201, description = "Stored", body = WorkflowRecord),
        (status = 400, description = "Not a PDF or image, or empty", body = ErrorBody), (status = 413, description = "Too large", body = ErrorBody)))]
pub async fn upload_deliverable(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    upload: Result<Upload, WebError>,
) -> Result<Response, WebError> {
    let d = cases::store_deliverable(&s.store, &viewer, id, upload).await?;
    Ok(created(format!("/api/v1/deliverables/{d}"), json!({"id": d, "engagement_id": id})))
}

/// Downloads a deliverable.
#[utoipa::path(get, path = "/api/v1/deliverables/{id}", tag = "workflow", params(("id" = i64, Path, description = "Deliverable id")),
    responses((status = 200, description = "The file"), (status = 404, description = "No such file", body = ErrorBody)))]
pub async fn download_deliverable(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Response, WebError> {
    cases::deliverable_download(&s.store, &viewer, id).await
}

/// The provider's completion report.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/report", tag = "workflow", request_body = ReportDraft,
    params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Reported", body = WorkflowRecord), (status = 409, description = "Not in progress", body = ErrorBody)))]
pub async fn report_delivery(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<ReportDraft>,
) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::Report(d)).await
}

/// The entrepreneur sends the work back, with a reason.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/return", tag = "workflow", request_body = ReasonDraft,
    params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Back in progress", body = WorkflowRecord), (status = 409, description = "Not reported", body = ErrorBody)))]
pub async fn return_delivery(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<ReasonDraft>,
) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::Return(d)).await
}

/// The entrepreneur accepts the delivery: an approved coupon becomes payable.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/accept", tag = "workflow", params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Accepted", body = WorkflowRecord), (status = 409, description = "Not reported", body = ErrorBody)))]
pub async fn accept_delivery(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::Accept).await
}

/// The provider claims the coupon's payment.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/claim", tag = "workflow", params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Claimed", body = WorkflowRecord), (status = 409, description = "Not delivered, or no coupon", body = ErrorBody)))]
pub async fn claim_payment(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::Claim).await
}

/// An officer approves the claim: the coupon is paid.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/pay", tag = "workflow", params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Paid", body = WorkflowRecord), (status = 409, description = "Not claimed (e.g. not delivered yet)", body = ErrorBody)))]
pub async fn approve_payment(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::Pay).await
}

/// Closes the project with its outcome.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/close", tag = "workflow", request_body = OutcomeDoc,
    params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Closed", body = WorkflowRecord), (status = 409, description = "Not paid or not accepted", body = ErrorBody),
        (status = 422, description = "Invalid outcome", body = ErrorBody)))]
pub async fn close_project(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<OutcomeDraft>,
) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::Close(d)).await
}

/// Records the six-month follow-up.
#[utoipa::path(post, path = "/api/v1/engagements/{id}/follow-up", tag = "workflow", request_body = OutcomeDoc,
    params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Recorded", body = WorkflowRecord), (status = 409, description = "Not closed, or already recorded", body = ErrorBody)))]
pub async fn follow_up(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<OutcomeDraft>,
) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::FollowUp(d)).await
}

/// Cancels the project (and its coupon, releasing an approved coupon's commitment).
#[utoipa::path(post, path = "/api/v1/engagements/{id}/cancel", tag = "workflow", request_body = ReasonDraft,
    params(("id" = i64, Path, description = "Project id")),
    responses((status = 200, description = "Cancelled", body = WorkflowRecord), (status = 409, description = "Already accepted", body = ErrorBody)))]
pub async fn cancel_project(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<ReasonDraft>,
) -> Result<Json<Value>, WebError> {
    step(&s, &viewer, id, ProjectStep::Cancel(d)).await
}

// ---------------------------------------------------------------- rounds, budget, inbox

/// Coupon rounds, newest first.
#[utoipa::path(get, path = "/api/v1/rounds", tag = "workflow", responses((status = 200, description = "The rounds", body = [WorkflowRecord])))]
pub async fn list_rounds(State(s): State<AppState>, viewer: Viewer) -> Result<Json<Value>, WebError> {
    viewer.signed_in()?;
    Ok(Json(to_json(&s.store.rounds().await?)))
}

/// Opens a round.
#[utoipa::path(post, path = "/api/v1/rounds", tag = "workflow", request_body = RoundDraftDoc,
    responses((status = 201, description = "The round", body = WorkflowRecord), (status = 422, description = "Invalid input", body = ErrorBody)))]
pub async fn create_round(
    State(s): State<AppState>,
    viewer: Viewer,
    ApiJson(d): ApiJson<RoundDraft>,
) -> Result<Response, WebError> {
    let id = cases::create_round(&s.store, &viewer, &d).await?;
    Ok(created(format!("/api/v1/rounds/{id}/budget"), to_json(&s.store.round(id).await?)))
}

/// The round's appropriation reaches the national account.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/funding", tag = "workflow", request_body = FundDraft,
    params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, description = "The budget after", body = WorkflowRecord), (status = 422, description = "Invalid amount", body = ErrorBody)))]
pub async fn fund_round(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<FundDraft>,
) -> Result<Json<Value>, WebError> {
    cases::fund_round(&s.store, &viewer, id, &d).await?;
    budget_json(&s, &viewer, id).await
}

/// Moves available budget between neighbouring holders (national → region → province, national → provider, or back).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/allocations", tag = "workflow", request_body = AllocationDraft,
    params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, description = "The budget after", body = WorkflowRecord),
        (status = 409, description = "Not enough available, or not neighbours on the tree", body = ErrorBody)))]
pub async fn allocate(
    State(s): State<AppState>,
    viewer: Viewer,
    Id(id): Id,
    ApiJson(d): ApiJson<AllocationDraft>,
) -> Result<Json<Value>, WebError> {
    cases::allocate(&s.store, &viewer, id, &d).await?;
    budget_json(&s, &viewer, id).await
}

/// The round's accounts the viewer may see (national: all; a region: its own and its
/// provinces'; a province: its own) and their latest transactions.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/budget", tag = "workflow", params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, description = "Balances in satang and transactions", body = WorkflowRecord)))]
pub async fn budget(State(s): State<AppState>, viewer: Viewer, Id(id): Id) -> Result<Json<Value>, WebError> {
    budget_json(&s, &viewer, id).await
}

async fn budget_json(s: &AppState, viewer: &Viewer, id: i64) -> Result<Json<Value>, WebError> {
    let who = viewer.needs(Permission::ViewLedger)?;
    let round = s.store.round(id).await?;
    let accounts: Vec<_> =
        s.store.balances(Some(id)).await?.into_iter().filter(|b| who.may_view_budget_of(b.holder)).collect();
    let transactions: Vec<_> = s
        .store
        .ledger_transactions(id, None, 200)
        .await?
        .into_iter()
        .filter(|t| t.entries.iter().any(|e| who.may_view_budget_of(e.holder)))
        .collect();
    Ok(Json(
        json!({ "round": to_json(&round), "accounts": to_json(&accounts), "transactions": to_json(&transactions) }),
    ))
}

/// What awaits the signed-in account.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "workflow", responses((status = 200, description = "Items, oldest first per kind", body = [WorkflowRecord])))]
pub async fn inbox(State(s): State<AppState>, viewer: Viewer) -> Result<Json<Value>, WebError> {
    let who = viewer.signed_in()?;
    Ok(Json(to_json(&s.store.inbox(who, today(), s.reply_days).await?)))
}
