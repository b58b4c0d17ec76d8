use crate::caches::{CACHE_CHANNEL, on_notification};
use crate::error::ApiError;
use crate::middleware::{
    cors, headers, metrics as request_metrics, request_id, request_log, unstorable,
};
use crate::state::{ApiSettings, AppState};
use crate::{metrics, routes};
use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use partnerhub_persistence::listener::listen_forever;
use partnerhub_persistence::{DbPool, Doorbell, connect_pool};
use std::net::TcpListener;

/// The API server, bound and ready to run (binding port 0 picks a free port, as tests do).
pub struct Application {
    server: Server,
    state: web::Data<AppState>,
    port: u16,
    metrics_port: Option<u16>,
}

impl Application {
    pub fn build(
        bind_address: &str,
        database_url: &str,
        pool: DbPool,
        settings: ApiSettings,
        doorbell: Doorbell,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(bind_address)?;
        Self::build_on(listener, database_url, pool, settings, doorbell)
    }

    /// As [`Application::build`], on a socket already bound (so its port can be part of the
    /// settings, as the public URL of a test).
    pub fn build_on(
        listener: TcpListener,
        database_url: &str,
        pool: DbPool,
        settings: ApiSettings,
        doorbell: Doorbell,
    ) -> std::io::Result<Self> {
        metrics::install();
        let port = listener.local_addr()?.port();
        let metrics_listener = settings
            .metrics_bind
            .as_deref()
            .map(TcpListener::bind)
            .transpose()?;
        let metrics_port = metrics_listener
            .as_ref()
            .map(|listener| listener.local_addr().map(|address| address.port()))
            .transpose()?;
        let state = web::Data::new(AppState::new(pool, settings, doorbell));
        state.register_pool(&state.pool);

        let (partners, funding_types) = (state.partners.clone(), state.funding_types.clone());
        let listen_url = state.settings.listen_url.as_deref().unwrap_or(database_url);
        tokio::spawn(listen_forever(
            listen_url.to_owned(),
            CACHE_CHANNEL,
            move |heard| on_notification(&partners, &funding_types, heard),
        ));

        if let Some(listener) = metrics_listener {
            let metrics_state = state.clone();
            let metrics_server = HttpServer::new(move || {
                App::new()
                    .app_data(metrics_state.clone())
                    .route("/metrics", web::get().to(metrics::render))
                    .default_service(web::to(routes::not_found))
            })
            .workers(1)
            .listen(listener)?
            .run();
            tokio::spawn(metrics_server);
        }

        let serve_metrics_here = metrics_port.is_none();
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let per_worker = (state.pool.status().max_size / workers).max(2);
        let (shared, url) = (state.clone(), database_url.to_owned());
        let state_after = state.clone();
        let server =
            HttpServer::new(move || {
                // Runs on each worker's own runtime: the pool's connections live there too.
                let worker_pool =
                    connect_pool(&url, per_worker).unwrap_or_else(|_| shared.pool.clone());
                shared.register_pool(&worker_pool);
                let app_state = web::Data::new(shared.with_pool(worker_pool));
                App::new()
                    .wrap(from_fn(unstorable::refuse))
                    .wrap(from_fn(cors::allow))
                    .wrap(from_fn(request_metrics::record))
                    .wrap(from_fn(request_log::record))
                    .wrap(from_fn(request_id::assign))
                    .wrap(from_fn(headers::secure))
                    .app_data(app_state.clone())
                    // A path segment of the wrong type (`/partners/abc`) is a missing resource.
                    .app_data(web::PathConfig::default().error_handler(|_, _| {
                        ApiError::new(StatusCode::NOT_FOUND, "Not found").into()
                    }))
                    .configure(|config| routes::configure(config, serve_metrics_here))
                    .default_service(web::to(routes::not_found))
            })
            .workers(workers)
            .listen(listener)?
            .run();
        Ok(Self {
            server,
            state: state_after,
            port,
            metrics_port,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port `/metrics` is served on when it has an address of its own.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    /// Serves until SIGTERM or SIGINT; in-flight requests finish (actix's graceful stop),
    /// then every queued click is stored and unused leased quota is given back.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.state.clicks.stop().await;
        self.state.limits.give_back(&self.state.pool).await;
        tracing::info!("stopped");
        served
    }

    pub fn into_server(self) -> Server {
        self.server
    }
}
