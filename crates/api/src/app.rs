use crate::caches::{CACHE_CHANNEL, on_notification};
use crate::error::ApiError;
use crate::routes;
use crate::state::{ApiSettings, AppState};
use actix_web::dev::{Server, Service};
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{App, HttpMessage, HttpServer, web};
use partnerhub_persistence::listener::listen_forever;
use partnerhub_persistence::{DbPool, Doorbell, connect_pool};
use std::net::TcpListener;
use tracing_actix_web::{RequestId, TracingLogger};

/// The API server, bound and ready to run (binding port 0 picks a free port, as tests do).
pub struct Application {
    server: Server,
    port: u16,
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
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState::new(pool, settings, doorbell));

        let (partners, funding_types) = (state.partners.clone(), state.funding_types.clone());
        tokio::spawn(listen_forever(
            database_url.to_owned(),
            CACHE_CHANNEL,
            move |heard| on_notification(&partners, &funding_types, heard),
        ));

        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let per_worker = (state.pool.status().max_size / workers).max(2);
        let (shared, url) = (state.clone(), database_url.to_owned());
        let server =
            HttpServer::new(move || {
                // Runs on each worker's own runtime: the pool's connections live there too.
                let worker_pool =
                    connect_pool(&url, per_worker).unwrap_or_else(|_| shared.pool.clone());
                let app_state = web::Data::new(shared.with_pool(worker_pool));
                App::new()
                    .wrap_fn(|request, service| {
                        let request_id = request
                            .extensions()
                            .get::<RequestId>()
                            .map(|id| id.to_string());
                        let response = service.call(request);
                        async move {
                            let mut response = response.await?;
                            if let Some(value) =
                                request_id.and_then(|id| HeaderValue::from_str(&id).ok())
                            {
                                response
                                    .headers_mut()
                                    .insert(HeaderName::from_static("x-request-id"), value);
                            }
                            Ok(response)
                        }
                    })
                    .wrap(TracingLogger::default())
                    .app_data(app_state.clone())
                    // A path segment of the wrong type (`/partners/abc`) is a missing resource.
                    .app_data(web::PathConfig::default().error_handler(|_, _| {
                        ApiError::new(StatusCode::NOT_FOUND, "Not found").into()
                    }))
                    .configure(routes::configure)
                    .default_service(web::to(routes::not_found))
            })
            .workers(workers)
            .listen(listener)?
            .run();
        Ok(Self { server, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    pub fn into_server(self) -> Server {
        self.server
    }
}
