//! The demo set (providers, services, enterprises) and generated data at scale.

use std::collections::{HashMap, HashSet};

use otop_demo::DemoEnterprise;
use otop_store::bulk::EnterpriseBundle;
use otop_store::{Actor, Store, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct Loaded {
    pub providers: usize,
    pub services: usize,
    pub enterprises: usize,
}

impl std::fmt::Display for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ผู้ให้บริการ {} แห่ง, บริการ {} รายการ, ผู้ประกอบการ {} ราย / {} providers, {} services, {} enterprises",
            self.providers, self.services, self.enterprises, self.providers, self.services, self.enterprises
        )
    }
}

/// Loads providers with their units, their services, the base enterprises and a demo
/// account for every role.
pub async fn load_base(store: &Store) -> Result<Loaded, StoreError> {
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
    for s in &services {
        let mut data = s.data.clone();
        // The demo crate's tests prove every service names a provider that exists.
        data.provider_id = provider_ids[&s.provider_key];
        data.unit_id = s.unit.as_ref().and_then(|u| unit_ids.get(&(s.provider_key.clone(), u.clone())).copied());
        store.create_service(&actor, &data).await?;
    }
    let bundles: Vec<EnterpriseBundle> = otop_demo::base_enterprises().map(bundle).collect();
    store.insert_bundles(&actor, &bundles, false).await?;
    crate::demo_accounts::load_accounts(store).await?;
    Ok(Loaded { providers: providers.len(), services: services.len(), enterprises: bundles.len() })
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

/// Generates `n` enterprises (with products and needs) in batches of `batch`, each batch
/// one transaction; `progress(done)` after each. The generator draws registration numbers
/// at random, as they are in life, so a number already used (in this run or in the
/// database) is skipped and the next generated enterprise takes its place: the result is
/// still exactly `n` enterprises and the same for the same `n` and `seed`.
///
/// The next batch is generated on a blocking thread while the current one is written, so
/// the generator's time hides behind the database's.
pub async fn generate(
    store: &Store,
    n: usize,
    seed: u64,
    batch: usize,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Generated, StoreError> {
    let actor = Actor::new("demo --scale");
    let batch = batch.max(1);
    let mut out = Generated::default();
    let mut next = Candidates { seed, next_index: 0, seen: HashSet::with_capacity(n) };
    let mut pending = spawn_candidates(next, batch.min(n));
    while out.enterprises < n {
        let (mut chunk, state) = pending.await.expect("the generator does not panic");
        next = state;
        let numbers: Vec<String> = chunk.iter().map(|b| b.data.registration.number().to_string()).collect();
        let taken = store.existing_registrations(&numbers).await?;
        chunk.retain(|b| !taken.contains(b.data.registration.number()));
        chunk.truncate(n - out.enterprises);
        let after = n - out.enterprises - chunk.len();
        pending = spawn_candidates(next, batch.min(after));
        out.rows +=
            chunk.iter().map(|b| 1 + b.products.len() + b.needs.len() + b.data.certifications.len()).sum::<usize>();
        store.insert_bundles(&actor, &chunk, false).await?;
        out.enterprises += chunk.len();
        progress(out.enterprises);
    }
    Ok(out)
}

/// Where the generator stands: the next index to draw and every number drawn so far.
struct Candidates {
    seed: u64,
    next_index: usize,
    seen: HashSet<String>,
}

fn spawn_candidates(mut c: Candidates, want: usize) -> tokio::task::JoinHandle<(Vec<EnterpriseBundle>, Candidates)> {
    tokio::task::spawn_blocking(move || {
        let mut chunk = Vec::with_capacity(want);
        while chunk.len() < want {
            let e = bundle(otop_demo::enterprise_at(c.seed, c.next_index));
            c.next_index += 1;
            if c.seen.insert(e.data.registration.number().to_string()) {
                chunk.push(e);
            }
        }
        (chunk, c)
    })
}
