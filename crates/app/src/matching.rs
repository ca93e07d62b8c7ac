//! The matcher over the database's services, kept fresh: built at start, then following
//! every created, edited or withdrawn service, whichever server instance made the change.

use std::sync::Arc;
use std::time::Duration;

use otop_matching::{Feedback, MatchError, Matcher, ServiceRecord};
use otop_store::services::ServiceListing;
use otop_store::workflow::ServiceFeedback;
use otop_store::{Store, StoreError};

/// How far back each poll looks again: a change committed late, with an earlier
/// `updated_at` than one already seen, is still picked up. Re-reading is harmless.
const LOOKBACK: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum MatcherError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Match(#[from] MatchError),
}

/// What the matcher needs of a stored service, with what its referrals came to this
/// fiscal year (places taken) and ever (accepted, declined, completed: the feedback
/// signal). The service's key is its database id.
pub fn record(l: &ServiceListing, seen: Option<&ServiceFeedback>) -> ServiceRecord {
    let s = &l.service;
    let seen = seen.copied().unwrap_or_default();
    ServiceRecord {
        key: s.id.to_string(),
        provider: l.provider_name.clone(),
        kind: Some(l.provider_kind),
        title: s.data.title.clone(),
        description: s.data.description.clone(),
        stages: s.data.stages.clone(),
        categories: s.data.categories.clone(),
        coverage: s.data.coverage.clone(),
        capacity_left: s.data.capacity_per_year.map(|c| c.saturating_sub(seen.taken_this_year)),
        feedback: Feedback {
            referrals_accepted: seen.accepted,
            referrals_declined: seen.declined,
            projects_completed: seen.completed,
        },
    }
}

/// The fiscal year of today in Thailand, whose places a service's capacity counts.
fn this_fiscal_year() -> otop_domain::FiscalYear {
    let bangkok = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    otop_domain::FiscalYear::of(chrono::Utc::now().with_timezone(&bangkok).date_naive())
}

/// The database's active services, each with its record for the matcher.
pub async fn active_services(store: &Store) -> Result<Vec<(ServiceListing, ServiceRecord)>, StoreError> {
    let seen = store.service_feedback(this_fiscal_year()).await?;
    Ok(store
        .all_services()
        .await?
        .into_iter()
        .filter(|l| l.service.data.active)
        .map(|l| {
            let r = record(&l, seen.get(&l.service.id));
            (l, r)
        })
        .collect())
}

/// A matcher over the database's active services.
pub async fn build(store: &Store) -> Result<Arc<Matcher>, MatcherError> {
    let records: Vec<ServiceRecord> = active_services(store).await?.into_iter().map(|(_, r)| r).collect();
    let matcher = tokio::task::spawn_blocking(move || Matcher::build(records))
        .await
        .expect("building the index does not panic")?;
    Ok(Arc::new(matcher))
}

/// Follows the database: call [`Freshness::poll`] every so often, or let
/// [`spawn_follower`] do it.
pub struct Freshness {
    since: chrono::DateTime<chrono::Utc>,
}

impl Freshness {
    /// Starts following from now; call right before [`build`] reads the services.
    pub fn starting_now() -> Self {
        Freshness { since: chrono::Utc::now() }
    }

    /// Applies the changes since the last poll; returns how many services were re-read.
    pub async fn poll(&mut self, store: &Store, matcher: &Arc<Matcher>) -> Result<usize, MatcherError> {
        let started = chrono::Utc::now();
        let lookback = chrono::Duration::from_std(LOOKBACK).unwrap_or_default();
        let since = (self.since - lookback).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let changed = store.services_changed_since(&since).await?;
        let n = changed.len();
        if n > 0 {
            let seen = store.service_feedback(this_fiscal_year()).await?;
            let (active, withdrawn): (Vec<_>, Vec<_>) = changed.iter().partition(|l| l.service.data.active);
            let upserts: Vec<ServiceRecord> = active.into_iter().map(|l| record(l, seen.get(&l.service.id))).collect();
            let removals: Vec<String> = withdrawn.into_iter().map(|l| l.service.id.to_string()).collect();
            let m = matcher.clone();
            tokio::task::spawn_blocking(move || {
                m.remove(&removals)?;
                m.upsert(upserts)
            })
            .await
            .expect("updating the index does not panic")?;
        }
        self.since = started;
        Ok(n)
    }
}

/// Polls every `every` until the process ends; errors are logged and retried.
pub fn spawn_follower(store: Store, matcher: Arc<Matcher>, mut freshness: Freshness, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = freshness.poll(&store, &matcher).await {
                tracing::warn!("could not refresh the matching index: {e}");
            }
        }
    });
}
