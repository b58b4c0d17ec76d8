use crate::WorkerSettings;
use crate::guard::PublicOnlyResolver;
use reqwest::Client;
use reqwest::redirect::Policy;
use std::sync::Arc;
use std::time::Duration;

/// One client per worker, so connections to each receiver are kept alive and reused.
pub fn build(settings: &WorkerSettings) -> Result<Client, reqwest::Error> {
    let mut builder = Client::builder()
        .user_agent(concat!("PartnerHub-Webhooks/", env!("CARGO_PKG_VERSION")))
        .redirect(Policy::none())
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
        .pool_idle_timeout(Duration::from_secs(60))
        .tcp_nodelay(true);
    if !settings.allow_private {
        builder = builder
            .https_only(true)
            .dns_resolver(Arc::new(PublicOnlyResolver));
    }
    builder.build()
}
