//! What people do together on an item — to-dos, discussions and the notifications they caused —
//! taken away with it when the item is deleted.

use crate::connection::DbConnection;
use crate::error::StoreResult;
use annex_domain::ItemId;

/// Removes every to-do, discussion, post and notification of an item that is being deleted.
pub fn clear(conn: &mut DbConnection, item: ItemId) -> StoreResult<()> {
    crate::events::notifications::clear(conn, item)?;
    crate::work::todos::clear(conn, item)?;
    crate::work::discussions::clear(conn, item)?;
    Ok(())
}
