use crate::sql::{Conn, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Customer {
    pub id: String,
    pub shop_id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
    pub birthday: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, shop_id, email, phone, first_name, last_name, locale, time_zone, birthday, created_at, updated_at";

fn from_row(r: &Row) -> Result<Customer, StoreError> {
    Ok(Customer {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        email: r.opt_text(2)?,
        phone: r.opt_text(3)?,
        first_name: r.opt_text(4)?,
        last_name: r.opt_text(5)?,
        locale: r.opt_text(6)?,
        time_zone: r.opt_text(7)?,
        birthday: r.opt_text(8)?,
        created_at: r.int(9)?,
        updated_at: r.int(10)?,
    })
}

/// Creates the customer with this email, or fills in what the new data adds (a field the new data
/// leaves empty keeps its stored value). Returns the customer's id.
pub fn upsert_by_email(c: &mut dyn Conn, cu: &Customer) -> Result<String, StoreError> {
    let row = c.query_one(
        "INSERT INTO customers (id, shop_id, email, phone, first_name, last_name, locale, time_zone, birthday, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (shop_id, email) DO UPDATE SET \
           phone = COALESCE(excluded.phone, customers.phone), \
           first_name = COALESCE(excluded.first_name, customers.first_name), \
           last_name = COALESCE(excluded.last_name, customers.last_name), \
           locale = COALESCE(excluded.locale, customers.locale), \
           time_zone = COALESCE(excluded.time_zone, customers.time_zone), \
           birthday = COALESCE(excluded.birthday, customers.birthday), \
           updated_at = excluded.updated_at \
         RETURNING id",
        params![&cu.id, &cu.shop_id, &cu.email, &cu.phone, &cu.first_name, &cu.last_name, &cu.locale, &cu.time_zone, &cu.birthday, cu.updated_at],
    )?;
    row.text(0)
}

pub fn get(c: &mut dyn Conn, shop_id: &str, id: &str) -> Result<Option<Customer>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM customers WHERE shop_id = $1 AND id = $2"),
        params![shop_id, id],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub fn by_email(
    c: &mut dyn Conn,
    shop_id: &str,
    email: &str,
) -> Result<Option<Customer>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM customers WHERE shop_id = $1 AND email = $2"),
        params![shop_id, email],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}
