//! `POST /api/v1/match`: a need in, the services ranked for it out, each with its reasons in
//! Thai and English: what the match page shows, for other systems.

use axum::Json;
use axum::extract::State;

use super::ApiJson;
use super::schema::{MatchReason, MatchRequestDoc, MatchResponse, RankedService};
use crate::AppState;
use crate::error::{ErrorBody, WebError};
use crate::matching::{Found, MatchDraft, rank};

/// Ranks the open services for a need written in everyday Thai, best first, each with the
/// reasons it was ranked there.
#[utoipa::path(post, path = "/api/v1/match", tag = "matching", request_body = MatchRequestDoc,
    responses(
        (status = 200, description = "The services ranked for the need, best first (empty when none fits)",
            body = MatchResponse),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "A field to fix: empty or too short text, unknown province, category or \
            stage, top outside 1–50", body = ErrorBody),
    ))]
pub async fn match_need(
    State(state): State<AppState>,
    ApiJson(draft): ApiJson<MatchDraft>,
) -> Result<Json<MatchResponse>, WebError> {
    let (need, top) = draft.validate()?;
    let found = rank(&state, &need, top).await?;
    Ok(Json(MatchResponse { ranked: found.into_iter().map(ranked).collect() }))
}

fn ranked(f: Found) -> RankedService {
    RankedService {
        service_id: f.listing.service.id,
        title: f.listing.service.data.title,
        provider: f.listing.provider_name,
        score: f.score,
        reasons: f.reasons.into_iter().map(|r| MatchReason { code: r.code, th: r.th, en: r.en }).collect(),
    }
}
