//! The reference `scripts/bench.sh` measures validate against: a hello-world actix-web JSON
//! handler on the same runtime settings (one worker per core) that reads the JSON body and
//! answers a small JSON object.
//! Run: `cargo run --release -p partnerhub-api --example hello_json -- 127.0.0.1:8190`

use actix_web::{App, HttpResponse, HttpServer, web};
use serde_json::{Value, json};

async fn hello(body: web::Json<Value>) -> HttpResponse {
    HttpResponse::Ok()
        .json(json!({ "hello": "world", "fields": body.as_object().map_or(0, |o| o.len()) }))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8190".to_string());
    HttpServer::new(|| App::new().route("/hello", web::post().to(hello)))
        .bind(address)?
        .run()
        .await
}
