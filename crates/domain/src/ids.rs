//! Typed ids for what crosses layers — organisations, people, spaces and items — so that swapping
//! two ids in a call no longer compiles. Each is a UUID underneath: the same JSON string
//! (serde-transparent), the same OpenAPI schema (a `uuid`-format string) and, with the `diesel`
//! feature the store turns on, the same stored text, so the API and the database do not change.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Declares one id newtype with everything the layers need of it (one macro, so every id behaves
/// alike).
macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow))]
        #[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
        pub struct $name(Uuid);

        impl $name {
            /// The id of the record with this UUID.
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The UUID underneath, for the API's response shapes (which carry plain UUIDs).
            pub const fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl PartialEq<Uuid> for $name {
            fn eq(&self, other: &Uuid) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for Uuid {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(text).map(Self)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                uuid_schema()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        #[cfg(feature = "diesel")]
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.0.to_string());
                Ok(diesel::serialize::IsNull::No)
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                use std::io::Write;
                let mut text = uuid::Uuid::encode_buffer();
                out.write_all(self.0.hyphenated().encode_lower(&mut text).as_bytes())?;
                Ok(diesel::serialize::IsNull::No)
            }
        }

        #[cfg(feature = "diesel")]
        impl<B> diesel::deserialize::FromSql<diesel::sql_types::Text, B> for $name
        where
            B: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, B>,
        {
            fn from_sql(bytes: B::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = String::from_sql(bytes)?;
                // Ids are written only by Annex: one that is not a UUID is a corrupted row.
                Uuid::parse_str(&text)
                    .map(Self)
                    .map_err(|_| format!("stored id `{text}` is not a UUID").into())
            }
        }
    };
}

typed_id!(
    /// An organisation: the tenant every read and write is confined to.
    OrgId
);
typed_id!(
    /// A person's account (the same id in every organisation they belong to).
    UserId
);
typed_id!(
    /// A space: a tracker, project, register or cluster's home for items.
    SpaceId
);
typed_id!(
    /// An item in a space: a control, policy, risk, action, record…
    ItemId
);

/// What every id is in the OpenAPI document: a string in UUID format.
#[cfg(feature = "openapi")]
fn uuid_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_uuid_in_json_and_text() {
        let uuid = Uuid::new_v4();
        let id = ItemId::from(uuid);
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            serde_json::to_string(&uuid).unwrap()
        );
        assert_eq!(id.to_string(), uuid.to_string());
        assert_eq!(id.to_string().parse::<ItemId>().unwrap(), id);
        let back: ItemId = serde_json::from_str(&format!("\"{uuid}\"")).unwrap();
        assert_eq!(back, id);
        assert!("not-an-id".parse::<OrgId>().is_err());
        assert!(serde_json::from_str::<UserId>("\"nope\"").is_err());
    }
}
