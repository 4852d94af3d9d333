//! Short-lived access tokens: HS256 JWTs naming the user, the organisation and the session.

use annex_domain::access::auth::ACCESS_TOKEN_SECONDS;
use annex_domain::{OrgId, UserId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use uuid::Uuid;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user.
    pub sub: UserId,
    /// The organisation the session acts in.
    pub org: OrgId,
    /// The session (refresh-token family); ending it ends the access token too.
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

/// Keys to sign and verify access tokens, derived from the server's secret.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: Arc<EncodingKey>,
    decoding: Arc<DecodingKey>,
}

/// The secret cannot serve as an HMAC key (it is empty).
#[derive(Debug, thiserror::Error)]
#[error("unusable JWT secret: {0}")]
pub struct BadSecret(String);

impl JwtKeys {
    /// Keys from a secret of at least 32 bytes.
    pub fn from_secret(secret: &[u8]) -> Result<JwtKeys, BadSecret> {
        if secret.len() < 32 {
            return Err(BadSecret("it must be at least 32 bytes long".into()));
        }
        Ok(JwtKeys {
            encoding: Arc::new(
                EncodingKey::from_secret(secret).map_err(|e| BadSecret(e.to_string()))?,
            ),
            decoding: Arc::new(
                DecodingKey::from_secret(secret).map_err(|e| BadSecret(e.to_string()))?,
            ),
        })
    }

    /// Signs an access token for a session, valid for [`ACCESS_TOKEN_SECONDS`].
    pub fn issue(
        &self,
        user: UserId,
        org: OrgId,
        session: Uuid,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user,
            org,
            sid: session,
            iat: now,
            exp: now + ACCESS_TOKEN_SECONDS,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The claims of a token this server signed and that has not expired.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_with_their_own_key_only() {
        let keys = JwtKeys::from_secret(&[7; 32]).expect("keys");
        let other = JwtKeys::from_secret(&[8; 32]).expect("keys");
        let (u, o, s) = (
            UserId::from(Uuid::now_v7()),
            OrgId::from(Uuid::now_v7()),
            Uuid::now_v7(),
        );
        let token = keys.issue(u, o, s).expect("token");
        let claims = keys.verify(&token).expect("verifies");
        assert_eq!((claims.sub, claims.org, claims.sid), (u, o, s));
        assert!(other.verify(&token).is_none());
        assert!(keys.verify("not.a.jwt").is_none());
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(JwtKeys::from_secret(b"short").is_err());
    }
}
