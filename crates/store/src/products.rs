//! Products of an enterprise.

use otop_domain::access::EnterpriseScope;
use otop_domain::{Category, Product, ProductData, Satang, Stars};
use sqlx::any::AnyRow;
use sqlx::{Connection, Row};

use crate::audit::{json, record};
use crate::codec::corrupt;
use crate::enterprises::push_scope;
use crate::sql::Sql;
use crate::{Actor, Result, Store, StoreError};

const COLUMNS: &str = "id, enterprise_id, name, category, description, stars, price_satang";

impl Store {
    pub async fn create_product(&self, actor: &Actor, data: &ProductData) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let now = crate::now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO products (enterprise_id, name, category, description, stars, price_satang, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(data.enterprise_id)
        .bind(data.name.clone())
        .bind(data.category.code())
        .bind(data.description.clone())
        .bind(data.stars.map(|s| s.get() as i64))
        .bind(data.price.map(|p| p.0))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        record(&mut *tx, actor, "create", "product", Some(id), None, Some(json(data))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_product(&self, actor: &Actor, id: i64, data: &ProductData) -> Result<()> {
        let before = self.product(id).await?;
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        sqlx::query(
            "UPDATE products SET name = $1, category = $2, description = $3, stars = $4, price_satang = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(data.name.clone())
        .bind(data.category.code())
        .bind(data.description.clone())
        .bind(data.stars.map(|s| s.get() as i64))
        .bind(data.price.map(|p| p.0))
        .bind(crate::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        record(&mut *tx, actor, "update", "product", Some(id), Some(json(&before.data)), Some(json(data))).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn product(&self, id: i64) -> Result<Product> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM products WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        product_from_row(&row)
    }

    pub async fn products_of(&self, enterprise_id: i64) -> Result<Vec<Product>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM products WHERE enterprise_id = $1 ORDER BY id"
        )))
        .bind(enterprise_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(product_from_row).collect()
    }

    /// All products in id order, a page at a time (for exports).
    /// Products after `after_id` of the enterprises `scope` covers, for exports.
    pub async fn products_after(&self, scope: &EnterpriseScope, after_id: i64, limit: i64) -> Result<Vec<Product>> {
        let mut q = Sql::new(self.backend, &format!("SELECT {COLUMNS} FROM products WHERE id > "));
        q.bind(after_id);
        push_scope(&mut q, scope, "enterprise_id");
        q.push(" ORDER BY id LIMIT ").bind(limit);
        let rows = q.query().fetch_all(&self.pool).await?;
        rows.iter().map(product_from_row).collect()
    }
}

fn product_from_row(r: &AnyRow) -> Result<Product> {
    let category: String = r.get("category");
    let stars: Option<i64> = r.get("stars");
    let price: Option<i64> = r.get("price_satang");
    Ok(Product {
        id: r.get("id"),
        data: ProductData {
            enterprise_id: r.get("enterprise_id"),
            name: r.get("name"),
            category: Category::parse(&category).ok_or_else(|| corrupt("category", &category))?,
            description: r.get("description"),
            stars: stars.and_then(|s| Stars::new(s as u8)),
            price: price.map(Satang),
        },
    })
}
