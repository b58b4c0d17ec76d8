//! People at partners, over HTTP: invitations, passwords, sign-in, and requests carried by
//! the session cookie with the `Origin` the portal's own pages send.

use crate::{TestApp, send};
use reqwest::RequestBuilder;
use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use serde_json::{Value, json};

/// The password test people choose.
pub const PASSWORD: &str = "correct horse battery staple";

/// A signed-in person: the session cookie and the origin of the pages they use.
#[derive(Debug, Clone)]
pub struct Session {
    pub email: String,
    /// `ph_session=<token>`, as a browser sends it.
    pub cookie: String,
    pub origin: String,
}

/// The `ph_session` cookie a response sets (`name=value`), and the whole header.
pub fn session_cookie(response: &reqwest::Response) -> Option<(String, String)> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("ph_session="))
        .map(|header| {
            let pair = header.split(';').next().unwrap_or_default().to_string();
            (pair, header.to_string())
        })
}

impl TestApp {
    /// The origin of the app's public URL: what its pages send as `Origin`.
    pub fn portal_origin(&self) -> String {
        let url = reqwest::Url::parse(&self.public_url).expect("public URL");
        url.origin().ascii_serialization()
    }

    /// Invites `email` to the partner through the operator API; returns the answer.
    pub async fn invite(&self, partner: i64, email: &str) -> Value {
        let (status, body) = send(self.admin_post(
            &format!("/partners/{partner}/invitations"),
            &json!({"email": email}),
        ))
        .await;
        assert_eq!(status, 201, "{body}");
        body
    }

    /// The invitation link's token (the link names the public URL, not this test's address).
    pub fn invitation_token(invitation: &Value) -> String {
        let url = invitation["url"].as_str().unwrap_or_default();
        url.rsplit('/').next().unwrap_or_default().to_string()
    }

    /// Sets the password through the invitation.
    pub async fn accept_invitation(&self, token: &str, password: &str) -> (u16, Value) {
        send(
            self.client
                .post(self.url(&format!("/app/partners/invitations/{token}")))
                .json(&json!({"password": password})),
        )
        .await
    }

    /// Signs in; the answer and the session cookie it set.
    pub async fn sign_in(&self, email: &str, password: &str) -> (u16, Value, Option<Session>) {
        let request = self
            .client
            .post(self.url("/app/partners/session"))
            .json(&json!({"email": email, "password": password}));
        let (client, request) = request.build_split();
        let response = client
            .execute(request.expect("request"))
            .await
            .expect("sign-in request");
        let cookie = session_cookie(&response).map(|(pair, _)| pair);
        let (status, body) = crate::json_of(response).await;
        crate::contract::check("POST", "/app/partners/session", status, &body.to_string());
        let session = cookie.map(|cookie| Session {
            email: email.to_string(),
            cookie,
            origin: self.portal_origin(),
        });
        (status, body, session)
    }

    /// A person of the partner, invited, with a password, signed in.
    pub async fn person(&self, partner: i64, email: &str) -> Session {
        let invitation = self.invite(partner, email).await;
        let token = Self::invitation_token(&invitation);
        let (status, body) = self.accept_invitation(&token, PASSWORD).await;
        assert_eq!(status, 201, "{body}");
        let (status, body, session) = self.sign_in(email, PASSWORD).await;
        assert_eq!(status, 200, "{body}");
        session.expect("a session cookie")
    }

    /// The request as the portal's pages send it: with the cookie and the portal's origin.
    pub fn as_person(&self, request: RequestBuilder, session: &Session) -> RequestBuilder {
        request
            .header(COOKIE, &session.cookie)
            .header(ORIGIN, &session.origin)
    }

    pub fn session_get(&self, path: &str, session: &Session) -> RequestBuilder {
        self.as_person(self.client.get(self.partner_url(path)), session)
    }

    pub fn session_post(&self, path: &str, session: &Session, body: &Value) -> RequestBuilder {
        self.as_person(self.client.post(self.partner_url(path)).json(body), session)
    }

    pub fn session_patch(&self, path: &str, session: &Session, body: &Value) -> RequestBuilder {
        self.as_person(
            self.client.patch(self.partner_url(path)).json(body),
            session,
        )
    }
}
