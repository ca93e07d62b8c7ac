//! Headline counts for the home page and the start-up banner.

use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store};

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub enterprises: i64,
    pub provinces_with_enterprises: i64,
    pub products: i64,
    pub providers: i64,
    pub services: i64,
    pub open_needs: i64,
}

impl Store {
    pub async fn counts(&self) -> Result<Counts> {
        let r = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM enterprises) AS enterprises, \
             (SELECT COUNT(DISTINCT province_code) FROM enterprises) AS provinces, \
             (SELECT COUNT(*) FROM products) AS products, \
             (SELECT COUNT(*) FROM providers) AS providers, \
             (SELECT COUNT(*) FROM services WHERE active = 1) AS services, \
             (SELECT COUNT(*) FROM needs WHERE status = 'open') AS open_needs",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            enterprises: r.get("enterprises"),
            provinces_with_enterprises: r.get("provinces"),
            products: r.get("products"),
            providers: r.get("providers"),
            services: r.get("services"),
            open_needs: r.get("open_needs"),
        })
    }

    /// True when the registry has never been filled (no providers and no enterprises).
    pub async fn is_empty(&self) -> Result<bool> {
        let c = self.counts().await?;
        Ok(c.enterprises == 0 && c.providers == 0)
    }
}
