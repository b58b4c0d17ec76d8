use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use std::time::Duration;

/// What the listener hears.
pub enum Heard<'a> {
    /// A NOTIFY payload on the channel.
    Payload(&'a str),
    /// The connection was (re)established: anything cached before may be stale.
    Resubscribed,
}

/// Listens on `channel` for as long as the task lives, reconnecting after failures.
pub async fn listen_forever(
    database_url: String,
    channel: &'static str,
    mut on: impl FnMut(Heard<'_>),
) {
    loop {
        if let Err(error) = listen_once(&database_url, channel, &mut on).await {
            tracing::warn!(%error, channel, "notification listener lost its connection; reconnecting");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn listen_once(
    database_url: &str,
    channel: &'static str,
    on: &mut impl FnMut(Heard<'_>),
) -> Result<(), String> {
    let mut conn = AsyncPgConnection::establish(database_url)
        .await
        .map_err(|error| error.to_string())?;
    diesel::sql_query(format!("LISTEN {channel}"))
        .execute(&mut conn)
        .await
        .map_err(|error| error.to_string())?;
    on(Heard::Resubscribed);
    let mut notifications = std::pin::pin!(conn.notifications_stream());
    while let Some(notification) = notifications.next().await {
        let notification = notification.map_err(|error| error.to_string())?;
        on(Heard::Payload(&notification.payload));
    }
    Err("notification stream ended".to_string())
}
