//! A resource that knows its methods: any other method gets a JSON 405 whose `Allow` header
//! lists the ones it serves.

use super::fallback::error_body;
use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::http::header::ALLOW;
use actix_web::{FromRequest, Handler, HttpResponse, Resource, Responder, Route, web};

pub struct Endpoint {
    resource: Resource,
    allowed: Vec<&'static str>,
}

impl Endpoint {
    pub fn new(path: &str) -> Self {
        Self {
            resource: web::resource(path),
            allowed: Vec::new(),
        }
    }

    fn route(mut self, method: &'static str, route: Route) -> Self {
        self.allowed.push(method);
        self.resource = self.resource.route(route);
        self
    }
}

macro_rules! method {
    ($name:ident, $route:ident, $label:literal) => {
        impl Endpoint {
            pub fn $name<F, Args>(self, handler: F) -> Self
            where
                F: Handler<Args>,
                Args: FromRequest + 'static,
                F::Output: Responder + 'static,
            {
                self.route($label, web::$route().to(handler))
            }
        }
    };
}

method!(get, get, "GET");
method!(post, post, "POST");
method!(put, put, "PUT");
method!(patch, patch, "PATCH");
method!(delete, delete, "DELETE");
method!(head, head, "HEAD");

impl HttpServiceFactory for Endpoint {
    fn register(self, config: &mut AppService) {
        let allow = self.allowed.join(", ");
        self.resource
            .default_service(web::to(move || method_not_allowed(allow.clone())))
            .register(config);
    }
}

async fn method_not_allowed(allow: String) -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((ALLOW, allow))
        .json(error_body("Method not allowed"))
}
