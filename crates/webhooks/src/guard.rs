//! The delivery-time half of the SSRF guard: names resolve only to public addresses.

use partnerhub_domain::webhooks::is_public_address;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;

/// Resolves with the system resolver, then drops every address that is not public; a name
/// left with none fails, so a name that points at 127.0.0.1 is never connected to.
pub struct PublicOnlyResolver;

#[derive(Debug, thiserror::Error)]
#[error("{0} resolves to no public address")]
struct NoPublicAddress(String);

impl Resolve for PublicOnlyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = resolved
                .filter(|address| is_public_address(address.ip()))
                .collect();
            if public.is_empty() {
                return Err(Box::new(NoPublicAddress(host)) as _);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_name_resolving_only_to_loopback_is_refused() {
        let name: Name = "localhost".parse().expect("a valid name");
        let refused = PublicOnlyResolver.resolve(name).await;
        let error = refused.err().map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some("localhost resolves to no public address")
        );
    }
}
