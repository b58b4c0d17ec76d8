//! The insert of a batch of clicks and their first history rows: one statement whose text
//! is the same for every batch (each column is one array), so it is prepared once per
//! connection instead of parsed with 17 bind values a click.

use super::NewClick;
use crate::prepared::Statement;
use chrono::{DateTime, Utc};
use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::AstPass;
use diesel::sql_types::{Array, BigInt, Bytea, Nullable, Text, Timestamptz};

pub(super) struct InsertClicks<'a> {
    ids: Vec<i64>,
    partners: Vec<i64>,
    at: Vec<DateTime<Utc>>,
    visitors: Vec<Option<&'a [u8]>>,
    utm: [Vec<Option<&'a str>>; 5],
    actor: &'a str,
}

impl<'a> InsertClicks<'a> {
    pub(super) fn new(clicks: &[&'a NewClick], actor: &'a str) -> Self {
        let column = |of: fn(&'a NewClick) -> Option<&'a str>| -> Vec<Option<&'a str>> {
            clicks.iter().map(|click| of(click)).collect()
        };
        Self {
            ids: clicks.iter().map(|click| click.id.get()).collect(),
            partners: clicks.iter().map(|click| click.partner.get()).collect(),
            at: clicks.iter().map(|click| click.at).collect(),
            visitors: clicks
                .iter()
                .map(|click| click.visitor.as_ref().map(|hash| &hash[..]))
                .collect(),
            utm: [
                column(|click| click.utm.source.as_deref()),
                column(|click| click.utm.medium.as_deref()),
                column(|click| click.utm.campaign.as_deref()),
                column(|click| click.utm.term.as_deref()),
                column(|click| click.utm.content.as_deref()),
            ],
            actor,
        }
    }
}

impl Statement for InsertClicks<'_> {
    type Key = InsertClicks<'static>;

    fn write<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "WITH stored AS (INSERT INTO leads (id, partner_id, referral_type, stage, created_at, \
               updated_at, visitor_hash, utm_source, utm_medium, utm_campaign, utm_term, \
               utm_content) \
             SELECT id, partner, 'traffic', 'click', at, at, visitor, source, medium, campaign, \
               term, content FROM unnest(",
        );
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.partners)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Timestamptz>, _>(&self.at)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Bytea>>, _>(&self.visitors)?;
        for values in &self.utm {
            out.push_sql(", ");
            out.push_bind_param::<Array<Nullable<Text>>, _>(values)?;
        }
        out.push_sql(
            ") AS click (id, partner, at, visitor, source, medium, campaign, term, content) \
             RETURNING id, created_at) \
             INSERT INTO lead_status_history (lead_id, to_stage, actor, forced, created_at) \
             SELECT id, 'click', ",
        );
        out.push_bind_param::<Text, _>(self.actor)?;
        out.push_sql(", false, created_at FROM stored");
        Ok(())
    }
}
