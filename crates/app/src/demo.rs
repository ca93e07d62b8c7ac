//! The demo set (providers, services, enterprises) and generated data at scale.

use std::collections::{HashMap, HashSet};

use otop_demo::DemoEnterprise;
use otop_store::bulk::{BulkLoad, EnterpriseBundle};
use otop_store::{Actor, Store, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct Loaded {
    pub providers: usize,
    pub services: usize,
    pub enterprises: usize,
    pub workflow: crate::demo_workflow::WorkflowLoaded,
}

impl std::fmt::Display for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = &self.workflow;
        write!(
            f,
            "ผู้ให้บริการ {} แห่ง, บริการ {} รายการ, ผู้ประกอบการ {} ราย, การส่งต่อ {} รายการ, โครงการ {} โครงการ, คูปอง {} ใบ \
             / {} providers, {} services, {} enterprises, {} referrals, {} projects, {} coupons",
            self.providers,
            self.services,
            self.enterprises,
            w.referrals,
            w.projects,
            w.coupons,
            self.providers,
            self.services,
            self.enterprises,
            w.referrals,
            w.projects,
            w.coupons
        )
    }
}

/// Loads providers with their units, their services, the base enterprises, a demo
/// account for every role, and the workflow (rounds, budgets, referrals, projects,
/// coupons, outcomes) dated back from today in Thailand.
pub async fn load_base(store: &Store) -> Result<Loaded, StoreError> {
    load_base_on(store, crate::demo_workflow::today_in_thailand()).await
}

/// [`load_base`] as if loaded on `today`.
pub async fn load_base_on(store: &Store, today: chrono::NaiveDate) -> Result<Loaded, StoreError> {
    let actor = Actor::new("demo");
    let mut provider_ids: HashMap<String, i64> = HashMap::new();
    let mut unit_ids: HashMap<(String, String), i64> = HashMap::new();
    let providers = otop_demo::providers();
    for p in &providers {
        let id = store.create_provider(&actor, &p.data, &p.units).await?;
        for u in store.provider(id).await?.units {
            unit_ids.insert((p.key.clone(), u.name), u.id);
        }
        provider_ids.insert(p.key.clone(), id);
    }
    let services = otop_demo::services();
    let mut service_ids: HashMap<String, i64> = HashMap::new();
    for s in &services {
        let mut data = s.data.clone();
        // The demo crate's tests prove every service names a provider that exists.
        data.provider_id = provider_ids[&s.provider_key];
        data.unit_id = s.unit.as_ref().and_then(|u| unit_ids.get(&(s.provider_key.clone(), u.clone())).copied());
        service_ids.insert(s.reference.clone(), store.create_service(&actor, &data).await?);
    }
    let bundles: Vec<EnterpriseBundle> = otop_demo::base_enterprises().map(bundle).collect();
    store.insert_bundles(&actor, &bundles, false).await?;
    crate::demo_accounts::load_accounts(store).await?;
    let workflow = crate::demo_workflow::load(store, &service_ids, today).await?;
    Ok(Loaded { providers: providers.len(), services: services.len(), enterprises: bundles.len(), workflow })
}

pub fn bundle(e: DemoEnterprise) -> EnterpriseBundle {
    EnterpriseBundle {
        data: e.data,
        products: e.products,
        needs: e.needs.into_iter().map(|n| (n.product_index, n.data)).collect(),
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Generated {
    pub enterprises: usize,
    pub rows: usize,
}

/// Generates `n` enterprises (with products and needs) into the database in one
/// transaction ([`Store::begin_bulk_load`]): all of them or, on an error, none. They are
/// written `batch` at a time; `progress(done)` after each batch. The generator draws
/// registration numbers at random, as they are in life, so a number already used (in this
/// run or in the database) is skipped and the next generated enterprise takes its place:
/// the result is still exactly `n` enterprises and the same for the same `n`, `seed` and
/// database. One audit row records the load.
///
/// The generator runs on a blocking thread, a batch or two ahead of the database, so its
/// time hides behind the database's. Within a batch, enterprises are written (and get
/// their ids) in the order of their registration numbers; which enterprises a batch holds
/// follows the generator's order.
pub async fn generate(
    store: &Store,
    n: usize,
    seed: u64,
    batch: usize,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Generated, StoreError> {
    let actor = Actor::new("demo --scale");
    let mut load = store.begin_bulk_load(n).await?;
    match fill(&mut load, n, seed, batch.max(1), progress).await {
        Ok(out) => {
            load.finish(&actor).await?;
            Ok(out)
        }
        Err(e) => {
            load.abort().await;
            Err(e)
        }
    }
}

async fn fill(
    load: &mut BulkLoad,
    n: usize,
    seed: u64,
    batch: usize,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Generated, StoreError> {
    // The numbers already stored are read once, inside the load's transaction, and the
    // generator skips them as it skips its own repeats.
    let seen = load.registrations().await?;
    // Two batches in flight: one being written, one ready.
    let (batches, mut ready) = tokio::sync::mpsc::channel::<Vec<EnterpriseBundle>>(1);
    let generator = tokio::task::spawn_blocking(move || {
        let mut c = Candidates { seed, next_index: 0, seen };
        let mut left = n;
        while left > 0 {
            let want = batch.min(left);
            let mut chunk = c.take(want);
            // Written in registration-number order: the unique index on the number (which
            // stays during a load) then takes each statement's rows on neighbouring pages
            // instead of ~400 random ones, which SQLite also copies to the statement
            // journal (BENCHMARKS.md). Ids follow this order within a batch.
            chunk.sort_unstable_by(|a, b| a.data.registration.number().cmp(b.data.registration.number()));
            if batches.blocking_send(chunk).is_err() {
                break; // the load stopped on an error
            }
            left -= want;
        }
    });
    let mut out = Generated::default();
    while let Some(chunk) = ready.recv().await {
        let started = std::time::Instant::now();
        load.insert(&chunk).await?;
        tracing::debug!(
            enterprises = chunk.len(),
            secs = started.elapsed().as_secs_f64(),
            "demo --scale: batch written"
        );
        out.rows +=
            chunk.iter().map(|b| 1 + b.products.len() + b.needs.len() + b.data.certifications.len()).sum::<usize>();
        out.enterprises += chunk.len();
        progress(out.enterprises);
    }
    generator.await.expect("the generator does not panic");
    Ok(out)
}

/// Where the generator stands: the next index to draw and every number drawn so far (or
/// stored before).
struct Candidates {
    seed: u64,
    next_index: usize,
    seen: HashSet<String>,
}

impl Candidates {
    /// The next `want` enterprises whose registration numbers are new.
    fn take(&mut self, want: usize) -> Vec<EnterpriseBundle> {
        let mut chunk = Vec::with_capacity(want);
        while chunk.len() < want {
            let e = bundle(otop_demo::enterprise_at(self.seed, self.next_index));
            self.next_index += 1;
            if self.seen.insert(e.data.registration.number().to_string()) {
                chunk.push(e);
            }
        }
        chunk
    }
}
