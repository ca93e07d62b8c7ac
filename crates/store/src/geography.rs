//! The official geography, copied from the embedded dataset into tables so that reports
//! and other systems can join on it.

use sqlx::Connection;

use crate::{Result, Store};

impl Store {
    /// Loads provinces, districts and subdistricts unless they are already there.
    pub async fn seed_geography(&self) -> Result<bool> {
        let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM provinces").fetch_one(&self.pool).await?;
        if have > 0 {
            return Ok(false);
        }
        let g = otop_geo::geography();
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        for p in g.provinces() {
            sqlx::query("INSERT INTO provinces (code, name_th, name_en, region) VALUES ($1, $2, $3, $4)")
                .bind(p.code as i64)
                .bind(p.name_th.to_string())
                .bind(p.name_en.to_string())
                .bind(p.region.code())
                .execute(&mut *tx)
                .await?;
        }
        for chunk in g.districts().chunks(200) {
            let mut q = crate::sql::Sql::new(
                self.backend,
                "INSERT INTO districts (code, province_code, name_th, name_en) VALUES ",
            );
            for (i, d) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.push("(").bind(d.code as i64).push(", ").bind(d.province_code as i64);
                q.push(", ").bind(d.name_th.to_string()).push(", ").bind(d.name_en.to_string()).push(")");
            }
            q.query().execute(&mut *tx).await?;
        }
        for chunk in g.subdistricts().chunks(200) {
            let mut q = crate::sql::Sql::new(
                self.backend,
                "INSERT INTO subdistricts (code, district_code, name_th, name_en, postal_codes) VALUES ",
            );
            for (i, s) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.push("(").bind(s.code as i64).push(", ").bind(s.district_code as i64);
                q.push(", ").bind(s.name_th.to_string()).push(", ").bind(s.name_en.to_string());
                q.push(", ").bind(s.postal_codes.join(",")).push(")");
            }
            q.query().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
