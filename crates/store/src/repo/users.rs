use crate::sql::Conn;
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub password_hash: String,
}

pub fn insert(c: &mut dyn Conn, u: &User, now: i64) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO users (id, email, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
        params![&u.id, &u.email, &u.password_hash, now],
    )?;
    Ok(())
}

pub fn by_email(c: &mut dyn Conn, email: &str) -> Result<Option<User>, StoreError> {
    let row = c.query_opt(
        "SELECT id, email, password_hash FROM users WHERE email = $1",
        params![email],
    )?;
    row.map(|r| {
        Ok(User {
            id: r.text(0)?,
            email: r.text(1)?,
            password_hash: r.text(2)?,
        })
    })
    .transpose()
}

pub fn set_password(
    c: &mut dyn Conn,
    user_id: &str,
    hash: &str,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
        params![user_id, hash, now],
    )?;
    Ok(())
}

/// Adds or changes the user's role in a shop.
pub fn set_membership(
    c: &mut dyn Conn,
    shop_id: &str,
    user_id: &str,
    role: &str,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO memberships (shop_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (shop_id, user_id) DO UPDATE SET role = excluded.role",
        params![shop_id, user_id, role, now],
    )?;
    Ok(())
}

pub fn role_in(
    c: &mut dyn Conn,
    shop_id: &str,
    user_id: &str,
) -> Result<Option<String>, StoreError> {
    c.query_opt(
        "SELECT role FROM memberships WHERE shop_id = $1 AND user_id = $2",
        params![shop_id, user_id],
    )?
    .map(|r| r.text(0))
    .transpose()
}

/// The shops a user belongs to, with the role in each.
pub fn memberships(c: &mut dyn Conn, user_id: &str) -> Result<Vec<(String, String)>, StoreError> {
    c.query(
        "SELECT shop_id, role FROM memberships WHERE user_id = $1 ORDER BY created_at, shop_id",
        params![user_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.text(1)?)))
    .collect()
}

/// A user by id, with their admin language.
pub fn get(c: &mut dyn Conn, id: &str) -> Result<Option<(User, Option<String>)>, StoreError> {
    c.query_opt(
        "SELECT id, email, password_hash, locale FROM users WHERE id = $1",
        params![id],
    )?
    .map(|r| {
        Ok((
            User {
                id: r.text(0)?,
                email: r.text(1)?,
                password_hash: r.text(2)?,
            },
            r.opt_text(3)?,
        ))
    })
    .transpose()
}

pub fn set_locale(c: &mut dyn Conn, user_id: &str, locale: &str) -> Result<(), StoreError> {
    c.execute(
        "UPDATE users SET locale = $2 WHERE id = $1",
        params![user_id, locale],
    )?;
    Ok(())
}

/// The shop's people: (user id, email, role), owners first.
pub fn members(
    c: &mut dyn Conn,
    shop_id: &str,
) -> Result<Vec<(String, String, String)>, StoreError> {
    c.query(
        "SELECT u.id, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.shop_id = $1 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'agent' THEN 1 ELSE 2 END, u.email",
        params![shop_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.text(1)?, r.text(2)?)))
    .collect()
}

pub fn remove_membership(
    c: &mut dyn Conn,
    shop_id: &str,
    user_id: &str,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "DELETE FROM memberships WHERE shop_id = $1 AND user_id = $2",
        params![shop_id, user_id],
    )? == 1)
}
